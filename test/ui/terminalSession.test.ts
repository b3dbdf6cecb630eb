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
