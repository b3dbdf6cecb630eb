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
