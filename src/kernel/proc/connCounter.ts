/**
 * Counts /proc/net/ip_vs_conn by state, per group and templates apart,
 * without building a string or an object per row: a director's table has
 * hundreds of thousands of rows and the monitor reads it every few seconds.
 *
 * Per row: one pass over its bytes to find the fields; IPv4 groups are found
 * by numbers parsed from the hex fields (protocol -> vaddr:vport ->
 * daddr:dport), other rows by a string key; the state by its length and two
 * of its bytes, checked against the name. Strings are made once per group
 * and once per state name, and decoded into addresses only at the end.
 */
import { addCounts, connGroupKey, decodeProcAddress, decodeVirtual, isProcAddress, LineSplitter, sum, TEMPLATE_STATES } from './connParser.js';
import type { ConnGroup, ConnTableSummary, StateCounts } from './types.js';

const SP = 0x20;
const MAX_FIELDS = 9;

/** Hex digit values, -1 for anything else. */
const HEX = new Int8Array(256).fill(-1);
for (let i = 0; i < 10; i++) HEX[0x30 + i] = i;
for (let i = 0; i < 6; i++) {
  HEX[0x41 + i] = 10 + i;
  HEX[0x61 + i] = 10 + i;
}

/** The value of `len` hex digits at `at`, or -1. */
function hexAt(buf: Buffer, at: number, len: number): number {
  let v = 0;
  for (let i = at; i < at + len; i++) {
    const d = HEX[buf[i]!]!;
    if (d < 0) return -1;
    v = v * 16 + d;
  }
  return v;
}

/** A group while counting: raw text for decoding later, counts by state id. */
interface RawGroup {
  protocol: string;
  /** Fields 3..6 as printed (virtual address and port, destination address and port). */
  rest: string;
  conns: number[];
  templates: number[];
}

export class ConnCounter {
  private readonly splitter = new LineSplitter();
  /** IPv4 rows: protocol -> (vaddr * 65536 + vport) -> (daddr * 65536 + dport) -> group. */
  private readonly v4 = new Map<string, Map<number, Map<number, RawGroup>>>();
  /** Everything else (IPv6 rows): by the text of the fields. */
  private readonly other = new Map<string, RawGroup>();
  private readonly groups: RawGroup[] = [];
  /** State names by id, whether they are template states, and the lookup by shape. */
  private readonly stateNames: string[] = [];
  private readonly stateIsTemplate: boolean[] = [];
  private readonly stateByShape = new Map<number, number>();
  private readonly stateByName = new Map<string, number>();
  private readonly starts = new Int32Array(MAX_FIELDS);
  private readonly ends = new Int32Array(MAX_FIELDS);
  private readonly onLine = (b: Buffer, s: number, e: number): void => this.line(b, s, e);
  rows = 0;
  malformed = 0;

  push(chunk: Buffer): void {
    this.splitter.push(chunk, this.onLine);
  }

  /** Splits on runs of spaces; returns the number of fields found (at most MAX_FIELDS). */
  private fields(buf: Buffer, start: number, end: number): number {
    const s = this.starts;
    const e = this.ends;
    let n = 0;
    let i = start;
    while (i < end && n < MAX_FIELDS) {
      while (i < end && buf[i] === SP) i++;
      if (i >= end) break;
      s[n] = i;
      while (i < end && buf[i] !== SP) i++;
      e[n++] = i;
    }
    return n;
  }

  private line(buf: Buffer, start: number, end: number): void {
    const n = this.fields(buf, start, end);
    if (n === 0) return;
    const s = this.starts;
    const e = this.ends;
    if (buf[s[0]!] === 0x50 /* P */ && e[0]! - s[0]! === 3 && buf[s[0]! + 1] === 0x72 && buf[s[0]! + 2] === 0x6f) return; // "Pro" header
    if (n < 9 || e[2]! - s[2]! !== 4) {
      this.malformed++;
      return;
    }
    const g = this.group(buf);
    const state = this.stateId(buf, s[7]!, e[7]!);
    // A template is a client port of 0 in a template state (NONE / ASSURED).
    const template = this.stateIsTemplate[state]! && buf.readUInt32BE(s[2]!) === 0x30303030;
    const counts = template ? g.templates : g.conns;
    counts[state] = (counts[state] ?? 0) + 1;
    this.rows++;
  }

  private group(buf: Buffer): RawGroup {
    const s = this.starts;
    const e = this.ends;
    const ipv4 = e[3]! - s[3]! === 8 && e[4]! - s[4]! === 4 && e[5]! - s[5]! === 8 && e[6]! - s[6]! === 4;
    if (ipv4) {
      const vaddr = hexAt(buf, s[3]!, 8);
      const vport = hexAt(buf, s[4]!, 4);
      const daddr = hexAt(buf, s[5]!, 8);
      const dport = hexAt(buf, s[6]!, 4);
      if (vaddr >= 0 && vport >= 0 && daddr >= 0 && dport >= 0) {
        const protocol = this.protocol(buf);
        let byV = this.v4.get(protocol);
        if (!byV) this.v4.set(protocol, (byV = new Map()));
        const vkey = vaddr * 65536 + vport;
        let byD = byV.get(vkey);
        if (!byD) byV.set(vkey, (byD = new Map()));
        const dkey = daddr * 65536 + dport;
        let g = byD.get(dkey);
        if (!g) byD.set(dkey, (g = this.newGroup(buf, protocol)));
        return g;
      }
    }
    const protocol = this.protocol(buf);
    const key = `${protocol} ${buf.toString('latin1', s[3]!, e[6]!)}`;
    let g = this.other.get(key);
    if (!g) this.other.set(key, (g = this.newGroup(buf, protocol)));
    return g;
  }

  /** Protocol names are few: TCP, UDP, SCTP, ICMP, IP. */
  private lastProtocol = '';
  private protocol(buf: Buffer): string {
    const s = this.starts[0]!;
    const len = this.ends[0]! - s;
    const p = this.lastProtocol;
    if (p.length === len) {
      let same = true;
      for (let i = 0; i < len; i++) if (buf[s + i] !== p.charCodeAt(i)) same = false;
      if (same) return p;
    }
    return (this.lastProtocol = buf.toString('latin1', s, s + len));
  }

  private newGroup(buf: Buffer, protocol: string): RawGroup {
    const g: RawGroup = { protocol, rest: buf.toString('latin1', this.starts[3]!, this.ends[6]!), conns: [], templates: [] };
    this.groups.push(g);
    return g;
  }

  /** The id of the state name at [start, end), found by its shape and checked byte by byte. */
  private stateId(buf: Buffer, start: number, end: number): number {
    const len = end - start;
    const shape = (len << 16) | (buf[start]! << 8) | buf[start + Math.min(4, len - 1)]!;
    const id = this.stateByShape.get(shape);
    if (id !== undefined) {
      const name = this.stateNames[id]!;
      let same = name.length === len;
      for (let i = 0; same && i < len; i++) same = buf[start + i] === name.charCodeAt(i);
      if (same) return id;
    }
    // New name, or two names of one shape: by name (only the first of a shape is found by shape).
    const name = buf.toString('latin1', start, end);
    let known = this.stateByName.get(name);
    if (known === undefined) {
      known = this.stateNames.length;
      this.stateNames.push(name);
      this.stateIsTemplate.push(TEMPLATE_STATES.has(name));
      this.stateByName.set(name, known);
      if (id === undefined) this.stateByShape.set(shape, known);
    }
    return known;
  }

  private named(counts: readonly number[]): StateCounts {
    const out: StateCounts = {};
    counts.forEach((n, id) => {
      if (n) out[this.stateNames[id]!] = n;
    });
    return out;
  }

  /** Ends the input and decodes the groups (once per group, not per row). */
  finish(takenAt: number, durationMs: number): ConnTableSummary {
    this.splitter.finish(this.onLine);
    const states: StateCounts = {};
    const templates: StateCounts = {};
    const groups = new Map<string, ConnGroup>();
    for (const raw of this.groups) {
      const conns = this.named(raw.conns);
      const tmpl = this.named(raw.templates);
      const group = decodeGroup(raw, conns, tmpl);
      if (!group) {
        const lost = sum(conns) + sum(tmpl);
        this.malformed += lost;
        this.rows -= lost;
        continue;
      }
      const key = connGroupKey(group.protocol, group.virtualAddress, group.virtualPort, group.destAddress, group.destPort);
      const into = groups.get(key);
      if (into) {
        addCounts(into.states, group.states);
        addCounts(into.templates, group.templates);
      } else groups.set(key, group);
      addCounts(states, conns);
      addCounts(templates, tmpl);
    }
    return { rows: this.rows, states, templates, groups, takenAt, durationMs, malformed: this.malformed };
  }
}

function decodeGroup(g: RawGroup, states: StateCounts, templates: StateCounts): ConnGroup | undefined {
  const [vaddr, vport, daddr, dport] = g.rest.split(/ +/);
  if (!vaddr || !vport || !daddr || !dport || !isProcAddress(vaddr) || !isProcAddress(daddr)) return undefined;
  const vp = parseInt(vport, 16);
  const dp = parseInt(dport, 16);
  if (!/^[0-9A-Fa-f]{4}$/.test(vport) || !/^[0-9A-Fa-f]{4}$/.test(dport) || Number.isNaN(vp) || Number.isNaN(dp)) return undefined;
  return {
    protocol: g.protocol,
    virtualAddress: decodeVirtual(g.protocol, vaddr),
    virtualPort: vp,
    destAddress: decodeProcAddress(daddr),
    destPort: dp,
    states,
    templates,
  };
}
