/** Saved weights: kept across processes in a private file, refused when someone could have planted it. */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { savedWeightsIn } from '../../src/actions/savedWeights.js';

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
});
