/**
 * Rows a read() of /proc/net/ip_vs_conn repeats from the one before are dropped: on the lab kernel's rows
 * (test/fixtures/proc/ip_vs_conn.lab), read the way the kernel writes the file (a page a read, each read
 * from a position in the one table of every namespace) while other namespaces' entries come in between.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SeamRepeats, sameEntry } from '../../../src/kernel/proc/seamRepeats.js';

const [HEADER, ...ROWS] = readFileSync(new URL('../../fixtures/proc/ip_vs_conn.lab', import.meta.url), 'latin1')
  .split('\n')
  .filter((l) => l !== '');
const PAGE = 4096;

/** A row with its expiry (the ninth field) set to `s` seconds, right-aligned in 7 as the kernel prints it. */
const expiring = (row: string, s: number): string =>
  row.replace(/^((?:\S+ +){7}\S+ +?)( *\d+)/, (_, head: string, old: string) => head + String(s).padStart(old.length));

/**
 * The kernel's table: entries in order, each a row of this namespace or undefined (another namespace's,
 * counted, not shown). A read from position `pos` (0 is the header) fills at most a page with whole rows.
 */
function readAt(
  table: (string | undefined)[],
  pos: number,
  tick: number,
  page = PAGE,
): { bytes: Buffer; next: number } {
  let out = '';
  let at = pos;
  if (at === 0) {
    out = `${HEADER}\n`;
    at = 1;
  }
  for (; at <= table.length; at++) {
    const row = table[at - 1];
    if (row === undefined) continue;
    const line = `${expiring(row, 900 - tick)}\n`;
    // A first row longer than the page still comes whole, as the kernel's buffer grows for it.
    if (out.length > 0 && out.length + line.length > page) break;
    out += line;
  }
  return { bytes: Buffer.from(out, 'latin1'), next: at };
}

/** The rows of a whole read, through SeamRepeats, with entries of other namespaces added before the position between reads. */
function readWhole(visible: string[], added: (pos: number, read: number) => number[], page = PAGE): string[] {
  const table: (string | undefined)[] = [...visible];
  const seams = new SeamRepeats();
  const got: string[] = [];
  let pos = 0;
  for (let read = 0; read < 1000; read++) {
    const { bytes, next } = readAt(table, pos, read, page);
    if (bytes.length === 0) break;
    got.push(seams.trim(bytes).toString('latin1'));
    pos = next;
    for (const at of added(pos, read)) table.splice(at, 0, undefined);
  }
  return got
    .join('')
    .split('\n')
    .filter((l) => l !== '');
}

const masked = (rows: string[]): string[] => rows.map((r) => expiring(r, 0));

describe('SeamRepeats', () => {
  it('a still table reads whole, every row once (the fixture spans several pages)', () => {
    expect(Buffer.byteLength(ROWS.join('\n'))).toBeGreaterThan(2 * PAGE);
    expect(masked(readWhole(ROWS, () => []))).toEqual(masked([HEADER!, ...ROWS]));
  });

  it("entries of another namespace added before the position between reads: every row once, in the kernel's order", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(10), fc.nat(1000)), { minLength: 1, maxLength: 40 }), (adds) => {
        const rows = readWhole(ROWS, (pos, read) => {
          const [count, seed] = adds[read % adds.length]!;
          // Before the position (pos - 1 entries precede it), where the read just was.
          return Array.from({ length: count }, (_, i) => Math.max(0, pos - 1 - ((seed + i * 7) % 30)));
        });
        expect(masked(rows)).toEqual(masked([HEADER!, ...ROWS]));
      }),
      { numRuns: 300 },
    );
  });

  it("reads of any size, a row to several pages (a long row grows the kernel's buffer), with entries added between", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3 * PAGE }), fc.nat(6), (page, count) => {
        const rows = readWhole(ROWS, (pos) => Array.from({ length: count }, (_, i) => Math.max(0, pos - 1 - i)), page);
        expect(masked(rows)).toEqual(masked([HEADER!, ...ROWS]));
      }),
      { numRuns: 300 },
    );
  });

  it('without it, the same reads give rows twice (the model repeats what the kernel does)', () => {
    const table: (string | undefined)[] = [...ROWS];
    const first = readAt(table, 0, 0);
    table.splice(0, 0, undefined, undefined);
    const second = readAt(table, first.next, 1);
    const lastTwo = first.bytes.toString('latin1').split('\n').slice(-3, -1);
    expect(masked(second.bytes.toString('latin1').split('\n').slice(0, 2))).toEqual(masked(lastTwo));
  });

  it('a row whose state or expiry moved between reads is the same entry', () => {
    const seams = new SeamRepeats();
    const row = ROWS.find((r) => r.includes('ESTABLISHED'))!;
    seams.trim(Buffer.from(`${HEADER}\n${row}\n`));
    const again = expiring(row.replace('ESTABLISHED', 'FIN_WAIT   '), 119);
    expect(seams.trim(Buffer.from(`${again}\n${ROWS[0]}\n`)).toString()).toBe(`${ROWS[0]}\n`);
  });

  it('a block of nothing but repeats gives nothing', () => {
    const seams = new SeamRepeats();
    seams.trim(Buffer.from(`${ROWS.slice(0, 5).join('\n')}\n`));
    expect(seams.trim(Buffer.from(`${ROWS.slice(3, 5).join('\n')}\n`)).length).toBe(0);
  });

  it('rows of the block before that do not end it are not repeats: kept', () => {
    const seams = new SeamRepeats();
    seams.trim(Buffer.from(`${ROWS.slice(0, 5).join('\n')}\n`));
    const next = `${[ROWS[2], ROWS[3], ROWS[9]].join('\n')}\n`;
    expect(seams.trim(Buffer.from(next)).toString()).toBe(next);
  });

  it('after a block cut inside a row (no read() of the kernel ends so), nothing is dropped', () => {
    const seams = new SeamRepeats();
    const text = `${ROWS.slice(0, 5).join('\n')}\n`;
    seams.trim(Buffer.from(text.slice(0, -10)));
    const next = `${ROWS[4]}\n`;
    expect(seams.trim(Buffer.from(next)).toString()).toBe(next);
  });

  it('sameEntry compares the seven fields that name an entry, runs of spaces aside', () => {
    const b = (s: string): Buffer => Buffer.from(s);
    const same = (x: string, y: string): boolean => sameEntry(b(x), 0, x.length, b(y), 0, y.length);
    const row = 'TCP C0A80001 1F90 C0000201 0050 C633640B 0050 ESTABLISHED     899';
    expect(same(row, 'TCP  C0A80001 1F90 C0000201 0050 C633640B 0050 CLOSE_WAIT 3')).toBe(true);
    expect(same(row, row.replace('1F90', '1F91'))).toBe(false);
    expect(same(row, row.replace('C633640B 0050', 'C633640B 0051'))).toBe(false);
    expect(same(row, row.replace('C0A80001', 'C0A8000'))).toBe(false);
    expect(same(row, 'TCP C0A80001 1F90 C0000201 0050 C633640B')).toBe(false);
  });
});
