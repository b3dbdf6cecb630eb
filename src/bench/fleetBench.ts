/**
 * `ipvstop fleet` over 50 directors, the same director under 50 names, in the lab guest. One real
 * `ipvstop list --json --watch 2` of this director appends its documents to a file, and a fake `ssh`
 * first on PATH makes each host's session a `tail -F` of that file: the remote side costs 50 tails, not
 * 50 ipvstops in a one-CPU guest, and every host sends the director's real, changing documents. What is
 * measured is the local fleet process, the screen at 200x70: the time until every row reads `ok`, its
 * CPU per interval, and its peak RSS, next to the one `list --json --watch`'s CPU per interval.
 */
import { spawn } from 'node:child_process';
import { chmodSync, closeSync, mkdirSync, openSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { cpuMs, median, Pane, peakRssMiB, sleep } from './measure.js';
import { f1, ratio, row } from './table.js';

export interface FleetFigures {
  /** `lab` (the lab's own table, under traffic) or `SxD`. */
  table: string;
  hosts: number;
  /** Spawn to every row `ok`. */
  allReadMs: number;
  cpuMsPerInterval: number;
  peakRssMiB: number;
  /** The remote end's cost: the one `list --json --watch 2`, CPU per interval. */
  remoteCpuMsPerInterval: number;
  /** Bytes of one document. */
  documentBytes: number;
}

const HOSTS = 50;
const INTERVAL_S = 2;
const DIR = '/tmp/bench-fleet';
const DOCS = `${DIR}/documents.ndjson`;

/** Rows of the screen that read ok: the host (after the `>` of the selected row), then how it was read. */
const okRows = (text: string): number => text.split('\n').filter((l) => /^[ >]?d\d\d\s+ok\b/.test(l)).length;

/** The pane's text; once the fleet has ended (the pane with it), what it said on stderr, as an error. */
function paneText(pane: Pane, stderr: string): string {
  try {
    return pane.text();
  } catch {
    throw new Error(`the fleet ended: ${readFileSync(stderr, 'utf8').trim().slice(-500) || 'nothing on stderr'}`);
  }
}

export async function fleetFigures(
  main: string,
  table: string,
  runs: number,
  log: (line: string) => void,
): Promise<FleetFigures> {
  mkdirSync(DIR, { recursive: true });
  writeFileSync(`${DIR}/ssh`, `#!/bin/sh\nexec tail -n 1 -F ${DOCS}\n`);
  chmodSync(`${DIR}/ssh`, 0o755);
  const out = openSync(DOCS, 'w');
  const remote = spawn(process.execPath, [main, 'list', '--json', '--watch', String(INTERVAL_S)], {
    stdio: ['ignore', out, 'ignore'],
    env: { ...process.env, CI: '' },
  });
  closeSync(out);
  const hosts = Array.from({ length: HOSTS }, (_, i) => `d${String(i + 1).padStart(2, '0')}`);
  let pane: Pane | undefined;
  try {
    const deadline = performance.now() + 60_000;
    while (statSync(DOCS).size === 0) {
      if (remote.exitCode !== null || performance.now() > deadline)
        throw new Error(`list --json --watch wrote no document (exit status ${remote.exitCode ?? 'none yet'})`);
      await sleep(200);
    }
    const documentBytes = statSync(DOCS).size;
    log(`fleet: ${HOSTS} hosts on the ${table} table (a document of ${documentBytes} bytes)`);
    const started = performance.now();
    const command = `env PATH=${DIR}:${process.env.PATH} TERM=xterm-256color ${process.execPath} ${main} fleet`;
    const stderr = `${DIR}/stderr`;
    pane = Pane.start('fleet-50', `${command} --interval ${INTERVAL_S} ${hosts.join(' ')} 2>${stderr}`, 200, 70);
    let seen = 0;
    while (seen < HOSTS) {
      const text = paneText(pane, stderr);
      seen = okRows(text);
      if (performance.now() - started > 180_000) throw new Error(`fleet: ${seen} rows ok after 180 s:\n${text}`);
      await sleep(100);
    }
    const allReadMs = performance.now() - started;
    await sleep(3000);
    const windowMs = 5 * INTERVAL_S * 1000;
    const local: number[] = [];
    const remoteCpu: number[] = [];
    for (let i = 0; i < runs; i++) {
      const before = cpuMs(remote.pid!);
      local.push((await pane.cpuDuring(windowMs)) / 5);
      remoteCpu.push((cpuMs(remote.pid!) - before) / 5);
    }
    return {
      table,
      hosts: HOSTS,
      allReadMs,
      cpuMsPerInterval: median(local),
      peakRssMiB: peakRssMiB(pane.pid),
      remoteCpuMsPerInterval: median(remoteCpu),
      documentBytes,
    };
  } finally {
    pane?.stop();
    remote.kill('SIGTERM');
  }
}

export function fleetRows(f: FleetFigures): string[] {
  const what = `${f.hosts} directors (one director under ${f.hosts} names), ${f.table === 'lab' ? "the lab's table" : f.table}, -i ${INTERVAL_S}`;
  return [
    row(
      `26. fleet CPU per interval, ${what}, vs the one remote list --json --watch (${f1(f.documentBytes / 1024)} KiB a document)`,
      `${f1(f.cpuMsPerInterval)} ms`,
      `${f1(f.remoteCpuMsPerInterval)} ms`,
      ratio(f.cpuMsPerInterval, f.remoteCpuMsPerInterval),
      'report',
    ),
    row(`26. fleet peak RSS, ${what}`, `${f1(f.peakRssMiB)} MiB`, '', '', 'report'),
    row(`26. fleet start to every row ok, ${what}`, `${f1(f.allReadMs)} ms`, '', '', 'report'),
  ];
}
