/**
 * The text of `ipvstop snapshot`'s own parts (docs/snapshot.md): its manifest, the sysctls as
 * `sysctl -a` prints them, the kernel log's IPVS lines, and the HA daemon's reading as JSON.
 */
import type { HaReading } from '../kernel/keepalived/haReading.js';
import type { KernelLogRecord } from '../kernel/kmsg.js';
import { stringifyExact } from './jsonSnapshot.js';

/**
 * What became of one part: `ok`; `partial` (written, but not all of it: the note says what is
 * missing); `failed` (not written: the note says why); `absent` (nothing to take, such as the
 * recorder's history on a director that does not record: not a failure).
 */
export type PartStatus = 'ok' | 'partial' | 'failed' | 'absent';

export interface PartOutcome {
  /** The file's path inside the archive's top directory. */
  file: string;
  status: PartStatus;
  bytes: number;
  note: string | null;
}

export interface ManifestInput {
  host: string;
  /** `uname -r`. */
  kernel: string;
  takenAt: number;
  version: string;
  /** How many originals of each kind were replaced; null when not anonymized. */
  anonymized: Readonly<Record<string, number>> | null;
  /** The connection table's entries written and left out past the cap; null when it was not read. */
  connections: { written: number; leftOut: number; cap: number } | null;
  parts: PartOutcome[];
}

/** `manifest.json`: the input, and each part that failed or is partial with why, in one list. */
export function formatManifest(m: ManifestInput): string {
  const doc = {
    schema: 1,
    kind: 'ipvstop-snapshot',
    host: m.host,
    kernel: m.kernel,
    takenAt: new Date(m.takenAt).toISOString(),
    ipvstopVersion: m.version,
    anonymized: m.anonymized !== null,
    replaced: m.anonymized,
    connections: m.connections,
    parts: m.parts,
    problems: m.parts
      .filter((p) => p.status === 'failed' || p.status === 'partial')
      .map((p) => ({ file: p.file, status: p.status, why: p.note })),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

/** `name = value` lines, as `sysctl -a` prints them, in the order given. */
export function formatSysctls(values: Readonly<Record<string, string>>): string {
  return Object.entries(values)
    .map(([name, value]) => `${name} = ${value}\n`)
    .join('');
}

/** Whether a kernel log record is IPVS's: its own `IPVS:` lines and the module's (ip_vs_*). */
export const isIpvsRecord = (r: KernelLogRecord): boolean => /IPVS|\bip_vs/.test(r.message);

/**
 * The IPVS records, oldest first, one a line: the time (UTC, from the boot time), the kernel's
 * `[seconds since boot]` as dmesg prints it, the message. The first line says what the file is,
 * so that a log without IPVS lines is a file that says so, not an empty one.
 */
export function formatKernelLog(records: readonly KernelLogRecord[], bootMs: number): string {
  const lines = records.filter(isIpvsRecord).map((r) => {
    const at = new Date(bootMs + r.usec / 1000).toISOString();
    const since = `${Math.floor(r.usec / 1e6)}.${String(r.usec % 1e6).padStart(6, '0')}`.padStart(12);
    return `${at} [${since}] ${r.message}\n`;
  });
  return `# the kernel log's IPVS lines (/dev/kmsg): ${lines.length}\n${lines.join('')}`;
}

/** The HA daemon's reading as ipvstop parsed it (keepalived's dumps, heartbeat's files and cl_status, ldirectord's configuration). */
export function formatHaReading(r: HaReading): string {
  const keepalived = r.keepalived && { ...r.keepalived, masters: Object.fromEntries(r.keepalived.masters) };
  return `${stringifyExact({ ...r, takenAt: new Date(r.takenAt).toISOString(), keepalived })}\n`;
}
