import { describe, expect, it } from 'vitest';
import { consoleTail, reportScanner } from '../../src/lab/reports.js';
import { sizeLine } from '../../src/lab/terminal.js';

describe('guest report lines on the console', () => {
  it('yields each whole report line once, across chunks, without the tty carriage return', () => {
    const seen: string[] = [];
    const feed = reportScanner((t) => seen.push(t));
    feed('SELinux: something\r\nipvstop-lab: building');
    expect(seen).toEqual([]);
    feed(' the site\r\nmmapper_init - find_iomem failed\r\n[  1.2] ipvstop-lab: starting the monitor\r\n');
    expect(seen).toEqual(['building the site', 'starting the monitor']);
  });

  it('keeps the end of the console that says something: no reports, blanks or stack traces', () => {
    const text = [
      'boot line',
      'ipvstop-lab: building the site',
      '',
      'Kernel panic - not syncing: Attempted to kill init!',
      'Stack:',
      ' 606944ba 607e7fcd 6488bb90 6067bb96',
      'Call Trace:',
      ' [<606944ba>] ? _printk+0x0/0x94',
      'last words\r',
    ].join('\n');
    const tail = ['boot line', 'Kernel panic - not syncing: Attempted to kill init!', 'last words'];
    expect(consoleTail(text, 3)).toEqual(tail);
    expect(consoleTail(text, 1)).toEqual(['last words']);
  });

  it('sends a terminal size as one line the guest reads with `read rows cols`', () => {
    expect(sizeLine(50, 200)).toBe('50 200\n');
  });
});
