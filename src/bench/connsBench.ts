/**
 * The native figures of `ipvstop conns` and the monitor's connection reads, on a generated
 * table of IPv4 and IPv6 entries mixed (one in four IPv6): peak RSS at a tenth of the rows
 * and at all of them, `conns --client` against `grep -F` of the client's /proc form, and the
 * longest the event loop (where keys are handled) waits while a read is going.
 */

import { execFileSync } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { timeShell } from './measure.js';
import { f1, ratio, row } from './table.js';

const HEADER = 'Pro FromIP   FPrt ToIP     TPrt DestIP   DPrt State       Expires PEName PEData\n';
const STATES = ['ESTABLISHED', 'TIME_WAIT', 'TIME_WAIT', 'FIN_WAIT', 'SYN_RECV', 'CLOSE', 'CLOSE_WAIT'];
const hex = (n: number, w: number): string => n.toString(16).toUpperCase().padStart(w, '0');
/** Distinct clients of each family: every one has a few dozen entries. */
const CLIENTS = 40_000;
const v6 = (tail: number): string =>
  `2001:0db8:0203:0000:0000:0000:${hex(tail >>> 16, 4)}:${hex(tail & 0xffff, 4)}`.toLowerCase();

function line(i: number): string {
  const s = i % 1000;
  const template = i % 20 === 0;
  const state = template ? 'ASSURED' : STATES[i % STATES.length]!;
  const port = template ? '0000' : hex(1024 + (i % 60000), 4);
  const tail = `${state.padEnd(11)} ${String(i % 900).padStart(7)}\n`;
  const c = (i >> 2) % CLIENTS;
  if (i % 4 === 3) return `TCP ${v6(c)} ${port} ${v6(0xc0000 + s)} 0050 ${v6(0xc6000 + (i % 10))} 0050 ${tail}`;
  return `TCP ${hex(0x0a000000 + c, 8)} ${port} ${hex(0xc6120000 + s, 8)} 0050 ${hex(0xc6130000 + (i % 10) * 256 + (s % 250) + 1, 8)} 1F90 ${tail}`;
}

export async function writeMixedConnTable(path: string, rows: number): Promise<void> {
  const out = createWriteStream(path);
  out.write(HEADER);
  let chunk = '';
  for (let i = 0; i < rows; i++) {
    chunk += line(i);
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'finish');
}

interface Run {
  ms: number;
  maxRssMiB: number;
  stallMs: number;
}

function child(path: string, mode: string, runs: number): Run {
  const script = fileURLToPath(new URL('./connsFile.js', import.meta.url));
  return JSON.parse(execFileSync(process.execPath, [script, path, mode, String(runs)], { encoding: 'utf8' })) as Run;
}

/** A client of the table (10.0.48.57): its /proc form for grep, its text for --client. */
const CLIENT = { text: '10.0.48.57', hex: '0A003039' };

export async function connsFigures(rows = 1_000_000) {
  const path = `/tmp/ipvstop-bench-conns-${process.pid}`;
  await writeMixedConnTable(path, rows / 10);
  const small = { all: child(path, 'all', 1), top: child(path, 'top', 1), window: child(path, 'window', 1) };
  await writeMixedConnTable(path, rows);
  const big = { all: child(path, 'all', 1), top: child(path, 'top', 1), window: child(path, 'window', 1) };
  const client = child(path, `client:${CLIENT.text}`, 5);
  const node = process.execPath;
  const clientProcessMs = timeShell(
    `${node} ${fileURLToPath(new URL('./connsFile.js', import.meta.url))} ${path} client:${CLIENT.text} 1`,
    3,
  );
  // Into a file: GNU grep writing to /dev/null stops at the first match (it then acts as -q).
  const grepMs = timeShell(`grep -F ${CLIENT.hex} ${path} > ${path}.grep`, 5);
  const count = child(path, 'count', 3);
  const lookup = child(path, `lookup:${CLIENT.text}`, 1);
  timeShell(`rm -f ${path} ${path}.grep`, 1);
  return {
    rows,
    small,
    big,
    clientMs: client.ms,
    clientProcessMs,
    grepMs,
    countStallMs: count.stallMs,
    lookupStallMs: lookup.stallMs,
    lookupMs: lookup.ms,
  };
}

/** `ipvstop conns` and the monitor's reads of rows, on a generated IPv4 + IPv6 table. */
export async function connsRows(): Promise<string[]> {
  const c = await connsFigures();
  const rss = (what: string, big: number, small: number): string =>
    row(
      `11n. peak RSS, ${what}, ${c.rows} rows vs ${c.rows / 10}`,
      `${f1(big)} MiB`,
      `${f1(small)} MiB`,
      ratio(big, small),
      'within 10%',
    );
  const stall = (what: string, ms: number): string =>
    row(`11n. longest event-loop stall (keys wait) during ${what}, ${c.rows} rows`, `${f1(ms)} ms`, '', '', '< 100 ms');
  return [
    rss('`conns` (every row, text)', c.big.all.maxRssMiB, c.small.all.maxRssMiB),
    rss('`conns --top 10`', c.big.top.maxRssMiB, c.small.top.maxRssMiB),
    rss(
      "the Connections pane's read (entry browser and top talkers)",
      c.big.window.maxRssMiB,
      c.small.window.maxRssMiB,
    ),
    row(
      `11n. the Connections pane's read, ${c.rows} rows (the pane refreshes every 4x this)`,
      `${f1(c.big.window.ms)} ms`,
      '',
      '',
      'report',
    ),
    row(
      `11n. \`conns --client ADDR\`, ${c.rows} rows, in process, vs \`grep -F HEX FILE > OUT\``,
      `${f1(c.clientMs)} ms`,
      `${f1(c.grepMs)} ms`,
      ratio(c.clientMs, c.grepMs),
      '<= 2x',
    ),
    row(
      '11n. same, the whole process (Node start-up included)',
      `${f1(c.clientProcessMs)} ms`,
      `${f1(c.grepMs)} ms`,
      ratio(c.clientProcessMs, c.grepMs),
      'report',
    ),
    stall("the monitor's state count", c.countStallMs),
    stall(`a client lookup (read took ${f1(c.lookupMs)} ms)`, c.lookupStallMs),
    stall("the Connections pane's read", c.big.window.stallMs),
  ];
}
