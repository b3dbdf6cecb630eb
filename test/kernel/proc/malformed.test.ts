/**
 * The malformed rows the fault probe found counted (issue 9), and their
 * kin: each is skipped and counted as malformed, the fixed-offset way and
 * the general way alike, and never becomes a state, a group or a row.
 */
import { describe, expect, it } from 'vitest';
import { ConnCounter } from '../../../src/kernel/proc/connCounter.js';
import { MAX_LINE_BYTES, parseConnLine } from '../../../src/kernel/proc/connParser.js';
import { areUpperHexWords, isSpacesThenDigits } from '../../../src/kernel/proc/rowBytes.js';

const GOOD = 'TCP CB007102 8FE9 C0000201 0050 C633640B 0050 ESTABLISHED     899';

function count(lines: readonly string[], fastPath: boolean, chunk = 1 << 20) {
  const b = Buffer.from(`${lines.join('\n')}\n`, 'latin1');
  const c = new ConnCounter({ fastPath });
  for (let i = 0; i < b.length; i += chunk) c.push(b.subarray(i, i + chunk));
  return c.finish(0, 0);
}

const BAD: Record<string, string> = {
  'a 3,000-character state': `TCP CB007102 8FE9 C0000201 0050 C633640B 0050 ${'A'.repeat(3000)}     899`,
  'a state of no protocol': GOOD.replace('ESTABLISHED', 'ESTABLISHEX'),
  'a state of another protocol (UDP on TCP)': GOOD.replace('ESTABLISHED', 'UDP        '),
  'a TCP state on UDP': GOOD.replace('TCP', 'UDP'),
  "the kernel's marker of a state out of its table": GOOD.replace('ESTABLISHED', 'ERR!       '),
  'a non-hex client address': GOOD.replace('CB007102', 'CB0071ZZ'),
  'a lower-case-x client address': GOOD.replace('CB007102', 'CB00710x'),
  'a non-hex client port': GOOD.replace('8FE9', '8FEG'),
  'a non-hex virtual address': GOOD.replace('C0000201', 'C00002G1'),
  'a non-hex real server port': GOOD.replace('0050 ESTAB', '005Z ESTAB'),
  'a short address': GOOD.replace('C633640B', 'C63364B'),
  'an IPv6 address without its colons':
    'TCP 20010db8020300000000000000000002 9166 C0000201 0050 C633640B 0050 TIME_WAIT 118',
  'an unknown protocol': GOOD.replace('TCP', 'TCQ'),
  'a non-numeric expiry': GOOD.replace('899', '8x9'),
  'an expiry of 11 digits': GOOD.replace('    899', '12345678901'),
  'eight fields': GOOD.replace(' ESTABLISHED', ''),
  'twelve fields': `${GOOD} sip data more`,
  'a tab for a space': GOOD.replace(' 8FE9', '\t8FE9'),
  'a carriage return at the end': `${GOOD}\r`,
  [`a line of ${MAX_LINE_BYTES + 1} bytes`]: `${GOOD} sip ${'x'.repeat(MAX_LINE_BYTES)}`.slice(0, MAX_LINE_BYTES + 1),
};

describe('malformed rows are skipped and counted', () => {
  for (const [name, line] of Object.entries(BAD)) {
    it(name, () => {
      expect(parseConnLine(line)).toBeUndefined();
      for (const fastPath of [true, false]) {
        for (const chunk of [1 << 20, 7]) {
          expect(count([GOOD, line, GOOD], fastPath, chunk), `fastPath ${fastPath}, chunk ${chunk}`).toMatchObject({
            rows: 2,
            malformed: 1,
            states: { ESTABLISHED: 2 },
            templates: {},
          });
        }
      }
    });
  }

  it('the good row itself, and a row with persistence engine data, count', () => {
    expect(count([GOOD, `${GOOD} sip 3cb0a3f2-1@192.0.2.16`], true)).toMatchObject({ rows: 2, malformed: 0 });
  });

  it('an endless line holds no more than one line of memory and counts once', () => {
    const c = new ConnCounter();
    const junk = Buffer.alloc(1 << 20, 0x41);
    for (let i = 0; i < 64; i++) c.push(junk);
    c.push(Buffer.from(`\n${GOOD}\n`));
    expect(c.finish(0, 0)).toMatchObject({ rows: 1, malformed: 1 });
  });

  it('a read cut short drops the fragment of its last line', () => {
    const c = new ConnCounter();
    c.push(Buffer.from(`${GOOD}\n${GOOD.slice(0, 30)}`));
    expect(c.finish(0, 0, 'size')).toMatchObject({ rows: 1, malformed: 0, truncated: 'size' });
  });
});

describe('word checks of the fixed-offset way, every byte in every position', () => {
  const word = (s: string): number => Buffer.from(s, 'latin1').readInt32LE(0);
  it('upper-case hex', () => {
    for (let x = 0; x < 256; x++) {
      const c = String.fromCharCode(x);
      for (let at = 0; at < 4; at++) {
        const w = word(`${'A0F9'.slice(0, at)}${c}${'A0F9'.slice(at + 1)}`);
        const want = /^[0-9A-F]$/.test(c);
        expect(areUpperHexWords(w, word('09AF'), word('FFFF')), `byte ${x} at ${at}`).toBe(want);
        expect(areUpperHexWords(word('0000'), w, word('0000'))).toBe(want);
        expect(areUpperHexWords(word('0000'), word('1234'), w)).toBe(want);
      }
    }
  });

  it('spaces then digits', () => {
    const fields = [
      '        ',
      '       1',
      '1234567 ',
      ' 1234567',
      '12345678',
      '    1 23',
      '   12 34',
      '  1  2 3',
      '       a',
      '      :1',
    ];
    for (let x = 0; x < 256; x++)
      fields.push(
        ` ${String.fromCharCode(x).repeat(7)}`,
        `      ${String.fromCharCode(x)}9`,
        `   ${String.fromCharCode(x)}   9`,
      );
    for (const f of fields) {
      const b = Buffer.from(f, 'latin1');
      expect(isSpacesThenDigits(b.readInt32LE(0), b.readInt32LE(4)), JSON.stringify(f)).toBe(/^ *[0-9]+$/.test(f));
    }
  });
});
