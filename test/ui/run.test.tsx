/**
 * runMonitor as the CLI starts it, on a fake terminal: what it writes on the way out, after a
 * resize. tmux 3.3 keeps some lines of an alternate screen that was resized when it is left
 * (seen: the last frame's rows on the shell's screen after a resize and `q`).
 */
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { runMonitor } from '../../src/ui/run.js';
import { FakeActions, FakeKernel } from './fakes.js';
import { FakeKeyboard, until } from './ink.js';

class FakeTty extends EventEmitter {
  writable = true;
  written = '';
  constructor(
    public columns: number,
    public rows: number,
  ) {
    super();
  }
  write(s: string): boolean {
    this.written += s;
    return true;
  }
}

const LEAVE_ALTERNATE = '\x1b[?1049l';

describe('runMonitor', () => {
  it('clears the alternate screen before leaving it, after a resize: nothing of the last frame is left', async () => {
    const tty = new FakeTty(80, 24);
    const keyboard = new FakeKeyboard();
    const done = runMonitor({
      sources: new FakeKernel(),
      actions: new FakeActions(),
      host: { hostname: 'lb1', kernelRelease: '6.1.0' },
      intervalSec: 0.05,
      readOnly: false,
      exact: false,
      noColor: true,
      stdout: tty as unknown as NodeJS.WriteStream,
      stdin: keyboard as unknown as NodeJS.ReadStream,
    });
    await until(() => tty.written.includes('TCP 192.0.2.1:80'), 3000);
    tty.columns = 200;
    tty.rows = 50;
    tty.emit('resize');
    keyboard.write('q');
    await expect(done).resolves.toBe(0);
    const leave = tty.written.lastIndexOf(LEAVE_ALTERNATE);
    expect(leave).toBeGreaterThan(0);
    expect(tty.written.slice(leave + LEAVE_ALTERNATE.length)).toBe(''); // nothing drawn on the shell's screen
    // From the last clear of the alternate screen to leaving it, nothing is drawn: no cell, only modes.
    const lastClear = tty.written.lastIndexOf('\x1b[2J');
    const between = tty.written.slice(lastClear + '\x1b[2J'.length, leave);
    expect(lastClear).toBeGreaterThan(tty.written.indexOf('TCP 192.0.2.1:80'));
    expect(between.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '')).toBe('');
  });
});
