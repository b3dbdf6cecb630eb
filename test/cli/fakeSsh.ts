/**
 * A fake `ssh` first on PATH for one test file's `fleet` runs: it finds the host after `--` as the
 * real ssh's arguments put it, refuses hosts named `down…` as a closed port 22 would (ssh's own
 * words, status 255), and otherwise runs `body`, the file's own lines for what a director sends.
 */
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { fleetCommand } from '../../src/cli/fleet.js';
import { runCaptured, stubHandlers } from './handlers.js';

/** Installs the fake for the file's tests; returns its folder (where `body` may read files the test writes). */
export function fakeSshOnPath(name: string, body: (dir: string) => string): string {
  const dir = mkdtempSync(join(tmpdir(), `ipvstop-${name}-`));
  const path = process.env.PATH;
  beforeAll(() => {
    writeFileSync(
      join(dir, 'ssh'),
      `#!/usr/bin/env node
const args = process.argv.slice(2);
const host = args[args.indexOf('--') + 1];
if (host.startsWith('down')) {
  process.stderr.write('ssh: connect to host ' + host + ' port 22: Connection refused\\n');
  process.exit(255);
}
${body(dir)}`,
    );
    chmodSync(join(dir, 'ssh'), 0o755);
    process.env.PATH = `${dir}:${path}`;
  });
  afterAll(() => {
    process.env.PATH = path;
    rmSync(dir, { recursive: true, force: true });
  });
  return dir;
}

/** `ipvstop fleet ARGS…` as main.ts runs it, its output captured. */
export const runFleet = (...args: string[]) => runCaptured(['fleet', ...args], stubHandlers({ fleet: fleetCommand }));
