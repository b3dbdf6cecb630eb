/**
 * Counts /proc/net/ip_vs_conn by state, per group (virtual service and real
 * server) and templates apart, without a string or an object per row: a
 * director's table has hundreds of thousands of rows and the monitor reads
 * it every few seconds. Line format: see connParser.ts.
 */
import {
  addCounts,
  connGroupKey,
  decodeProcAddress,
  decodeVirtual,
  LineSplitter,
  MAX_LINE_BYTES,
  procAddressFamily,
  sum,
  TEMPLATE_STATES,
} from './connParser.js';
import { IPV4_LAYOUT, STATE_WIDTH } from './fixedRow.js';
import { MAX_GROUPS } from './limits.js';
import { LineFields } from './lineFields.js';
import { areUpperHexWords, decimalAt, isHexRun, isSpacesThenDigits, wordThenSpaces } from './rowBytes.js';
import { isKnownProtocol, isStateOf, KNOWN_STATES, MAX_STATE_LENGTH } from './states.js';
import type { ConnGroup, ConnTableSummary, ReadCutShort, StateCounts } from './types.js';
import { finalHash, MULTIPLIERS, WordTable } from './wordTable.js';

const NL = 0x0a;
const SP = 0x20;
/** Where an IPv4 row's fields are in the kernel's layout, one byte on after a four-letter protocol (SCTP). */
const ROW = IPV4_LAYOUT;
/** "0000", a template's client port, as four bytes read little-endian. */
const ZERO_PORT = 0x30303030;

/** A group while counting: its raw fields, decoded once at the end. */
interface RawGroup {
  protocol: string;
  /** Fields 3..6 as printed (virtual address and port, destination address and port). */
  rest: string;
}

/**
 * Counts /proc/net/ip_vs_conn by state, per group and templates apart, fed
 * in chunks of any size. A director's table has hundreds of thousands of rows
 * and the monitor reads it every few seconds, so:
 *
 * - IPv4 rows in the kernel's fixed layout (nearly all of them) are read at
 *   fixed offsets, four bytes at a time: the group is found by the raw words
 *   of protocol, virtual and destination address and port, the state by the
 *   raw words of its padded field. Those bytes are validated only when a new
 *   group or state is met, since equal bytes are equally valid; the client's
 *   fields and the expiry, unique to each row, on every row.
 * - Anything else (IPv6, persistence engine columns, long state names, odd
 *   lines) is split on spaces, grouped by a string of its fields.
 * - Counts live in one Float64Array by (group, state, template); strings are
 *   made once per group and state and decoded into addresses at the end.
 *
 * A row is counted only as parseConnLine() would read it; any other line but
 * the header and blanks is counted as malformed.
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
  /** The longest expiry (seconds) among each group's entries: a draining server's worst-case time to empty. */
  private maxExpires = new Float64Array(64);
  private readonly groupKey = new Int32Array(8);
  private readonly stateKey = new Int32Array(3);
  /** The fields of a line read the general way. */
  private readonly fields = new LineFields();
  /** Lines cut by the end of a chunk. */
  private readonly cut = new LineSplitter(
    (b, s, e) => this.line(b, s, e),
    () => this.malformed++,
  );
  private malformed = 0;
  /** MAX_GROUPS reached: the count stops. */
  private full = false;

  /** `fastPath: false` reads every row the general way (to test one against the other). */
  constructor(options: { fastPath?: boolean } = {}) {
    this.fastPath = options.fastPath ?? true;
  }

  /** Counts a chunk; false once the count holds MAX_GROUPS groups and takes no more. */
  push(chunk: Buffer): boolean {
    if (this.full) return false;
    const from = this.cut.resume(chunk);
    const end = this.full ? -1 : this.lines(chunk, from);
    if (end < 0) return false;
    this.cut.keep(chunk, end);
    return true;
  }

  /** Counts the complete lines of `b` from `p`; returns where the cut last line starts, -1 when full. */
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
      if (nl - p > MAX_LINE_BYTES) this.malformed++;
      else this.line(b, p, nl);
      if (this.full) return -1;
      p = nl + 1;
    }
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
    if (b[q + 3] !== SP || b[q + ROW.cport - 1] !== SP) return 0;
    if (b[q + ROW.state - 1] !== SP || b[q + ROW.expires - 1] !== SP) return 0;
    const cport = v.getInt32(q + ROW.cport, true);
    if (!areUpperHexWords(v.getInt32(q + ROW.caddr, true), v.getInt32(q + ROW.caddr + 4, true), cport)) return 0;
    if (!isSpacesThenDigits(v.getInt32(q + ROW.expires - 1, true), v.getInt32(q + ROW.expires + 3, true))) return 0;

    const sk = this.stateKey;
    const m = MULTIPLIERS;
    // The padded state and the space after it: 12 bytes.
    let h = 0;
    for (let i = 0, at = q + ROW.state; i < 3; i++, at += 4) {
      const word = v.getInt32(at, true);
      sk[i] = word;
      h = (h + Math.imul(word, m[i]!)) | 0;
    }
    let state = this.stateByWords.get(sk, finalHash(h));
    if (state < 0) state = this.newFixedState(b, q);
    if (state < 0) return 0;

    const gk = this.groupKey;
    // The protocol, then bytes 17..44: the spaces and virtual and destination address and port.
    const first = v.getInt32(p, true);
    gk[0] = first;
    h = Math.imul(first, m[0]!);
    for (let i = 1, at = q + ROW.vaddr - 1; i < 8; i++, at += 4) {
      const word = v.getInt32(at, true);
      gk[i] = word;
      h = (h + Math.imul(word, m[i]!)) | 0;
    }
    let group = this.groupByWords.get(gk, finalHash(h));
    if (group < 0) group = this.newFixedGroup(b, p, q);
    if (group < 0) return 0;

    const template = cport === ZERO_PORT && this.stateIsTemplate[state] ? 1 : 0;
    this.counts[group * this.stride + state * 2 + template]!++;
    this.noteExpiry(group, decimalAt(b, q + ROW.expires, q + ROW.end));
    return q + ROW.end + 1 - p;
  }

  /** A state field not met before: its id if it is a known name padded with spaces, else -1. */
  private newFixedState(b: Buffer, q: number): number {
    const at = q + ROW.state;
    const end = wordThenSpaces(b, at, at + STATE_WIDTH);
    const id = end < 0 ? -1 : this.stateId(b, at, end);
    if (id >= 0) this.stateByWords.add(this.stateKey, id);
    return id;
  }

  /** A group not met before: its id if its fields are what splitting on spaces would find and valid, else -1. */
  private newFixedGroup(b: Buffer, p: number, q: number): number {
    const protocolEnd = wordThenSpaces(b, p, q + 3);
    const ok =
      protocolEnd > 0 &&
      b[q + ROW.vaddr - 1] === SP &&
      isHexRun(b, q + ROW.vaddr, 8) &&
      b[q + ROW.vport - 1] === SP &&
      isHexRun(b, q + ROW.vport, 4) &&
      b[q + ROW.daddr - 1] === SP &&
      isHexRun(b, q + ROW.daddr, 8) &&
      b[q + ROW.dport - 1] === SP &&
      isHexRun(b, q + ROW.dport, 4);
    const protocol = ok ? b.toString('latin1', p, protocolEnd) : '';
    if (!isKnownProtocol(protocol)) return -1;
    const id = this.newGroup(protocol, b.toString('latin1', q + ROW.vaddr, q + ROW.dport + 4));
    if (id >= 0) this.groupByWords.add(this.groupKey, id);
    return id;
  }

  /** The general way: any line, split on spaces; the group by the text of its fields. */
  private line(b: Buffer, start: number, end: number): void {
    const f = this.fields;
    if (f.split(b, start, end) === 0 || f.isHeader(b)) return;
    const s = f.starts;
    const e = f.ends;
    const state = f.isRow(b) ? this.stateId(b, s[7]!, e[7]!) : -1;
    const protocol = state < 0 ? '' : b.toString('latin1', s[0]!, e[0]!);
    if (!isKnownProtocol(protocol)) {
      this.malformed++;
      return;
    }
    const rest = b.toString('latin1', s[3]!, e[6]!);
    const key = `${protocol} ${rest}`;
    let group = this.groupByText.get(key);
    if (group === undefined) {
      group = this.newGroup(protocol, rest);
      if (group < 0) return;
      this.groupByText.set(key, group);
    }
    // A template is a client port of 0 in a template state (NONE / ASSURED).
    const template = this.stateIsTemplate[state] && b.readInt32LE(s[2]!) === ZERO_PORT ? 1 : 0;
    this.counts[group * this.stride + state * 2 + template]!++;
    this.noteExpiry(group, decimalAt(b, s[8]!, e[8]!));
  }

  private noteExpiry(group: number, seconds: number): void {
    if (seconds > this.maxExpires[group]!) this.maxExpires[group] = seconds;
  }

  /** A new group's id, or -1 (and the count is full) past MAX_GROUPS. */
  private newGroup(protocol: string, rest: string): number {
    const id = this.groups.length;
    if (id >= MAX_GROUPS) {
      this.full = true;
      return -1;
    }
    this.groups.push({ protocol, rest });
    if (id >= this.maxExpires.length) {
      const grown = new Float64Array(this.maxExpires.length * 2);
      grown.set(this.maxExpires);
      this.maxExpires = grown;
    }
    if ((id + 1) * this.stride > this.counts.length) this.relayout(this.stride, (this.counts.length / this.stride) * 2);
    return id;
  }

  /** The id of the state named by b[start, end), or -1 if the kernel has no such state. */
  private stateId(b: Buffer, start: number, end: number): number {
    if (end - start > MAX_STATE_LENGTH) return -1;
    const name = b.toString('latin1', start, end);
    let id = this.stateByName.get(name);
    if (id === undefined) {
      if (!KNOWN_STATES.has(name)) return -1;
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
    for (let g = 0; g < this.groups.length; g++) {
      counts.set(this.counts.subarray(g * this.stride, (g + 1) * this.stride), g * stride);
    }
    this.counts = counts;
    this.stride = stride;
  }

  /**
   * The counts of one group by name, connections (template 0) or templates
   * (1); `wrong`: its rows in states not of its protocol.
   */
  private named(group: number, template: 0 | 1): { counts: StateCounts; wrong: number } {
    const protocol = this.groups[group]!.protocol;
    const counts: StateCounts = {};
    let wrong = 0;
    for (let state = 0; state < this.stateNames.length; state++) {
      const n = this.counts[group * this.stride + state * 2 + template]!;
      const name = this.stateNames[state]!;
      if (!n) continue;
      if (isStateOf(protocol, name)) counts[name] = n;
      else wrong += n;
    }
    return { counts, wrong };
  }

  /**
   * Ends the input and decodes the groups (once per group, not per row).
   * `cut`: the read stopped early, so a last line without its newline is a
   * fragment, not a row.
   */
  finish(takenAt: number, durationMs: number, cut?: ReadCutShort): ConnTableSummary {
    const truncated = cut ?? (this.full ? 'groups' : undefined);
    this.cut.finish(truncated !== undefined);
    let rows = 0;
    let malformed = this.malformed;
    const states: StateCounts = {};
    const templates: StateCounts = {};
    const groups = new Map<string, ConnGroup>();
    this.groups.forEach((raw, id) => {
      const conns = this.named(id, 0);
      const tmpl = this.named(id, 1);
      malformed += conns.wrong + tmpl.wrong;
      const n = sum(conns.counts) + sum(tmpl.counts);
      if (n === 0) return;
      rows += n;
      const group = decodeGroup(raw, conns.counts, tmpl.counts, this.maxExpires[id]!);
      const { protocol, virtualAddress, virtualPort, destAddress, destPort } = group;
      const key = connGroupKey(protocol, virtualAddress, virtualPort, destAddress, destPort);
      const into = groups.get(key);
      if (into) {
        addCounts(into.states, group.states);
        addCounts(into.templates, group.templates);
        into.maxExpires = Math.max(into.maxExpires, group.maxExpires);
      } else groups.set(key, group);
      addCounts(states, conns.counts);
      addCounts(templates, tmpl.counts);
    });
    return { rows, states, templates, groups, takenAt, durationMs, malformed, truncated };
  }
}

/** A group's fields, validated when it was made. */
function decodeGroup(g: RawGroup, states: StateCounts, templates: StateCounts, maxExpires: number): ConnGroup {
  const [vaddr = '', vport = '', daddr = '', dport = ''] = g.rest.split(/ +/);
  return {
    protocol: g.protocol,
    af: procAddressFamily(vaddr),
    virtualAddress: decodeVirtual(g.protocol, vaddr),
    virtualPort: parseInt(vport, 16),
    destAddress: decodeProcAddress(daddr),
    destPort: parseInt(dport, 16),
    states,
    templates,
    maxExpires,
  };
}
