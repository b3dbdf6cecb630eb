/**
 * The native half of `npm run bench` (no kernel needed): our connection-table
 * counter over a generated 1,000,000-row file in the /proc/net/ip_vs_conn
 * format, against `cat FILE` and `awk '{print $8}' FILE | sort | uniq -c`.
 * Our time is measured inside the process, Node's start-up excluded.
 */

import { execFileSync } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { timeShell } from './measure.js';

const HEADER = 'Pro FromIP   FPrt ToIP     TPrt DestIP   DPrt State       Expires PEName PEData\n';
const STATES = ['ESTABLISHED', 'TIME_WAIT', 'TIME_WAIT', 'FIN_WAIT', 'SYN_RECV', 'CLOSE', 'CLOSE_WAIT'];
const hex = (n: number, w: number): string => n.toString(16).toUpperCase().padStart(w, '0');

/** Writes `rows` rows over `services` VIPs with `dests` real servers each; 1 in 20 rows is a template. */
export async function writeConnTable(path: string, rows: number, services = 1000, dests = 10): Promise<void> {
  const out = createWriteStream(path);
  out.write(HEADER);
  let chunk = '';
  for (let i = 0; i < rows; i++) {
    const s = i % services;
    const vip = hex(0xc6120000 + s, 8); // 198.18.0.0/15, the benchmark range
    const rip = hex(0xc6130000 + ((i >> 3) % dests) * 256 + (s % 250) + 1, 8);
    const client = hex(0xcb007100 + (i % 200), 8);
    const template = i % 20 === 0;
    const state = template ? 'ASSURED' : STATES[i % STATES.length]!;
    chunk += `TCP ${client} ${template ? '0000' : hex(1024 + (i % 60000), 4)} ${vip} 0050 ${rip} 1F90 ${state.padEnd(11)} ${String(i % 900).padStart(7)}\n`;
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'finish');
}

interface Counted {
  rows: number;
  ms: number;
  maxRssMiB: number;
}

/** Our counter over `path` in a fresh Node process (start-up excluded from `ms`). */
export function countInChild(path: string, runs: number): Counted {
  const script = fileURLToPath(new URL('./countConnFile.js', import.meta.url));
  return JSON.parse(execFileSync(process.execPath, [script, path, String(runs)], { encoding: 'utf8' })) as Counted;
}

export async function connParseFigures(rows = 1_000_000, runs = 5) {
  const path = `/tmp/ipvstop-bench-conn-${process.pid}`;
  // A tenth of the table first: peak memory must not grow with the rows.
  await writeConnTable(path, rows / 10);
  const small = countInChild(path, runs);
  await writeConnTable(path, rows);
  const big = countInChild(path, runs);
  return {
    rows,
    ipvstopMs: big.ms,
    catMs: timeShell(`cat ${path} > /dev/null`, runs),
    awkMs: timeShell(`awk '{print $8}' ${path} | sort | uniq -c > /dev/null`, 3),
    rssMiB: big.maxRssMiB,
    smallRows: small.rows,
    smallRssMiB: small.maxRssMiB,
    cleanup: () => timeShell(`rm -f ${path}`, 1),
  };
}
