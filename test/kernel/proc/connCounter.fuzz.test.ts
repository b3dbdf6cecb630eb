/**
 * Fuzzing the /proc/net/ip_vs_conn parser and counter with fast-check: the
 * captured lines mutated (hostile bytes, fields dropped, swapped or replaced
 * by long junk, lines cut and joined) and plain random bytes, fed in random
 * chunks. The counter, both ways, must count exactly what the row parser
 * accepts and call everything else malformed; a row the parser accepts must
 * read back the same when printed as the kernel prints it. Nothing throws.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseIPv4, parseIPv6 } from '../../../src/kernel/netlink/address.js';
import { ConnCounter } from '../../../src/kernel/proc/connCounter.js';
import {
  connGroupKey,
  isHeaderOrBlank,
  LineSplitter,
  MAX_LINE_BYTES,
  parseConnLine,
} from '../../../src/kernel/proc/connParser.js';
import { isStateOf, KNOWN_STATES } from '../../../src/kernel/proc/states.js';
import type { ConnRow, ConnTableSummary, StateCounts } from '../../../src/kernel/proc/types.js';

const RUNS = 400;
const fixtureLines = (name: string): string[] =>
  readFileSync(new URL(`../../fixtures/proc/${name}`, import.meta.url), 'latin1')
    .split('\n')
    .filter((l) => l !== '');
const GOLDEN = [...fixtureLines('ip_vs_conn.lab'), ...fixtureLines('hand.txt')];

/** Bytes that break fields: separators, case, letters just past hex, controls, high bytes. */
const HOSTILE = [
  ' ',
  '  ',
  '\t',
  '\r',
  '\n',
  ':',
  '-',
  '_',
  'G',
  'g',
  'f',
  'Z',
  '@',
  '/',
  '\x00',
  '\x7f',
  '\xff',
  '0',
  '9',
  'A',
  'F',
];
const stateLike = fc.string({ unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ_-'.split('')), maxLength: 3000 });
const junkField = fc.oneof(
  stateLike,
  fc.string({ unit: fc.constantFrom(...'0123456789ABCDEFabcdef:'.split('')), maxLength: 45 }),
  fc.string({ unit: 'binary-ascii', maxLength: 20 }),
  fc.constantFrom(
    'ESTABLISHED',
    'UDP',
    'NONE',
    'ASSURED',
    'C-SENT',
    'ERR!',
    'BUG!',
    '?',
    'TCP',
    'SCTP',
    'IP',
    'Pro',
    'IP_51',
    '',
  ),
);

/** Known names in the wrong place: a protocol's field, a state of another protocol. */
const knownName = fc.constantFrom(...KNOWN_STATES, 'TCP', 'UDP', 'SCTP', 'IP', 'ICMP', 'ICMPv6');

type Mutation = (line: string) => string;
const at = (s: string, i: number): number => (s.length ? i % s.length : 0);
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.tuple(fc.nat(), fc.constantFrom(...HOSTILE)).map(
    ([i, c]) =>
      (l: string) =>
        l.slice(0, at(l, i)) + c + l.slice(at(l, i) + 1),
  ),
  fc.tuple(fc.nat(), fc.constantFrom(...HOSTILE)).map(
    ([i, c]) =>
      (l: string) =>
        l.slice(0, at(l, i)) + c + l.slice(at(l, i)),
  ),
  fc.tuple(fc.nat(), fc.nat({ max: 12 })).map(
    ([i, n]) =>
      (l: string) =>
        l.slice(0, at(l, i)) + l.slice(at(l, i) + n),
  ),
  fc.nat().map((i) => (l: string) => l.slice(0, at(l, i))),
  fc.tuple(fc.nat({ max: 11 }), junkField).map(([k, junk]) => (l: string) => {
    const f = l.split(/( +)/);
    f[k * 2] = junk;
    return f.join('');
  }),
  fc.tuple(fc.constantFrom(0, 7), knownName).map(([k, name]) => (l: string) => {
    const f = l.split(/( +)/);
    f[k * 2] = name;
    return f.join('');
  }),
  fc.nat({ max: 11 }).map(
    (k) => (l: string) =>
      l
        .split(' ')
        .filter((_, i) => i !== k)
        .join(' '),
  ),
  fc.tuple(fc.nat({ max: 11 }), fc.nat({ max: 11 })).map(([a, b]) => (l: string) => {
    const f = l.split(' ');
    [f[a], f[b]] = [f[b] ?? '', f[a] ?? ''];
    return f.join(' ');
  }),
  fc.nat({ max: 3 }).map((n) => (l: string) => `${l}${' extra'.repeat(n)}`),
);

const mutatedLine = fc
  .tuple(fc.constantFrom(...GOLDEN), fc.array(mutation, { maxLength: 3 }))
  .map(([line, ms]) => ms.reduce((l, m) => m(l), line));
const table = fc
  .array(fc.oneof({ weight: 1, arbitrary: fc.constantFrom(...GOLDEN) }, { weight: 3, arbitrary: mutatedLine }), {
    maxLength: 40,
  })
  .chain((lines) => fc.tuple(fc.constant(lines), fc.boolean()))
  .map(([lines, finalNewline]) => Buffer.from(lines.join('\n') + (finalNewline ? '\n' : ''), 'latin1'));
const randomBytes = fc.oneof(
  fc.uint8Array({ maxLength: 3000 }).map((a) => Buffer.from(a)),
  // Mostly the format's own bytes, so that lines get far enough to matter.
  fc
    .array(fc.constantFrom(...' \n0123456789ABCDEFTCPUDNOSIL_'.split('')), { maxLength: 3000 })
    .map((cs) => cs.join(''))
    .map((s) => Buffer.from(s, 'latin1')),
);
/** Cut points for feeding a buffer in chunks. */
const cuts = fc.array(fc.nat(), { maxLength: 8 });

function chunks(b: Buffer, at: number[]): Buffer[] {
  const points = [...new Set(at.map((p) => (b.length ? p % (b.length + 1) : 0)))].sort((x, y) => x - y);
  const out: Buffer[] = [];
  let from = 0;
  for (const p of [...points, b.length]) {
    out.push(Buffer.from(b.subarray(from, p)));
    from = p;
  }
  return out;
}

function count(b: Buffer, at: number[], fastPath: boolean): ConnTableSummary {
  const c = new ConnCounter({ fastPath });
  for (const chunk of chunks(b, at)) c.push(chunk);
  return c.finish(0, 0);
}

/** What the counter must find: every line through parseConnLine(). */
function reference(b: Buffer) {
  let rows = 0;
  let malformed = 0;
  const states: StateCounts = {};
  const templates: StateCounts = {};
  const groups = new Map<string, { states: StateCounts; templates: StateCounts }>();
  for (const line of b.toString('latin1').split('\n')) {
    const row = parseConnLine(line);
    if (!row) {
      if (!isHeaderOrBlank(line)) malformed++;
      continue;
    }
    rows++;
    const key = connGroupKey(row.protocol, row.virtualAddress, row.virtualPort, row.destAddress, row.destPort);
    const g = groups.get(key) ?? { states: {}, templates: {} };
    groups.set(key, g);
    for (const into of row.template ? [templates, g.templates] : [states, g.states])
      into[row.state] = (into[row.state] ?? 0) + 1;
  }
  return { rows, malformed, states, templates, groups: [...groups.entries()].sort(([x], [y]) => x.localeCompare(y)) };
}

const comparable = (s: ConnTableSummary) => ({
  rows: s.rows,
  malformed: s.malformed,
  states: s.states,
  templates: s.templates,
  groups: [...s.groups.entries()]
    .map(([k, g]) => [k, { states: g.states, templates: g.templates }])
    .sort(([x], [y]) => String(x).localeCompare(String(y))),
});

/** A row as the kernel prints it (ip_vs_conn_seq_show), from its decoded fields. */
function kernelLine(r: ConnRow): string {
  const address = (text: string): string =>
    text.includes(':')
      ? [...parseIPv6(text)]
          .map((x) => x.toString(16).padStart(2, '0'))
          .join('')
          .match(/..../g)!
          .join(':')
      : parseIPv4(text).toString('hex').toUpperCase();
  const port = (p: number): string => p.toString(16).toUpperCase().padStart(4, '0');
  const pe = r.peName === '' ? '' : ` ${r.peName}${r.peData === '' ? '' : ` ${r.peData}`}`;
  return (
    `${r.protocol.padEnd(3)} ${address(r.clientAddress)} ${port(r.clientPort)} ${address(r.virtualAddressAsIp)} ${port(r.virtualPort)} ` +
    `${address(r.destAddress)} ${port(r.destPort)} ${r.state.padEnd(11)} ${String(r.expires).padStart(7)}${pe}`
  );
}

describe('ip_vs_conn fuzzing: the counter counts what the row parser accepts, nothing else', () => {
  for (const [name, input] of [
    ['mutated captured lines', table],
    ['random bytes', randomBytes],
  ] as const) {
    it(`${name}, in random chunks, both ways (${RUNS} cases)`, () => {
      fc.assert(
        fc.property(input, cuts, (b, at) => {
          const want = reference(b);
          expect(comparable(count(b, at, true))).toEqual(want);
          expect(comparable(count(b, at, false))).toEqual(want);
        }),
        { numRuns: RUNS },
      );
    });
  }

  it(`a row it accepts is well formed and reads back the same as the kernel prints it (${RUNS} cases)`, () => {
    fc.assert(
      fc.property(mutatedLine, (line) => {
        const row = parseConnLine(line);
        if (!row) return;
        expect(isStateOf(row.protocol, row.state)).toBe(true);
        for (const p of [row.clientPort, row.virtualPort, row.destPort]) expect(p >= 0 && p <= 0xffff).toBe(true);
        expect(parseConnLine(kernelLine(row))).toEqual(row);
      }),
      { numRuns: RUNS * 2 },
    );
  });

  it(`lines split alike in any chunks; long ones are reported, not kept (${RUNS} cases)`, () => {
    const longLines = fc.array(
      fc.oneof(
        mutatedLine,
        fc.nat({ max: 3 * MAX_LINE_BYTES }).map((n) => 'x'.repeat(n)),
      ),
      { maxLength: 12 },
    );
    fc.assert(
      fc.property(longLines, cuts, (lines, at) => {
        const b = Buffer.from(lines.join('\n'), 'latin1');
        const seen: string[] = [];
        const splitter = new LineSplitter(
          (buf, s, e) => seen.push(buf.toString('latin1', s, e)),
          () => seen.push('<long>'),
        );
        for (const chunk of chunks(b, at)) splitter.push(chunk);
        splitter.finish(false);
        const want = b
          .toString('latin1')
          .split('\n')
          .map((l) => (l.length > MAX_LINE_BYTES ? '<long>' : l));
        // A final empty "line" after the last newline is not a line.
        if (want.at(-1) === '') want.pop();
        expect(seen).toEqual(want);
      }),
      { numRuns: RUNS },
    );
  });
});
