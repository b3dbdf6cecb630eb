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
import { type AddressFamily, AF_INET, AF_INET6 } from '../ipvs/types.js';
import { formatIPv6 } from '../netlink/address.js';
import { isStateOf } from './states.js';
import type { ConnRow, StateCounts } from './types.js';

const NL = 0x0a;
export const TEMPLATE_STATES = new Set(['NONE', 'ASSURED']);

/** The key of a ConnGroup, built the same way from decoded fields anywhere in the app. */
export function connGroupKey(
  protocol: string,
  virtualAddress: string,
  virtualPort: number,
  destAddress: string,
  destPort: number,
): string {
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

/**
 * The longest line the kernel writes: an IPv6 row of the longest protocol
 * name, state and expiry is under 200 bytes, and persistence engine columns add at most 274 (a name of
 * IP_VS_PENAME_MAXLEN 16, data of IP_VS_PEDATA_MAXLEN 255, three separators).
 * A longer line is malformed, and is never held in memory whole.
 */
export const MAX_LINE_BYTES = 512;
/** Fields of a row: nine, then a persistence engine's name and data when it has put some there. */
export const MIN_FIELDS = 9;
export const MAX_FIELDS = 11;
/**
 * The expiry in seconds, %7u of a u32: current kernels print an expired timer
 * as 0; older ones printed its negative remainder as a 20-digit %lu, a row
 * then counted as malformed (it lasts a moment, and no value would be right).
 */
export const MAX_EXPIRES_DIGITS = 10;

const PORT = /^[0-9A-Fa-f]{4}$/;

/** A line's fields: runs of anything but spaces (the kernel separates fields with spaces only). */
function fieldsOf(line: string): string[] {
  return line.split(' ').filter((f) => f !== '');
}

/** The header and blank lines: not rows, and not malformed either. */
export function isHeaderOrBlank(line: string): boolean {
  if (line.length > MAX_LINE_BYTES) return false;
  const first = fieldsOf(line)[0];
  return first === undefined || first === 'Pro';
}

/** The nine fields of a row, then those of a persistence engine. */
type RowFields = readonly [string, string, string, string, string, string, string, string, string, ...string[]];

function isRow(f: readonly string[]): f is RowFields {
  return f.length >= MIN_FIELDS && f.length <= MAX_FIELDS && validFields(f as RowFields);
}

function validFields(f: RowFields): boolean {
  const [protocol, caddr, cport, vaddr, vport, daddr, dport, state, expires] = f;
  return (
    isStateOf(protocol, state) &&
    [cport, vport, dport].every((p) => PORT.test(p)) &&
    [caddr, vaddr, daddr].every(isProcAddress) &&
    expires.length <= MAX_EXPIRES_DIGITS &&
    /^\d+$/.test(expires)
  );
}

/**
 * Parses one data line; undefined for the header, a blank or a malformed
 * line (wrong field count, unknown protocol or state, bad address, port or
 * expiry, longer than MAX_LINE_BYTES).
 */
export function parseConnLine(line: string): ConnRow | undefined {
  if (line.length > MAX_LINE_BYTES) return undefined;
  const f = fieldsOf(line);
  if (!isRow(f)) return undefined;
  const [protocol, caddr, cport, vaddr, vport, daddr, dport, state, expires] = f;
  const clientPort = parseInt(cport, 16);
  return {
    protocol,
    af: procAddressFamily(vaddr),
    clientAddress: decodeProcAddress(caddr),
    clientPort,
    virtualAddress: decodeVirtual(protocol, vaddr),
    virtualPort: parseInt(vport, 16),
    virtualAddressAsIp: decodeProcAddress(vaddr),
    destAf: procAddressFamily(daddr),
    destAddress: decodeProcAddress(daddr),
    destPort: parseInt(dport, 16),
    state,
    expires: Number(expires),
    peName: f[9] ?? '',
    peData: f[10] ?? '',
    template: clientPort === 0 && TEMPLATE_STATES.has(state),
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

/**
 * Splits chunks into lines, carrying a cut last line over to the next chunk;
 * a line longer than MAX_LINE_BYTES goes to `onLong` instead, and no more of
 * it is kept than that. ConnCounter reads whole lines in a chunk itself and
 * uses resume() and keep() for the cut ones.
 */
export class LineSplitter {
  private carry = Buffer.alloc(MAX_LINE_BYTES);
  private carried = 0;
  /** Inside a line already known to be too long: its bytes are dropped up to its newline. */
  private dropping = false;

  constructor(
    private readonly onLine: (buf: Buffer, start: number, end: number) => void,
    private readonly onLong: () => void,
  ) {}

  push(chunk: Buffer): void {
    let start = this.resume(chunk);
    for (let nl = chunk.indexOf(NL, start); nl !== -1; nl = chunk.indexOf(NL, start)) {
      if (nl - start > MAX_LINE_BYTES) this.onLong();
      else this.onLine(chunk, start, nl);
      start = nl + 1;
    }
    this.keep(chunk, start);
  }

  /** Ends the cut line carried over, if any, with the start of `chunk`; returns where the next line starts. */
  resume(chunk: Buffer): number {
    if (!this.carried && !this.dropping) return 0;
    const nl = chunk.indexOf(NL);
    this.add(chunk, 0, nl < 0 ? chunk.length : nl);
    if (nl < 0) return chunk.length;
    this.endCarried();
    return nl + 1;
  }

  /** Carries chunk[start..] over: the caller may reuse its read buffer. */
  keep(chunk: Buffer, start: number): void {
    this.add(chunk, start, chunk.length);
  }

  /** Ends the input: a last line without a newline is a line, unless the read was `cut` short. */
  finish(cut: boolean): void {
    if (!cut && (this.carried || this.dropping)) this.endCarried();
    this.carried = 0;
    this.dropping = false;
  }

  private endCarried(): void {
    if (this.dropping) this.onLong();
    else this.onLine(this.carry, 0, this.carried);
    this.carried = 0;
    this.dropping = false;
  }

  private add(b: Buffer, start: number, end: number): void {
    if (this.dropping) return;
    if (this.carried + end - start > MAX_LINE_BYTES) {
      this.dropping = true;
      this.carried = 0;
    } else this.carried += b.copy(this.carry, this.carried, start, end);
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
