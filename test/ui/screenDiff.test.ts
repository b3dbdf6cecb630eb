import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { parseCells } from '../../src/ui/screen/cells.js';
import { diffFrames, FrameParser, parseFrame } from '../../src/ui/screen/frameDiff.js';
import { Screen } from '../../src/ui/screen/Screen.js';

const bold = (s: string): string => `\x1b[1m${s}\x1b[22m`;
const cyan = (s: string): string => `\x1b[36m${s}\x1b[39m`;

describe('parseCells', () => {
  it('never lets a control character through as a cell: C0, DEL and C1 become visible', () => {
    const raw = 'a\x0e\x07\r\x08\x7f\x9bb';
    expect(
      parseCells(raw)
        .map((c) => c.ch)
        .join(''),
    ).toBe('a\u240e\u2407\u240d\u2408\u2421\ufffdb');
  });

  it('gives each character its style, whatever the escape order', () => {
    const cells = parseCells(`a${bold(cyan('b'))}c`);
    expect(cells).toEqual([
      { ch: 'a', style: '' },
      { ch: 'b', style: '1;36' },
      { ch: 'c', style: '' },
    ]);
    expect(parseCells(`\x1b[36m\x1b[1mb\x1b[0m`)[0]!.style).toBe('1;36');
  });

  it('keeps 256 and true colours whole and drops non-SGR escapes', () => {
    expect(parseCells('\x1b[38;5;208mx')[0]!.style).toBe('38;5;208');
    expect(parseCells('\x1b[48;2;1;2;3my')[0]!.style).toBe('48;2;1;2;3');
    expect(parseCells('\x1b[2Kz')).toEqual([{ ch: 'z', style: '' }]);
  });

  it('counts block and box characters as one cell', () => {
    expect(parseCells('▁█─').map((c) => c.ch)).toEqual(['▁', '█', '─']);
  });
});

describe('diffFrames', () => {
  const frame = (...lines: string[]) => parseFrame(`${lines.join('\n')}\n`);

  it('writes nothing for an unchanged frame', () => {
    expect(diffFrames(frame('abc', 'def'), frame('abc', 'def'))).toBe('');
  });

  it('rewrites only the changed cells, placed absolutely', () => {
    const out = diffFrames(frame('conns 1234  cps 5', 'x'), frame('conns 1235  cps 5', 'x'));
    expect(out).toBe('\x1b[1;10H\x1b[0m5\x1b[0m');
    expect(out.length).toBeLessThan(20);
  });

  it('merges nearby changes into one run', () => {
    expect(diffFrames(frame('a1b2c'), frame('a9b8c'))).toBe('\x1b[1;2H\x1b[0m9b8\x1b[0m');
  });

  it('erases what is left of a shorter line and clears vanished lines', () => {
    expect(diffFrames(frame('abcdef'), frame('abc'))).toBe('\x1b[1;4H\x1b[0m\x1b[K\x1b[0m');
    expect(diffFrames(frame('a', 'b'), frame('a'))).toBe('\x1b[2;1H\x1b[0m\x1b[K\x1b[0m');
  });

  it('rewrites a cell whose style changed, with its style', () => {
    expect(diffFrames(frame('ab'), frame(`a${bold('b')}`))).toBe('\x1b[1;2H\x1b[0;1mb\x1b[0m');
  });

  it('draws a first frame without writing blanks', () => {
    expect(diffFrames([], frame(`a${' '.repeat(10)}b`))).toBe('\x1b[1;1H\x1b[0ma\x1b[1;12H\x1b[0mb\x1b[0m');
  });
});

class FakeTty extends EventEmitter {
  columns = 20;
  rows = 5;
  written: string[] = [];
  write(s: string): boolean {
    this.written.push(s);
    return true;
  }
}

describe('FrameParser', () => {
  it('parses only the lines that changed since the last frame, and the diff is the same as from fresh cells', () => {
    const parser = new FrameParser();
    const first = parser.parse(`head\n${cyan('row 1')}\nrow 2\n`);
    const second = parser.parse(`head\n${cyan('row 9')}\nrow 2\n`);
    expect(second[0]).toBe(first[0]);
    expect(second[2]).toBe(first[2]);
    expect(second[1]).not.toBe(first[1]);
    expect(second).toEqual(parseFrame(`head\n${cyan('row 9')}\nrow 2\n`));
    expect(diffFrames(first, second)).toBe(diffFrames(parseFrame(`head\n${cyan('row 1')}\nrow 2\n`), second));
    expect(diffFrames(first, second)).toBe('\x1b[2;5H\x1b[0;36m9\x1b[0m');
    // A line that moves is another place's text: parsed there.
    const third = parser.parse('row 2\n');
    expect(third[0]).not.toBe(second[2]);
    expect(third[0]).toEqual(second[2]);
  });
});

describe('Screen', () => {
  it('writes a frame once, then only differences', () => {
    const tty = new FakeTty();
    const screen = new Screen(tty);
    screen.write('hello\nworld\n');
    const first = screen.bytesWritten;
    expect(first).toBeGreaterThan(0);
    screen.write('hello\nworld\n');
    expect(screen.bytesWritten).toBe(first);
    screen.write('hello\nworle\n');
    expect(tty.written.at(-1)).toBe('\x1b[2;5H\x1b[0me\x1b[0m');
  });

  it('passes cursor switches through and calls write callbacks', () => {
    const tty = new FakeTty();
    const screen = new Screen(tty);
    let called = false;
    screen.write('\x1b[?25h', () => {
      called = true;
    });
    expect(tty.written).toEqual(['\x1b[?25h']);
    expect(called).toBe(true);
  });

  it('on resize clears, redraws cut to the new width, and tells Ink', () => {
    const tty = new FakeTty();
    const screen = new Screen(tty);
    let told = 0;
    screen.on('resize', () => told++);
    screen.write(`${'x'.repeat(20)}\n`);
    tty.columns = 5;
    tty.emit('resize');
    expect(told).toBe(1);
    expect(screen.columns).toBe(5);
    expect(tty.written.at(-1)).toBe('\x1b[H\x1b[2J\x1b[1;1H\x1b[0mxxxxx\x1b[0m');
  });

  it('never writes past the terminal size', () => {
    const tty = new FakeTty();
    const screen = new Screen(tty);
    screen.write(`${Array.from({ length: 9 }, () => 'y'.repeat(30)).join('\n')}\n`);
    const out = tty.written.join('');
    expect(out).not.toMatch(/\x1b\[6;/);
    expect(out).not.toMatch(/y{21}/);
  });
});

describe('styles through the diff', () => {
  const frame = (...lines: string[]) => parseFrame(`${lines.join('\n')}\n`);
  const red = (s: string): string => `\x1b[31m${s}\x1b[39m`;

  it('resets: 0 clears all, 22 bold and dim, 39 only the colour', () => {
    expect(parseCells(`\x1b[1;2;31ma\x1b[22mb\x1b[39mc\x1b[4;31md\x1b[0me`).map((c) => c.style)).toEqual([
      '1;2;31',
      '31',
      '',
      '4;31',
      '',
    ]);
    expect(
      parseCells('\x1b]8;;http://x\x07link\x1b]8;;\x1b\\')
        .map((c) => c.ch)
        .join(''),
    ).toBe('link');
  });

  it('a changed character inside a styled run is written with that style', () => {
    expect(diffFrames(frame(`a${bold('bcd')}e`), frame(`a${bold('bXd')}e`))).toBe('\x1b[1;3H\x1b[0;1mX\x1b[0m');
  });

  it('a run across styles switches style where the frame does', () => {
    expect(diffFrames(frame(`a${red('bc')}d`), frame(`a${red('bX')}Y`))).toBe('\x1b[1;3H\x1b[0;31mX\x1b[0mY\x1b[0m');
  });

  it('changes far apart are placed separately; several lines each get their own move', () => {
    const a = `x${' '.repeat(20)}y`;
    expect(diffFrames(frame(a, 'line2'), frame(`z${' '.repeat(20)}w`, 'linE2'))).toBe(
      '\x1b[1;1H\x1b[0mz\x1b[1;22H\x1b[0mw\x1b[2;4H\x1b[0mE\x1b[0m',
    );
  });

  it('the same text with another style is a change; the same style written differently is not', () => {
    expect(diffFrames(frame(red('a')), frame('\x1b[31ma\x1b[0m'))).toBe('');
    expect(diffFrames(frame(red('a')), frame(bold('a')))).toBe('\x1b[1;1H\x1b[0;1ma\x1b[0m');
  });
});

describe('Screen sizes', () => {
  it('on a resize to fewer rows, redraws only what fits', () => {
    const tty = new FakeTty();
    const screen = new Screen(tty);
    screen.write('1\n2\n3\n4\n5\n');
    tty.rows = 2;
    tty.emit('resize');
    expect(screen.rows).toBe(2);
    expect(tty.written.at(-1)).toBe('\x1b[H\x1b[2J\x1b[1;1H\x1b[0m1\x1b[2;1H\x1b[0m2\x1b[0m');
    // The next frame is compared with what is now on screen.
    screen.write('1\n2\n');
    expect(tty.written).toHaveLength(2);
  });

  it('counts every byte it writes', () => {
    const tty = new FakeTty();
    const screen = new Screen(tty);
    screen.write('é\n');
    expect(screen.bytesWritten).toBe(tty.written.reduce((n, s) => n + Buffer.byteLength(s), 0));
    screen.detach();
    tty.columns = 3;
    tty.emit('resize');
    expect(screen.columns).toBe(20); // detached: no longer follows the terminal
  });

  it('accepts frames as bytes', () => {
    const tty = new FakeTty();
    const screen = new Screen(tty);
    screen.write(Buffer.from('ab\n'));
    expect(tty.written).toEqual(['\x1b[1;1H\x1b[0mab\x1b[0m']);
  });
});
