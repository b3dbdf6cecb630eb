import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { TerminalSession } from '../../src/ui/screen/terminalSession.js';

/** A terminal that keeps what was written, and a session on it whose "stop" only counts. */
function session() {
  const out = Object.assign(new EventEmitter(), {
    columns: 20,
    rows: 3,
    writable: true,
    written: '',
    write(s: string) {
      out.written += s;
      return true;
    },
  });
  const raw: boolean[] = [];
  const input = { setRawMode: (m: boolean) => void raw.push(m), close: () => {} };
  let stops = 0;
  const s = new TerminalSession(out as unknown as NodeJS.WriteStream, input, () => stops++);
  return { s, out, raw, stops: () => stops };
}

let open: TerminalSession | undefined;
afterEach(() => open?.close());

describe('TerminalSession around Ctrl-Z', () => {
  it('writes no frame while stopped: a render due before SIGCONT is handled stays off the shell screen', () => {
    const { s, out, raw, stops } = session();
    open = s;
    s.open(() => {});
    s.screen.write('frame one');
    s.suspend();
    expect(stops()).toBe(1);
    expect(raw).toEqual([false]);
    expect(out.written.endsWith('\x1b[?1049l')).toBe(true);
    const left = out.written.length;
    // Node runs a timer that was due (a poll, its render) before the SIGCONT handler.
    s.screen.write('frame two');
    expect(out.written.length).toBe(left);
    process.emit('SIGCONT');
    const after = out.written.slice(left);
    expect(after.startsWith('\x1b[?1049h')).toBe(true);
    expect(after).toContain('frame two');
    expect(raw).toEqual([false, true]);
  });

  it('draws frames again after the resume', () => {
    const { s, out } = session();
    open = s;
    s.open(() => {});
    s.suspend();
    process.emit('SIGCONT');
    const left = out.written.length;
    s.screen.write('after');
    expect(out.written.slice(left)).toContain('after');
  });
});

describe('TerminalSession.handOver (the fleet lending the terminal to ssh -t)', () => {
  it('gives the screen and the input back while the program runs, holds frames, then takes both again and redraws', async () => {
    const { s, out, raw, stops } = session();
    open = s;
    s.open(() => {});
    s.screen.write('fleet');
    let release: (code: number) => void = () => {};
    const ran = s.handOver(() => new Promise<number>((r) => (release = r)));
    expect(raw).toEqual([false]);
    expect(out.written.endsWith('\x1b[?1049l')).toBe(true);
    expect(stops()).toBe(0); // nothing is stopped: another program has the terminal
    const left = out.written.length;
    s.screen.write('fleet, later');
    process.emit('SIGCONT'); // a SIGCONT meanwhile does not take the terminal from the program
    expect(out.written.length).toBe(left);
    expect(raw).toEqual([false]);
    release(0);
    expect(await ran).toBe(0);
    const after = out.written.slice(left);
    expect(after.startsWith('\x1b[?1049h')).toBe(true);
    expect(after).toContain('fleet, later');
    expect(raw).toEqual([false, true]);
  });

  it('takes the terminal back when the program fails too; refuses a second lend while lent', async () => {
    const { s, raw } = session();
    open = s;
    s.open(() => {});
    let fail: (e: Error) => void = () => {};
    const ran = s.handOver(() => new Promise((_, no) => (fail = no)));
    await expect(s.handOver(async () => 1)).rejects.toThrow(/not ours/);
    fail(new Error('spawn ssh ENOENT'));
    await expect(ran).rejects.toThrow('ENOENT');
    expect(raw).toEqual([false, true]);
  });
});
