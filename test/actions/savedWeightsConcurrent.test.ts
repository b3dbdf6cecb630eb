/**
 * Saved weights under concurrent processes: several `drain`s at once (and the monitor's keys) each read,
 * change and write the one file; without a lock across processes the last writer drops the others' entries.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { savedWeightsIn } from '../../src/actions/savedWeights.js';

const root = mkdtempSync(join(tmpdir(), 'ipvstop-saved-many-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const bundle = join(root, 'savedWeights.mjs');
const worker = join(root, 'worker.mjs');
const PROCESSES = 8;
const web = { af: 2, protocol: 6, address: '192.0.2.1', port: 80, fwmark: 0 } as const;
const server = (i: number) => ({ af: 2, address: `198.51.100.${i + 10}`, port: 80 }) as const;

beforeAll(async () => {
  // The module as a real process loads it: one file, run by node itself, not through vitest.
  await build({
    entryPoints: [new URL('../../src/actions/savedWeights.ts', import.meta.url).pathname],
    bundle: true,
    platform: 'node',
    format: 'esm',
    outfile: bundle,
    logLevel: 'silent',
  });
  writeFileSync(
    worker,
    `import { savedWeightsIn } from ${JSON.stringify(bundle)};
const [dir, i, rounds] = process.argv.slice(2).map((a, n) => (n === 0 ? a : Number(a)));
const service = ${JSON.stringify(web)};
const server = { af: 2, address: '198.51.100.' + (i + 10), port: 80 };
for (let r = 0; r < rounds; r++) {
  await savedWeightsIn(dir).set(service, server, i + 1);
  if (r < rounds - 1) await savedWeightsIn(dir).forget(service, server);
}
`,
  );
});

/** Runs one worker per server at once; resolves when all exited, with their exit codes and stderr. */
function runWorkers(dir: string, rounds: number): Promise<{ code: number | null; stderr: string }[]> {
  return Promise.all(
    Array.from(
      { length: PROCESSES },
      (_, i) =>
        new Promise<{ code: number | null; stderr: string }>((resolve) => {
          const child = spawn(process.execPath, [worker, dir, String(i), String(rounds)], { stdio: 'pipe' });
          let stderr = '';
          child.stderr.on('data', (b: Buffer) => {
            stderr += b.toString();
          });
          child.on('close', (code) => resolve({ code, stderr }));
        }),
    ),
  );
}

describe('saved weights written by several processes at once', () => {
  it.each([1, 5])(
    'keep every entry (%i saves and forgets per process)',
    async (rounds) => {
      const dir = join(root, `rounds${rounds}`);
      const results = await runWorkers(dir, rounds);
      expect(results).toEqual(results.map(() => ({ code: 0, stderr: '' })));
      const saved = savedWeightsIn(dir);
      const got = await Promise.all(Array.from({ length: PROCESSES }, (_, i) => saved.get(web, server(i))));
      expect(got).toEqual(Array.from({ length: PROCESSES }, (_, i) => i + 1));
    },
    // Eight node processes and 80 locked writes: about 1 s alone, 20 s on a machine busy with two lab guests.
    60_000,
  );
});
