/**
 * Pure parser of /proc/net/ip_vs_conn, fed in chunks of any size.
 *
 * Line format (net/netfilter/ipvs/ip_vs_conn.c, ip_vs_conn_seq_show):
 *   Pro FromIP FPrt ToIP TPrt DestIP DPrt State Expires [PEName PEData]
 * IPv4 addresses are %08X of the host-order address (C0A80A02 = 192.168.10.2),
 * IPv6 ones %pI6 (eight groups of four hex digits), ports %04X, expires in
 * seconds. For a fwmark template the protocol is IP and the virtual address
 * holds the fwmark.
 *
 * ConnCounter (connCounter.ts) counts a table without a string or an object
 * per row, in O(groups) memory.
 */
import { AF_INET, AF_INET6, type AddressFamily } from '../ipvs/types.js';
import { formatIPv6 } from '../netlink/address.js';
import type { ConnGroup, ConnRow, ConnTableSummary, StateCounts } from './types.js';

const NL = 0x0a;
const SP = 0x20;
export const TEMPLATE_STATES = new Set(['NONE', 'ASSURED']);

/** The key of a ConnGroup, built the same way from decoded fields anywhere in the app. */
export function connGroupKey(protocol: string, virtualAddress: string, virtualPort: number, destAddress: string, destPort: number): string {
  return `${protocol} ${virtualAddress} ${virtualPort} ${destAddress} ${destPort}`;
}

/** The family of a /proc address field: 8 hex digits (IPv4) or the full IPv6 form. */
export const procAddressFamily = (field: string): AddressFamily => (field.length === 8 ? AF_INET : AF_INET6);

/** Decodes a /proc address field: 8 hex digits (IPv4) or the full IPv6 form. */
export function decodeProcAddress(field: string): string {
  if (procAddressFamily(field) === AF_INET) {
    const n = parseInt(field, 16);
    return `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
  }
  return formatIPv6(Buffer.from(field.replace(/:/g, ''), 'hex'));
}

/** A fwmark template's virtual address field holds the mark, in network order. */
function decodeFwmark(field: string): string {
  return String(parseInt(field.replace(/:/g, '').slice(0, 8), 16));
}

export function decodeVirtual(protocol: string, field: string): string {
  return protocol === 'IP' ? decodeFwmark(field) : decodeProcAddress(field);
}

/** Parses one data line; undefined for the header, a blank or a malformed line. */
export function parseConnLine(line: string): ConnRow | undefined {
  const f = line.trim().split(/ +/);
  if (f.length < 9 || f[0] === 'Pro') return undefined;
  const [protocol, caddr, cport, vaddr, vport, daddr, dport, state, expires] = f as [string, string, string, string, string, string, string, string, string];
  const ports = [cport, vport, dport].map((p) => (/^[0-9A-Fa-f]{4}$/.test(p) ? parseInt(p, 16) : NaN));
  if (ports.some(Number.isNaN) || !/^\d+$/.test(expires) || ![caddr, vaddr, daddr].every(isProcAddress)) return undefined;
  return {
    protocol,
    af: procAddressFamily(vaddr),
    clientAddress: decodeProcAddress(caddr),
    clientPort: ports[0]!,
    virtualAddress: decodeVirtual(protocol, vaddr),
    virtualPort: ports[1]!,
    virtualAddressAsIp: decodeProcAddress(vaddr),
    destAf: procAddressFamily(daddr),
    destAddress: decodeProcAddress(daddr),
    destPort: ports[2]!,
    state,
    expires: Number(expires),
    peName: f[9] ?? '',
    peData: f[10] ?? '',
    template: ports[0] === 0 && TEMPLATE_STATES.has(state),
  };
}

export function isProcAddress(s: string): boolean {
  return /^[0-9A-Fa-f]{8}$/.test(s) || /^([0-9a-f]{4}:){7}[0-9a-f]{4}$/i.test(s);
}

/** Parses a whole table (tests, small tables). */
export function parseConnTable(text: string | Buffer): ConnRow[] {
  const rows: ConnRow[] = [];
  for (const line of text.toString('latin1').split('\n')) {
    const row = parseConnLine(line);
    if (row) rows.push(row);
  }
  return rows;
}

/** Splits chunks into complete lines, carrying a partial last line over. */
export class LineSplitter {
  private carry: Buffer = Buffer.alloc(0);

  /** Calls `onLine(buf, start, end)` for each complete line in carry + chunk. */
  push(chunk: Buffer, onLine: (buf: Buffer, start: number, end: number) => void): void {
    const buf = this.carry.length ? Buffer.concat([this.carry, chunk]) : chunk;
    let start = 0;
    for (let nl = buf.indexOf(NL, start); nl !== -1; nl = buf.indexOf(NL, start)) {
      onLine(buf, start, nl);
      start = nl + 1;
    }
    // Copy: the caller may reuse its read buffer.
    this.carry = Buffer.from(buf.subarray(start));
  }

  /** Flushes a last line that had no newline. */
  finish(onLine: (buf: Buffer, start: number, end: number) => void): void {
    if (this.carry.length) onLine(this.carry, 0, this.carry.length);
    this.carry = Buffer.alloc(0);
  }
}

export function sum(c: StateCounts): number {
  let n = 0;
  for (const v of Object.values(c)) n += v;
  return n;
}

export function addCounts(into: StateCounts, from: StateCounts): void {
  for (const [k, v] of Object.entries(from)) into[k] = (into[k] ?? 0) + v;
}
