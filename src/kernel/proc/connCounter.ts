/**
 * Counts /proc/net/ip_vs_conn by state, per group (virtual service and real
 * server) and templates apart, without a string or an object per row: a
 * director's table has hundreds of thousands of rows and the monitor reads
 * it every few seconds. Line format: see connParser.ts.
 */
import {
  addCounts, connGroupKey, decodeProcAddress, decodeVirtual, isProcAddress, procAddressFamily, sum, TEMPLATE_STATES,
} from './connParser.js';
import type { ConnGroup, ConnTableSummary, StateCounts } from './types.js';
import { finalHash, MULTIPLIERS, WordTable } from './wordTable.js';

const NL = 0x0a;
const SP = 0x20;
/**
 * An IPv4 row as the kernel prints it ("%-3s %08X %04X %08X %04X %08X %04X
 * %-11s %7u\n"): every field at a fixed offset from the end of the protocol,
 * which is 3 wide ("TCP", "IP ") or 4 ("SCTP", one byte later).
 */
const ROW = {
  caddr: 4, cport: 13, vaddr: 18, vport: 27, daddr: 32, dport: 41, state: 46, expires: 58,
  /** The newline: 65 + 1 is the whole row. */
  end: 65,
} as const;
const STATE_WIDTH = 11;
/** "0000", a template's client port, as read by word(). */
const ZERO_PORT = 0x30303030;

/** Hex digit values, -1 for anything else. */
const HEX = new Int8Array(256).fill(-1);
for (let i = 0; i < 10; i++) HEX[0x30 + i] = i;
for (let i = 0; i < 6; i++) {
  HEX[0x41 + i] = 10 + i;
  HEX[0x61 + i] = 10 + i;
}

function isHex(b: Uint8Array, at: number, len: number): boolean {
  for (let i = at; i < at + len; i++) if (HEX[b[i]!]! < 0) return false;
  return true;
}

/** Four bytes as one int32 (little-endian): rows are compared and hashed four bytes at a time. */
function word(b: Uint8Array, i: number): number {
  return b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16) | (b[i + 3]! << 24);
}

/** Whether any of a word's four bytes is a space, a newline or another control (the has-less-than trick). */
function hasBlank(w: number): boolean {
  return ((w - 0x21212121) & ~w & 0x80808080) !== 0;
}

/** Whether any of a word's four bytes is a newline (the has-zero-byte trick on w ^ "\n\n\n\n"). */
function hasNewline(w: number): boolean {
  const x = w ^ 0x0a0a0a0a;
  return ((x - 0x01010101) & ~x & 0x80808080) !== 0;
}

/** The end of the run of non-spaces at `at`, if only spaces follow it up to `end`; else -1 (and for a newline). */
function wordThenSpaces(b: Uint8Array, at: number, end: number): number {
  let i = at;
  while (i < end && b[i] !== SP && b[i] !== NL) i++;
  if (i === at) return -1;
  for (let j = i; j < end; j++) if (b[j] !== SP) return -1;
  return i;
}

/** A group while counting: its raw fields, decoded once at the end. */
interface RawGroup {
  protocol: string;
  /** Fields 3..6 as printed (virtual address and port, destination address and port). */
  rest: string;
}

const GENERAL_FIELDS = 9;

/**
 * Counts /proc/net/ip_vs_conn by state, per group and templates apart, fed
 * in chunks of any size. A director's table has hundreds of thousands of rows
 * and the monitor reads it every few seconds, so:
 *
 * - IPv4 rows in the kernel's fixed layout (nearly all of them) are read at
 *   fixed offsets, four bytes at a time: the group is found by the raw words
 *   of protocol, virtual and destination address and port, the state by the
 *   raw words of its padded field. Raw bytes are validated only when a new
 *   group or state is met, since equal bytes are equally valid.
 * - Anything else (IPv6, persistence engine columns, long state names, odd
 *   lines) is split on spaces, grouped by a string of its fields.
 * - Counts live in one Float64Array by (group, state, template); strings are
 *   made once per group and state and decoded into addresses at the end.
 */
export class ConnCounter {
  private readonly fastPath: boolean;
  private readonly groups: RawGroup[] = [];
  private readonly groupByWords = new WordTable(8);
  private readonly groupByText = new Map<string, number>();
  private readonly stateNames: string[] = [];
  private readonly stateIsTemplate: boolean[] = [];
  private readonly stateByWords = new WordTable(3);
  private readonly stateByName = new Map<string, number>();
  /** counts[group * stride + state * 2 + (template ? 1 : 0)] */
  private counts = new Float64Array(64 * 32);
  private stride = 32;
  private readonly groupKey = new Int32Array(8);
  private readonly stateKey = new Int32Array(3);
  private readonly starts = new Int32Array(GENERAL_FIELDS);
  private readonly ends = new Int32Array(GENERAL_FIELDS);
  /** A line cut by the end of a chunk, waiting for its end in the next. */
  private carry = Buffer.alloc(256);
  private carried = 0;
  private malformed = 0;

  /** `fastPath: false` reads every row the general way (to test one against the other). */
  constructor(options: { fastPath?: boolean } = {}) {
    this.fastPath = options.fastPath ?? true;
  }

  push(chunk: Buffer): void {
    let from = 0;
    if (this.carried) {
      const nl = chunk.indexOf(NL);
      this.keep(chunk, 0, nl < 0 ? chunk.length : nl + 1);
      if (nl < 0) return;
      this.lines(this.carry.subarray(0, this.carried), 0);
      this.carried = 0;
      from = nl + 1;
    }
    // Copy the cut line: the caller may reuse its read buffer.
    this.keep(chunk, this.lines(chunk, from), chunk.length);
  }

  /** Counts the complete lines of `b` from `p`; returns where the cut last line starts. */
  private lines(b: Buffer, p: number): number {
    const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
    for (;;) {
      const n = this.fastPath ? this.fixedRow(b, v, p) : 0;
      if (n) {
        p += n;
        continue;
      }
      const nl = b.indexOf(NL, p);
      if (nl < 0) return p;
      this.line(b, p, nl);
      p = nl + 1;
    }
  }

  private keep(b: Buffer, start: number, end: number): void {
    const need = this.carried + end - start;
    if (need > this.carry.length) {
      const bigger = Buffer.alloc(Math.max(need, this.carry.length * 2));
      this.carry.copy(bigger, 0, 0, this.carried);
      this.carry = bigger;
    }
    this.carried += b.copy(this.carry, this.carried, start, end);
  }

  /**
   * Counts the row at `p` if it is an IPv4 row in the kernel's fixed layout
   * and returns its length with the newline; 0 sends it the general way. The
   * checks make the fixed offsets split the row where splitting on spaces
   * would, so both ways count it alike.
   */
  private fixedRow(b: Buffer, v: DataView, p: number): number {
    const q = b[p + 3] === SP ? p : p + 1;
    if (q + ROW.end >= b.length || b[q + ROW.end] !== NL) return 0;
    if (b[q + 3] !== SP || b[q + ROW.cport - 1] !== SP || b[q + ROW.state - 1] !== SP || b[q + ROW.expires - 1] !== SP || b[q + ROW.end - 1] === SP) return 0;
    // No space inside the client's fields, no newline before the row's end.
    const cport = v.getInt32(q + ROW.cport, true);
    if (hasBlank(v.getInt32(q + ROW.caddr, true)) || hasBlank(v.getInt32(q + ROW.caddr + 4, true)) || hasBlank(cport)) return 0;
    if (hasNewline(v.getInt32(q + ROW.expires - 1, true)) || hasNewline(v.getInt32(q + ROW.expires + 3, true))) return 0;

    const sk = this.stateKey;
    const m = MULTIPLIERS;
    // The padded state and the space after it: 12 bytes.
    let h = 0;
    for (let i = 0, at = q + ROW.state; i < 3; i++, at += 4) h = (h + Math.imul((sk[i] = v.getInt32(at, true)), m[i]!)) | 0;
    let state = this.stateByWords.get(sk, finalHash(h));
    if (state < 0 && (state = this.newFixedState(b, q)) < 0) return 0;

    const gk = this.groupKey;
    // The protocol, then bytes 17..44: the spaces and virtual and destination address and port.
    h = Math.imul((gk[0] = v.getInt32(p, true)), m[0]!);
    for (let i = 1, at = q + ROW.vaddr - 1; i < 8; i++, at += 4) h = (h + Math.imul((gk[i] = v.getInt32(at, true)), m[i]!)) | 0;
    let group = this.groupByWords.get(gk, finalHash(h));
    if (group < 0 && (group = this.newFixedGroup(b, p, q)) < 0) return 0;

    const template = cport === ZERO_PORT && this.stateIsTemplate[state] ? 1 : 0;
    this.counts[group * this.stride + state * 2 + template]!++;
    return q + ROW.end + 1 - p;
  }

  /** A state field not met before: its id if it is one name padded with spaces, else -1. */
  private newFixedState(b: Buffer, q: number): number {
    const at = q + ROW.state;
    const end = wordThenSpaces(b, at, at + STATE_WIDTH);
    if (end < 0) return -1;
    const id = this.stateId(b.toString('latin1', at, end));
    this.stateByWords.add(this.stateKey, id);
    return id;
  }

  /** A group not met before: its id if its fields are what splitting on spaces would find and hex, else -1. */
  private newFixedGroup(b: Buffer, p: number, q: number): number {
    const protocolEnd = wordThenSpaces(b, p, q + 3);
    const ok = protocolEnd > 0
      && b[q + ROW.vaddr - 1] === SP && isHex(b, q + ROW.vaddr, 8)
      && b[q + ROW.vport - 1] === SP && isHex(b, q + ROW.vport, 4)
      && b[q + ROW.daddr - 1] === SP && isHex(b, q + ROW.daddr, 8)
      && b[q + ROW.dport - 1] === SP && isHex(b, q + ROW.dport, 4);
    if (!ok) return -1;
    const id = this.newGroup(b.toString('latin1', p, protocolEnd), b.toString('latin1', q + ROW.vaddr, q + ROW.dport + 4));
    this.groupByWords.add(this.groupKey, id);
    return id;
  }

  /** Splits on runs of spaces; returns the number of fields found (at most GENERAL_FIELDS). */
  private fields(b: Buffer, start: number, end: number): number {
    const s = this.starts;
    const e = this.ends;
    let n = 0;
    let i = start;
    while (i < end && n < GENERAL_FIELDS) {
      while (i < end && b[i] === SP) i++;
      if (i >= end) break;
      s[n] = i;
      while (i < end && b[i] !== SP) i++;
      e[n++] = i;
    }
    return n;
  }

  /** The general way: any line, split on spaces; the group by the text of its fields. */
  private line(b: Buffer, start: number, end: number): void {
    const n = this.fields(b, start, end);
    if (n === 0) return;
    const s = this.starts;
    const e = this.ends;
    if (e[0]! - s[0]! === 3 && b[s[0]!] === 0x50 && b[s[0]! + 1] === 0x72 && b[s[0]! + 2] === 0x6f) return; // "Pro", the header
    if (n < GENERAL_FIELDS || e[2]! - s[2]! !== 4) {
      this.malformed++;
      return;
    }
    const protocol = b.toString('latin1', s[0]!, e[0]!);
    const rest = b.toString('latin1', s[3]!, e[6]!);
    const key = `${protocol} ${rest}`;
    let group = this.groupByText.get(key);
    if (group === undefined) this.groupByText.set(key, (group = this.newGroup(protocol, rest)));
    const state = this.stateId(b.toString('latin1', s[7]!, e[7]!));
    // A template is a client port of 0 in a template state (NONE / ASSURED).
    const template = this.stateIsTemplate[state] && word(b, s[2]!) === ZERO_PORT ? 1 : 0;
    this.counts[group * this.stride + state * 2 + template]!++;
  }

  private newGroup(protocol: string, rest: string): number {
    const id = this.groups.length;
    this.groups.push({ protocol, rest });
    if ((id + 1) * this.stride > this.counts.length) this.relayout(this.stride, this.counts.length / this.stride * 2);
    return id;
  }

  private stateId(name: string): number {
    let id = this.stateByName.get(name);
    if (id === undefined) {
      id = this.stateNames.length;
      this.stateNames.push(name);
      this.stateIsTemplate.push(TEMPLATE_STATES.has(name));
      this.stateByName.set(name, id);
      if ((id + 1) * 2 > this.stride) this.relayout(this.stride * 2, this.counts.length / this.stride);
    }
    return id;
  }

  /** Moves the counts to room for `groups` groups of `stride` / 2 states. */
  private relayout(stride: number, groups: number): void {
    const counts = new Float64Array(stride * groups);
    for (let g = 0; g < this.groups.length; g++) counts.set(this.counts.subarray(g * this.stride, (g + 1) * this.stride), g * stride);
    this.counts = counts;
    this.stride = stride;
  }

  /** The counts of one group, connections (template 0) or templates (1), by name. */
  private named(group: number, template: 0 | 1): StateCounts {
    const out: StateCounts = {};
    for (let state = 0; state < this.stateNames.length; state++) {
      const n = this.counts[group * this.stride + state * 2 + template]!;
      if (n) out[this.stateNames[state]!] = n;
    }
    return out;
  }

  /** Ends the input and decodes the groups (once per group, not per row). */
  finish(takenAt: number, durationMs: number): ConnTableSummary {
    if (this.carried) this.line(this.carry, 0, this.carried);
    this.carried = 0;
    let rows = 0;
    let malformed = this.malformed;
    const states: StateCounts = {};
    const templates: StateCounts = {};
    const groups = new Map<string, ConnGroup>();
    this.groups.forEach((raw, id) => {
      const conns = this.named(id, 0);
      const tmpl = this.named(id, 1);
      const n = sum(conns) + sum(tmpl);
      const group = decodeGroup(raw, conns, tmpl);
      if (!group) {
        malformed += n;
        return;
      }
      rows += n;
      const key = connGroupKey(group.protocol, group.virtualAddress, group.virtualPort, group.destAddress, group.destPort);
      const into = groups.get(key);
      if (into) {
        addCounts(into.states, group.states);
        addCounts(into.templates, group.templates);
      } else groups.set(key, group);
      addCounts(states, conns);
      addCounts(templates, tmpl);
    });
    return { rows, states, templates, groups, takenAt, durationMs, malformed };
  }
}

function decodeGroup(g: RawGroup, states: StateCounts, templates: StateCounts): ConnGroup | undefined {
  const [vaddr, vport, daddr, dport] = g.rest.split(/ +/);
  if (!vaddr || !vport || !daddr || !dport || !isProcAddress(vaddr) || !isProcAddress(daddr)) return undefined;
  if (!/^[0-9A-Fa-f]{4}$/.test(vport) || !/^[0-9A-Fa-f]{4}$/.test(dport)) return undefined;
  return {
    protocol: g.protocol,
    af: procAddressFamily(vaddr),
    virtualAddress: decodeVirtual(g.protocol, vaddr),
    virtualPort: parseInt(vport, 16),
    destAddress: decodeProcAddress(daddr),
    destPort: parseInt(dport, 16),
    states,
    templates,
  };
}
