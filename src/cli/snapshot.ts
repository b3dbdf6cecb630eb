/**
 * `ipvstop snapshot [-o FILE] [--anonymize]`: one archive an on-call engineer attaches to the
 * incident ticket (docs/snapshot.md). Root only. The file is created first (so a name that exists
 * is refused before anything is read), then every part is read, each on its own (one that fails is
 * said in the manifest and on stderr, and the others are still taken), then the archive is written.
 * Its path is printed on stdout.
 */
import { hostname, release } from 'node:os';
import { basename } from 'node:path';
import { errorLine } from '../errors.js';
import { Anonymizer } from '../output/anonymize.js';
import { formatManifest, type PartOutcome } from '../output/snapshot.js';
import type { SnapshotTaken } from '../state/monitorSnapshot.js';
import type { Io } from './program.js';
import { type ArchiveFile, openArchive } from './snapshotArchive.js';
import type { SnapshotFlags } from './snapshotArgs.js';
import { CONN_CAP, type ConnCount, type Part, snapshotParts, TableRead } from './snapshotParts.js';
import { VERSION } from './version.js';

/** One part once read: what it wrote, when it did. */
interface Taken {
  outcome: PartOutcome;
  text?: string | Buffer;
}

/** `20261205T031207Z`. */
const stamp = (ms: number): string =>
  new Date(ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');

/** A host name as a piece of a file name: nothing but letters, digits, `.`, `_` and `-`. */
const fileSafe = (name: string): string => name.replace(/[^A-Za-z0-9._-]/g, '_') || 'unknown';

/** The archive's top directory: its file name without `.tar.gz` (or `.tgz`), else the default name's. */
function topDirectory(path: string, fallback: string): string {
  const stem = basename(path).replace(/\.(tar\.gz|tgz)$/, '');
  return stem === '' || stem === '.' || stem === '..' ? fallback : stem;
}

async function take(part: Part): Promise<Taken> {
  const outcome = (status: PartOutcome['status'], note: string | null, text?: string | Buffer): Taken => ({
    outcome: { file: part.file, status, bytes: text === undefined ? 0 : Buffer.byteLength(text), note },
    ...(text !== undefined && { text }),
  });
  try {
    const r = await part.read();
    if ('absent' in r) return outcome('absent', r.absent);
    return outcome(r.partial ? 'partial' : 'ok', r.partial ?? null, r.text);
  } catch (e) {
    return outcome('failed', errorLine(e));
  }
}

/** The names to hide: this host's, and the HA peers' that heartbeat names (keepalived names none). */
async function hostNames(table: TableRead): Promise<string[]> {
  const hb = await table
    .list()
    .then(({ r }) => r.reading.heartbeat)
    .catch(() => undefined);
  return [hostname(), ...(hb ? [hb.localNode, ...(hb.cf?.nodes ?? []), ...hb.status.nodes.map((n) => n.name)] : [])];
}

/** Every part read, one after the other (each says what it read; together they are a few seconds). */
async function takeAll(
  table: TableRead,
  f: SnapshotFlags,
  extra: readonly Part[],
): Promise<{ taken: Taken[]; conns: ConnCount | undefined }> {
  let conns: ConnCount | undefined;
  const taken: Taken[] = [];
  for (const part of [...snapshotParts(table, f.historyDir, (c) => (conns = c)), ...extra])
    taken.push(await take(part));
  return { taken, conns };
}

/** The archive's files: every part written, and the manifest; all through `hide` (the anonymizer, or as they are). */
function archiveFiles(taken: Taken[], conns: ConnCount | undefined, takenAt: number, anon: Anonymizer | undefined) {
  const hide = (text: string) => anon?.text(text) ?? text;
  // Bytes (the monitor's history) are never in an anonymized archive: the monitor's key does not anonymize.
  const files: ArchiveFile[] = taken.flatMap((t) =>
    t.text === undefined ? [] : [{ name: t.outcome.file, text: typeof t.text === 'string' ? hide(t.text) : t.text }],
  );
  const parts = taken.map((t) => ({ ...t.outcome, note: t.outcome.note && hide(t.outcome.note) }));
  const manifest = formatManifest({
    host: anon ? anon.hostName(hostname()) : hostname(),
    kernel: release(),
    takenAt,
    version: VERSION,
    anonymized: anon ? anon.counts() : null,
    connections: conns ? { ...conns, cap: CONN_CAP } : null,
    parts,
  });
  return [...files, { name: 'manifest.json', text: hide(manifest) }];
}

/** One line per reason parts failed, naming them (IPVS absent fails every part that reads the table). */
function failedLines(taken: Taken[], anon: Anonymizer | undefined): string[] {
  const byWhy = new Map<string, string[]>();
  for (const { outcome } of taken.filter((t) => t.outcome.status === 'failed')) {
    const why = anon?.text(outcome.note ?? '') ?? outcome.note ?? '';
    byWhy.set(why, [...(byWhy.get(why) ?? []), outcome.file]);
  }
  return [...byWhy].map(([why, files]) => `not taken: ${files.join(', ')}: ${why}`);
}

/** Reads every part (`extra` after the others) and writes the archive; says where, and what was not taken. */
export async function writeSnapshot(f: SnapshotFlags, extra: readonly Part[] = []): Promise<SnapshotTaken> {
  const takenAt = Date.now();
  const table = new TableRead();
  try {
    const anon = f.anonymize ? new Anonymizer(await hostNames(table)) : undefined;
    const stem = `ipvstop-snapshot-${fileSafe(anon ? anon.hostName(hostname()) : hostname())}-${stamp(takenAt)}`;
    const path = f.output ?? `${stem}.tar.gz`;
    const archive = await openArchive(path);
    try {
      const { taken, conns } = await takeAll(table, f, extra);
      await archive.write(topDirectory(path, stem), archiveFiles(taken, conns, takenAt, anon), new Date(takenAt));
      return { path, notTaken: failedLines(taken, anon) };
    } catch (e) {
      await archive.discard();
      throw e;
    }
  } finally {
    await table.close();
  }
}

/** Root only: it reads the IPVS table, the HA daemon's dumps and the kernel log. */
export const SNAPSHOT_ROOT_ONLY =
  "root only (it reads the IPVS table, the HA daemon's dumps and the kernel log); run it as root";

/** `uid`: the caller's (a test passes another). */
export async function snapshotCommand(f: SnapshotFlags, io: Io, uid = process.getuid?.()): Promise<number> {
  if (uid !== 0) {
    io.stderr.write(`ipvstop: snapshot: ${SNAPSHOT_ROOT_ONLY}\n`);
    return 1;
  }
  const { path, notTaken } = await writeSnapshot(f);
  for (const line of notTaken) io.stderr.write(`ipvstop: snapshot: ${line}\n`);
  io.stdout.write(`${path}\n`);
  return 0;
}
