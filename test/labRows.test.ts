import { describe, expect, it } from 'vitest';
import { agingRows, expectRows } from './lab/rows.js';

describe("the lab suites' row comparison", () => {
  it('passes equal rows, and a failure names the rows missing and the rows extra, not two lengths', () => {
    expectRows(['h', 'a', 'b'], ['h', 'a', 'b'], 'same');
    const want = ['h', ...Array.from({ length: 495 }, (_, i) => `row ${i}`)];
    const got = want.filter((r) => r !== 'row 7' && r !== 'row 300').concat('row new');
    expect(() => expectRows(got, want, 'conns against ipvsadm')).toThrow(
      'conns against ipvsadm: 495 rows, 496 wanted\n  missing (2):\n    row 7\n    row 300\n  extra (1):\n    row new',
    );
    expect(() => expectRows(['b', 'a'], ['a', 'b'], 'order')).toThrow(
      'order: 2 rows, 2 wanted\n  the same rows in another order, from row 0: b (wanted a)',
    );
    expect(() => expectRows(['a'], ['a', 'a'], 'twice')).toThrow('missing (1):\n    a');
  });
});

describe('what in the connection table will change', () => {
  const header = 'Pro FromIP   FPrt ToIP     TPrt DestIP   DPrt State       Expires PEName PEData';
  const est = 'TCP CB007103 9C40 C0000202 0050 C633640B 0050 ESTABLISHED    880';
  const template = 'TCP CB007100 0000 C0000202 0050 C633640B 0050 NONE            30';
  it('keeps lasting connections and the templates they hold; not what passes, expires soon, or is held by nothing', () => {
    const udp = 'UDP CB007102 A000 C0000201 0035 C633640C 0035 UDP           3500';
    expect(agingRows([header, est, template, udp].join('\n'), 240)).toEqual([]);
    const tw = 'TCP CB007104 9C41 C0000201 0050 C633640B 0050 TIME_WAIT      100';
    const soon = 'TCP CB007105 9C42 C0000201 0050 C633640D 0050 ESTABLISHED    100';
    const alone = 'TCP CB007100 0000 C0000202 0050 C633640C 0050 NONE            30';
    expect(agingRows([header, est, template, tw, soon, alone].join('\n'), 240)).toEqual(
      [tw, soon, alone].map((r) => r.split(/\s+/).join(' ')),
    );
  });
});
