/**
 * `ipvstop snapshot` where the kernel is not the point (the lab suite test/lab/snapshot.test.ts
 * takes a real one): the manifest, the archive file (0600, never over a file or through a symlink,
 * readable back), and the refusal without root.
 */
import { existsSync, lstatSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gunzipSync } from 'node:zlib';
import { extract } from 'tar-stream';
import { afterAll, describe, expect, it } from 'vitest';
import { captureIo } from '../../src/cli/captureIo.js';
import { snapshotCommand } from '../../src/cli/snapshot.js';
import { openArchive } from '../../src/cli/snapshotArchive.js';
import { formatManifest, formatSysctls, type ManifestInput } from '../../src/output/snapshot.js';

const dir = mkdtempSync(join(tmpdir(), 'ipvstop-snapshot-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Every entry of a .tar.gz: name, mode and text. */
async function entries(path: string): Promise<{ name: string; mode: number; text: string }[]> {
  const out: { name: string; mode: number; text: string }[] = [];
  const x = extract();
  const done = new Promise<void>((resolve, reject) => {
    x.on('entry', (header, stream, next) => {
      const chunks: Buffer[] = [];
      stream.on('data', (c) => {
        chunks.push(c as Buffer);
      });
      stream.on('end', () => {
        out.push({ name: header.name, mode: header.mode ?? 0, text: Buffer.concat(chunks).toString() });
        next();
      });
    });
    x.on('finish', resolve);
    x.on('error', reject);
  });
  Readable.from([gunzipSync(await readFile(path))]).pipe(x);
  await done;
  return out;
}

const INPUT: ManifestInput = {
  host: 'lb-a',
  kernel: '6.1.0-13-amd64',
  takenAt: Date.UTC(2026, 11, 5, 3, 12, 7),
  version: '0.1.0',
  anonymized: null,
  connections: { written: 100_000, leftOut: 2345, cap: 100_000 },
  parts: [
    { file: 'list.json', status: 'ok', bytes: 1200, note: null },
    { file: 'ipvsadm-L-n-c.txt', status: 'partial', bytes: 9_000_000, note: '2345 of 102345 entries left out' },
    { file: 'ip-addr.txt', status: 'failed', bytes: 0, note: 'ip not found in /usr/sbin, /usr/bin, /sbin, /bin' },
    { file: 'history/events.txt', status: 'absent', bytes: 0, note: 'no recorded history in /var/log/ipvstop' },
  ],
};

describe('the manifest', () => {
  it('says host, kernel, time, version, each part, and what failed or is partial and why', () => {
    const doc = JSON.parse(formatManifest(INPUT));
    expect(doc).toMatchObject({
      schema: 1,
      kind: 'ipvstop-snapshot',
      host: 'lb-a',
      kernel: '6.1.0-13-amd64',
      takenAt: '2026-12-05T03:12:07.000Z',
      ipvstopVersion: '0.1.0',
      anonymized: false,
      replaced: null,
      connections: { written: 100_000, leftOut: 2345, cap: 100_000 },
      parts: INPUT.parts,
    });
    // An absent part (nothing recorded) is no problem; a failed or partial one is, with its reason.
    expect(doc.problems).toEqual([
      { file: 'ipvsadm-L-n-c.txt', status: 'partial', why: '2345 of 102345 entries left out' },
      { file: 'ip-addr.txt', status: 'failed', why: 'ip not found in /usr/sbin, /usr/bin, /sbin, /bin' },
    ]);
  });

  it('says it was anonymized, with how many of each were replaced', () => {
    const doc = JSON.parse(formatManifest({ ...INPUT, anonymized: { ipv4: 3, ipv6: 1, mac: 2, name: 1 } }));
    expect(doc.anonymized).toBe(true);
    expect(doc.replaced).toEqual({ ipv4: 3, ipv6: 1, mac: 2, name: 1 });
  });

  it('writes sysctls as sysctl -a does', () => {
    expect(formatSysctls({ 'net.ipv4.vs.conntrack': '0', 'net.ipv4.ip_forward': '1' })).toBe(
      'net.ipv4.vs.conntrack = 0\nnet.ipv4.ip_forward = 1\n',
    );
  });
});

describe('the archive file', () => {
  it('is a gzipped tar of the files under one top directory, mode 0600', async () => {
    const path = join(dir, 'a.tar.gz');
    const old = process.umask(0);
    try {
      const a = await openArchive(path);
      await a.write(
        'a',
        [
          { name: 'list.json', text: '{}\n' },
          { name: 'history/events.txt', text: '03:12:07  weight 5 -> 9\n' },
        ],
        new Date(),
      );
    } finally {
      process.umask(old);
    }
    expect((lstatSync(path).mode & 0o777).toString(8)).toBe('600');
    const got = await entries(path);
    expect(got.map((e) => e.name)).toEqual(['a/', 'a/history/', 'a/list.json', 'a/history/events.txt']);
    expect(got.find((e) => e.name === 'a/history/events.txt')?.text).toBe('03:12:07  weight 5 -> 9\n');
    expect(got.find((e) => e.name === 'a/list.json')?.mode).toBe(0o600);
  });

  it('is never written over a file, nor through a symlink', async () => {
    const existing = join(dir, 'b.tar.gz');
    writeFileSync(existing, 'kept');
    await expect(openArchive(existing)).rejects.toThrow(/exists/);
    const link = join(dir, 'c.tar.gz');
    symlinkSync(join(dir, 'target'), link);
    await expect(openArchive(link)).rejects.toThrow(/exists/);
    expect(existsSync(join(dir, 'target'))).toBe(false);
  });

  it('is removed when it is discarded', async () => {
    const path = join(dir, 'd.tar.gz');
    await (await openArchive(path)).discard();
    expect(existsSync(path)).toBe(false);
  });
});

describe('ipvstop snapshot without root', () => {
  it('refuses in one line, exit 1, and writes no file', async () => {
    const cap = captureIo();
    const out = join(dir, 'nonroot');
    const status = await snapshotCommand(
      { output: join(out, 'x.tar.gz'), anonymize: false, historyDir: '/var/log/ipvstop' },
      cap.io,
      1000,
    );
    expect(status).toBe(1);
    expect(cap.stderr()).toMatch(/^ipvstop: snapshot: root only \(.*\); run it as root\n$/);
    expect(cap.stdout()).toBe('');
    expect(existsSync(out) && readdirSync(out).length > 0).toBe(false);
  });
});
