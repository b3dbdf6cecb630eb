/**
 * `ipvsadm -Lcn` rows from the bytes of fixed-layout IPv4 rows (FixedRows, ConnRowBytes) are
 * the rows of the general way (parseConnLine, formatConnRow), byte for byte, and only rows
 * the general way reads take the byte way.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { parseConnLine } from '../../src/kernel/proc/connParser.js';
import { forEachConnRow, forEachConnRowBytes } from '../../src/kernel/proc/connTable.js';
import { FixedRows } from '../../src/kernel/proc/fixedRow.js';
import { connRowOfFixed } from '../../src/kernel/proc/fixedRowDecode.js';
import { KNOWN_STATES } from '../../src/kernel/proc/states.js';
import { ConnRowBytes } from '../../src/output/text/connRowBytes.js';
import { formatConnRow } from '../../src/output/text/listOptions.js';

const fixture = (name: string): string => readFileSync(new URL(`../fixtures/proc/${name}`, import.meta.url), 'latin1');
const GOLDEN = [...fixture('ip_vs_conn.lab').split('\n'), ...fixture('hand.txt').split('\n')].filter((l) => l);

const hex = (digits: number) =>
  fc
    .array(fc.constantFrom(...'0123456789ABCDEFabcdef'), { minLength: digits, maxLength: digits })
    .map((a) => a.join(''));
/** IPv6 full forms with runs of zero groups, and IPv4-mapped ones (inet_ntop's mixed notation). */
const group = fc.oneof(fc.constant(0), fc.constant(0xffff), fc.integer({ min: 0, max: 0xffff }));
const v6 = fc
  .array(group, { minLength: 8, maxLength: 8 })
  .map((gs) => gs.map((g) => g.toString(16).padStart(4, '0')).join(':'));
const address = (ipv6: boolean) => (ipv6 ? v6 : hex(8));
/** Rows in the kernel's layout ("%-3s %s %04X %s %04X %s %04X %-11s %7u"), any family, protocol and state. */
const fixedRow = fc
  .tuple(fc.boolean(), fc.boolean())
  .chain(([ipv6, destIpv6]) =>
    fc.record({
      protocol: fc.constantFrom('TCP', 'UDP', 'SCTP', 'IP', 'ICMP', 'XYZ'),
      addresses: fc.tuple(address(ipv6), address(ipv6), address(destIpv6)),
      ports: fc.tuple(hex(4), hex(4), hex(4)),
      state: fc.constantFrom(...KNOWN_STATES, 'ERR!', 'FOO'),
      expires: fc.oneof(fc.nat({ max: 200 }), fc.nat({ max: 9_999_999 })),
    }),
  )
  .map(({ protocol, addresses, ports, state, expires }) => {
    const fields = addresses.map((a, i) => `${a} ${ports[i]}`).join(' ');
    return `${protocol.padEnd(3)} ${fields} ${state.padEnd(11)} ${String(expires).padStart(7)}`;
  });
const HOSTILE = [' ', '\t', ':', 'G', 'g', '\x00', '\xff', '0', 'F', 'x'];
const mutated = fc
  .tuple(fc.oneof(fixedRow, fc.constantFrom(...GOLDEN)), fc.nat(), fc.constantFrom(...HOSTILE), fc.nat({ max: 2 }))
  .map(([l, i, c, how]) => {
    const at = i % l.length;
    if (how === 0) return l.slice(0, at) + c + l.slice(at + 1);
    return how === 1 ? l.slice(0, at) + c + l.slice(at) : l.slice(0, at) + l.slice(at + 1);
  });
const line = fc.oneof(fixedRow, fc.constantFrom(...GOLDEN), mutated);

/** The row of `text` from bytes, if FixedRows takes it; undefined if the line goes the general way. */
function fromBytes(rows: FixedRows, text: string): string | undefined {
  const b = Buffer.from(`${text}\n`, 'latin1');
  const layout = rows.layoutOf(b, 0, b.length - 1);
  if (!layout) return undefined;
  const out: Buffer[] = [];
  const w = new ConnRowBytes((block) => out.push(block));
  w.fixedRow(b, 0, layout);
  w.flush();
  return Buffer.concat(out).toString('latin1');
}

describe('rows from bytes', () => {
  it('are what the general way reads and writes, for every line the byte way takes', () => {
    const rows = new FixedRows();
    fc.assert(
      fc.property(line, (text) => {
        const bytes = fromBytes(rows, text);
        if (bytes === undefined) return;
        const row = parseConnLine(text);
        expect(row).toBeDefined();
        expect(bytes).toBe(formatConnRow(row!, false));
      }),
      { numRuns: 3000 },
    );
  });

  it('decoded at their offsets, are the rows parseConnLine reads, field for field', () => {
    const rows = new FixedRows();
    let taken = 0;
    fc.assert(
      fc.property(line, (text) => {
        const b = Buffer.from(`${text}\n`, 'latin1');
        const layout = rows.layoutOf(b, 0, b.length - 1);
        if (!layout) return;
        taken++;
        expect(connRowOfFixed(b, 0, layout)).toEqual(parseConnLine(text));
      }),
      { numRuns: 3000 },
    );
    expect(taken).toBeGreaterThan(500);
  });

  it('take every IPv4 row in the kernel layout of a state of its protocol', () => {
    const rows = new FixedRows();
    const kernelLayout = (l: string): boolean => l.length === (l.startsWith('SCTP') ? 66 : 65);
    const taken = GOLDEN.filter(
      (l) => /^(TCP|UDP|IP |SCTP) [0-9A-F]{8} /.test(l) && kernelLayout(l) && parseConnLine(l),
    );
    expect(taken.length).toBeGreaterThan(50);
    for (const l of taken) expect(fromBytes(rows, l), l).toBe(formatConnRow(parseConnLine(l)!, false));
  });

  const dir = mkdtempSync(join(tmpdir(), 'ipvstop-rowbytes-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a read keeps the kernel order across both ways, with the same malformed count', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(line, { maxLength: 60 }), async (lines) => {
        const path = join(dir, 'ip_vs_conn');
        writeFileSync(path, `${lines.join('\n')}\n`, 'latin1');
        let general = '';
        const g = await forEachConnRow((r) => {
          general += formatConnRow(r, false);
        }, path);
        const out: Buffer[] = [];
        const w = new ConnRowBytes((block) => out.push(block));
        const b = await forEachConnRowBytes(
          (buf, start, layout) => w.fixedRow(buf, start, layout),
          (r) => w.text(formatConnRow(r, false)),
          path,
        );
        w.flush();
        expect(Buffer.concat(out).toString('latin1')).toBe(general);
        expect(b).toEqual(g);
      }),
      { numRuns: 150 },
    );
  });
});
