/** Saved weights: kept across processes in a private file, refused when someone could have planted it. */
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { savedWeightKey, savedWeightsIn } from '../../src/actions/savedWeights.js';
import { savedWeightsNow, savedWeightVerdict } from '../../src/actions/weights.js';
import type { Destination, Service, Stats } from '../../src/kernel/ipvs/types.js';
import { stats as fixtureStats } from '../output/fixtures.js';

const root = mkdtempSync(join(tmpdir(), 'ipvstop-saved-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const fresh = (): string => join(root, `case${n++}`);
const web = { af: 2, protocol: 6, address: '192.0.2.1', port: 80, fwmark: 0 } as const;
const rs = { af: 2, address: '198.51.100.11', port: 80 } as const;
const rs6 = { af: 10, address: '2001:db8::11', port: 80 } as const;

describe('saved weights', () => {
  it('are read back by another store on the same directory, and forgotten', async () => {
    const dir = fresh();
    await savedWeightsIn(dir).set(web, rs, 5);
    await savedWeightsIn(dir).set(web, rs6, 7);
    const other = savedWeightsIn(dir);
    expect(await other.get(web, rs)).toBe(5);
    expect(await other.get(web, rs6)).toBe(7);
    await other.forget(web, rs);
    expect(await savedWeightsIn(dir).get(web, rs)).toBeUndefined();
    expect(await savedWeightsIn(dir).get(web, rs6)).toBe(7);
  });

  it('are none where nothing was saved', async () => {
    expect(await savedWeightsIn(fresh()).get(web, rs)).toBeUndefined();
  });

  it('refuse a file that is a symlink', async () => {
    const dir = fresh();
    mkdirSync(dir, { mode: 0o700 });
    writeFileSync(join(root, 'planted.json'), '{"weights":{"-t 192.0.2.1:80 -r 198.51.100.11:80":9}}');
    symlinkSync(join(root, 'planted.json'), join(dir, 'saved-weights.json'));
    await expect(savedWeightsIn(dir).get(web, rs)).rejects.toThrow(/is a symlink/);
  });

  it('refuse a file others may write', async () => {
    const dir = fresh();
    await savedWeightsIn(dir).set(web, rs, 5);
    chmodSync(join(dir, 'saved-weights.json'), 0o666);
    await expect(savedWeightsIn(dir).get(web, rs)).rejects.toThrow(/writable by others/);
  });

  it('say so when the file is not theirs', async () => {
    const dir = fresh();
    mkdirSync(dir, { mode: 0o700 });
    writeFileSync(join(dir, 'saved-weights.json'), 'garbage', { mode: 0o600 });
    await expect(savedWeightsIn(dir).get(web, rs)).rejects.toThrow(/is not a file of saved weights/);
  });

  it('keep the counters of the service and the server at the save, and drop entries of services that are gone', async () => {
    const dir = fresh();
    const api = { ...web, port: 8080 };
    await savedWeightsIn(dir).set(api, rs, 4);
    await savedWeightsIn(dir).set(withStats(web, 10n, 200n), withStats(rs, 3n, 40n), 5, [web]);
    const file = JSON.parse(readFileSync(join(dir, 'saved-weights.json'), 'utf8'));
    expect(Object.keys(file.weights)).toEqual(['-t 192.0.2.1:80 -r 198.51.100.11:80']);
    expect(file.weights['-t 192.0.2.1:80 -r 198.51.100.11:80']).toMatchObject({
      weight: 5,
      counters: { serviceConns: '10', serviceInPackets: '200', serverConns: '3', serverInPackets: '40' },
    });
  });

  it('read files of the version before, where a weight was a number', async () => {
    const dir = fresh();
    mkdirSync(dir, { mode: 0o700 });
    writeFileSync(join(dir, 'saved-weights.json'), '{"weights":{"-t 192.0.2.1:80 -r 198.51.100.11:80":9}}', {
      mode: 0o600,
    });
    expect(await savedWeightsIn(dir).entry(web, rs)).toEqual({ weight: 9 });
  });
});

describe('a saved-weights file that cannot be read', () => {
  const cases: [string, (path: string) => void, RegExp][] = [
    ['a FIFO', (path) => execFileSync('mkfifo', ['-m', '600', path]), /is not a file/],
    ['empty', (path) => writeFileSync(path, '', { mode: 0o600 }), /is empty/],
    ['corrupt', (path) => writeFileSync(path, '{"weights": {', { mode: 0o600 }), /is not a file of saved weights/],
  ];
  it.each(cases)('%s: undrain is told the remedy, without waiting', async (_name, make, why) => {
    const dir = fresh();
    mkdirSync(dir, { mode: 0o700 });
    make(join(dir, 'saved-weights.json'));
    const read = savedWeightsIn(dir).get(web, rs);
    await expect(read).rejects.toThrow(why);
    await expect(read).rejects.toThrow(
      /^cannot read the saved weights: .*; give the weight to set \(undrain --weight W\), and move the file aside/,
    );
  });

  it.each(cases)('%s: a drain moves it aside, keeps it, says where, and saves', async (_name, make, why) => {
    const dir = fresh();
    mkdirSync(dir, { mode: 0o700 });
    make(join(dir, 'saved-weights.json'));
    const note = await savedWeightsIn(dir).set(web, rs, 5);
    expect(note).toMatch(why);
    const aside = readdirSync(dir).find((f) => f.startsWith('saved-weights.json.unreadable-'));
    expect(aside).toBeDefined();
    expect(note).toContain(`moved it to ${join(dir, aside ?? '')}; undrain the servers saved in it with --weight W`);
    expect(await savedWeightsIn(dir).get(web, rs)).toBe(5);
  });
});

const stats = (connections: bigint, inPackets: bigint): Stats => fixtureStats({ connections, inPackets });
function withStats<T extends object>(o: T, connections: bigint, inPackets: bigint): T & { stats: Stats } {
  return { ...o, stats: stats(connections, inPackets) };
}

describe("savedWeightVerdict: is a saved weight this server's?", () => {
  const service = (c: bigint, p: bigint) => withStats(web, c, p) as unknown as Service;
  const dest = (weight: number, c: bigint, p: bigint) => ({ ...withStats(rs, c, p), weight }) as unknown as Destination;
  const entry = {
    weight: 5,
    savedAt: '2026-12-04T10:00:00.000Z',
    counters: { serviceConns: '10', serviceInPackets: '200', serverConns: '3', serverInPackets: '40' },
  };
  it('yes, while the server is drained and the counters only grew', () => {
    expect(savedWeightVerdict(entry, service(10n, 200n), dest(0, 3n, 40n))).toEqual({ weight: 5 });
    expect(savedWeightVerdict(entry, service(99n, 999n), dest(0, 9n, 99n))).toEqual({ weight: 5 });
    expect(savedWeightVerdict({ weight: 7 }, service(0n, 0n), dest(0, 0n, 0n))).toEqual({ weight: 7 });
  });
  it.each([
    ['the service', service(2n, 20n), dest(0, 3n, 40n)],
    ['the server', service(10n, 200n), dest(0, 0n, 40n)],
    ['the packets', service(10n, 199n), dest(0, 3n, 40n)],
  ])('no, when the counters of %s went back (deleted and added again, or zeroed)', (_what, s, d) => {
    expect(savedWeightVerdict(entry, s, d)).toEqual({
      stale: {
        entry,
        why: 'its counters went back since it was saved on 2026-12-04T10:00:00.000Z: the service was deleted and added again, or zeroed',
      },
    });
  });
  it('none, when the server is not drained (its weight was set since)', () => {
    expect(savedWeightVerdict(entry, service(10n, 200n), dest(4, 3n, 40n))).toEqual({});
  });
});

describe("savedWeightsNow: what list --json shows as each real server's savedWeight", () => {
  const service = withStats(web, 10n, 200n) as unknown as Service;
  const dest = (address: string, weight: number) =>
    ({ ...withStats({ ...rs, address }, 3n, 40n), weight }) as unknown as Destination;
  it('the saved weight of each drained server whose entry still applies; none for the others', async () => {
    const drained = dest('198.51.100.11', 0);
    const undrained = dest('198.51.100.12', 4);
    const stale = dest('198.51.100.13', 0);
    const unsaved = dest('198.51.100.14', 0);
    const dir = fresh();
    const saved = savedWeightsIn(dir);
    await saved.set(service, drained, 5);
    await saved.set(service, undrained, 6);
    await saved.set({ ...service, stats: { ...service.stats, connections: 99n } }, stale, 7);
    const entries = await savedWeightsIn(dir).entries();
    expect([...entries.keys()]).toContain(savedWeightKey(web, drained));
    const now = savedWeightsNow(entries, [{ service, dests: [drained, undrained, stale, unsaved] }]);
    expect([...now]).toEqual([[drained, 5]]);
    expect(savedWeightsNow(new Map(), [{ service, dests: [drained] }]).size).toBe(0);
  });
  it('entries() says why a file it cannot read is no file of saved weights', async () => {
    const dir = fresh();
    await savedWeightsIn(dir).set(web, rs, 5);
    writeFileSync(join(dir, 'saved-weights.json'), 'garbage', { mode: 0o600 });
    await expect(savedWeightsIn(dir).entries()).rejects.toThrow(/is not a file of saved weights/);
  });
});
