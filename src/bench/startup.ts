/**
 * Start-up, natively (`npm run bench`): `node -e 0` (the floor: Node's own start), `ipvstop --version`,
 * `ipvstop list` (up to its first error where the host has no IPVS) and the monitor's first full frame
 * (src/bench/firstFrame.ts), as npm installs it (bin/ipvstop) and as the single executable
 * (dist/ipvstop-linux-x64, when `npm run package` has built it). The runs are interleaved, so that a
 * busy machine slows every command alike; medians of wall time.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ratio, row } from './table.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = `${ROOT}bin/ipvstop`;
const EXECUTABLE = `${ROOT}dist/ipvstop-linux-x64`;
const FIRST_FRAME = `${ROOT}dist/bench/first-frame-run.cjs`;
const RUNS = 21;

export interface StartupFigures {
  /** Median ms by command label. */
  ms: Record<string, number>;
  runs: number;
  executable: boolean;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Commands by label: [file, args]. */
function commands(): Record<string, [string, string[]]> {
  const c: Record<string, [string, string[]]> = {
    'node -e 0': [process.execPath, ['-e', '0']],
    'ipvstop --version': [process.execPath, [BIN, '--version']],
    'ipvstop list': [process.execPath, [BIN, 'list']],
    'first frame': [process.execPath, [FIRST_FRAME]],
  };
  if (existsSync(EXECUTABLE)) {
    c['executable --version'] = [EXECUTABLE, ['--version']];
    c['executable list'] = [EXECUTABLE, ['list']];
  }
  return c;
}

export function startupFigures(runs = RUNS): StartupFigures {
  const cmds = Object.entries(commands());
  const samples = new Map<string, number[]>(cmds.map(([label]) => [label, []]));
  for (let i = 0; i < runs; i++) {
    for (const [label, [file, args]] of cmds) {
      const start = performance.now();
      const r = spawnSync(file, args, { stdio: 'ignore', env: { ...process.env, CI: 'false' }, timeout: 30_000 });
      if (label === 'first frame' && r.status !== 0) throw new Error(`first-frame harness: status ${r.status}`);
      samples.get(label)!.push(performance.now() - start);
    }
  }
  const ms = Object.fromEntries([...samples].map(([label, xs]) => [label, median(xs)]));
  return { ms, runs, executable: existsSync(EXECUTABLE) };
}

const ms = (n: number): string => `${n.toFixed(0)} ms`;

/** Start-up against `node -e 0` in the same run; the single executable against the npm-installed program. */
export function startupRows(f: StartupFigures): string[] {
  const m = f.ms;
  const floor = m['node -e 0']!;
  const vsNode = (label: string, figure: string, target: string): string =>
    row(figure, ms(m[label]!), `${ms(floor)} (node -e 0)`, ratio(m[label]!, floor), target);
  const rows = [
    vsNode('ipvstop --version', 'start-up: ipvstop --version', 'report'),
    vsNode('ipvstop list', 'start-up: ipvstop list, to its first error (no IPVS on this host)', '<= 1.5x'),
    vsNode('first frame', "start-up: the monitor's first full frame, 100 x 10 (kernel faked), 80x24", '< 400 ms'),
  ];
  for (const cmd of f.executable ? ['--version', 'list'] : []) {
    const exe = m[`executable ${cmd}`]!;
    const npm = m[`ipvstop ${cmd}`]!;
    rows.push(
      row(
        `start-up: single executable, ipvstop ${cmd}`,
        ms(exe),
        `${ms(npm)} (npm install)`,
        ratio(exe, npm),
        'report',
      ),
      row(
        `start-up: single executable, ipvstop ${cmd}`,
        ms(exe),
        `${ms(floor)} (node -e 0)`,
        ratio(exe, floor),
        'report',
      ),
    );
  }
  return rows;
}
