/**
 * The monitor drawn as run.tsx draws it: Ink in debug mode into our Screen,
 * on a fake terminal with rows (which ink-testing-library lacks), so the split
 * layout, resizes, the bytes written and quitting can be checked.
 */

import { EventEmitter } from 'node:events';
import { type Instance, render } from 'ink';
import { afterEach, describe, expect, it } from 'vitest';
import type { VrrpInstance, VrrpState } from '../../src/kernel/keepalived/types.js';
import type { MonitorConfig } from '../../src/state/types.js';
import { App } from '../../src/ui/App.js';
import { BOUND_SEQUENCES } from '../../src/ui/keys/bindings.js';
import { Screen } from '../../src/ui/screen/Screen.js';
import { TerminalInput } from '../../src/ui/screen/TerminalInput.js';
import { FakeActions, FakeKernel, NO_HA_DAEMON, neighbour, service, vrrpInstance } from './fakes.js';
import { FakeKeyboard, idle, tick, until } from './ink.js';

/** A terminal: size, bytes written, and a screen buffer that applies our cursor moves. */
class FakeTerminal extends EventEmitter {
  written: string[] = [];
  constructor(
    public columns: number,
    public rows: number,
  ) {
    super();
  }
  write(s: string): boolean {
    this.written.push(s);
    return true;
  }
  resize(columns: number, rows: number): void {
    this.columns = columns;
    this.rows = rows;
    this.emit('resize');
  }
}

let instance: Instance | undefined;
afterEach(() => {
  instance?.unmount();
  instance = undefined;
});

/** Replays the bytes on a grid of characters, as a terminal would (only what Screen writes). */
function replay(bytes: string, columns: number, rows: number): string[] {
  const grid = Array.from({ length: rows }, () => Array<string>(columns).fill(' '));
  let r = 0;
  let c = 0;
  const re = /\x1b\[(\d*);?(\d*)([HJKm])|\x1b\[H|([^\x1b])/gu;
  for (const m of bytes.matchAll(re)) {
    if (m[4] !== undefined) {
      if (r < rows && c < columns) grid[r]![c] = m[4];
      c++;
    } else if (m[3] === 'H') {
      r = m[1] ? Number(m[1]) - 1 : 0;
      c = m[2] ? Number(m[2]) - 1 : 0;
    } else if (m[3] === 'J') for (const line of grid) line.fill(' ');
    else if (m[3] === 'K') grid[r]?.fill(' ', c);
  }
  return grid.map((l) => l.join('').trimEnd());
}

async function start(columns: number, rows: number, kernel = new FakeKernel(), hostname = 'lb1') {
  const tty = new FakeTerminal(columns, rows);
  const screen = new Screen(tty);
  const stdin = new FakeKeyboard();
  const keyReads = new TerminalInput(stdin, BOUND_SEQUENCES);
  const actions = new FakeActions();
  const config: MonitorConfig = { intervalMs: 40, exact: false };
  instance = render(
    <App
      sources={kernel}
      actions={actions}
      host={{ hostname, kernelRelease: '6.1.0' }}
      config={config}
      readOnly={false}
      keyReads={keyReads}
    />,
    {
      stdout: screen as unknown as NodeJS.WriteStream,
      stdin: keyReads as unknown as NodeJS.ReadStream,
      debug: true,
      exitOnCtrlC: false,
      patchConsole: false,
    },
  );
  const shown = (): string[] => replay(tty.written.join(''), tty.columns, tty.rows);
  await until(() => shown().join('\n').includes('lab-client'), 5000);
  const press = async (...keys: string[]): Promise<void> => {
    for (const k of keys) {
      stdin.write(k);
      await idle(() => tty.written.length);
    }
  };
  return { tty, screen, kernel, stdin, press, shown, instance };
}

describe('the monitor on a big terminal', () => {
  it('shows all four panes at once, one line short of the terminal', async () => {
    const m = await start(160, 50);
    const lines = m.shown();
    const text = lines.join('\n');
    expect(text).toMatch(/ 1 Services +rates:/);
    expect(text).toMatch(/ 2 Connections /);
    expect(text).toMatch(/ 3 Timeouts +t sets them/);
    expect(text).toMatch(/ 4 ARP +sort: iface/);
    expect(text).toMatch(/lab-client +192\.0\.2\.1 .* VIP /);
    expect(text).toMatch(/tcp +900 s \(15m00s\)/);
    expect(lines.slice(49).join('')).toBe(''); // the last row stays empty: Ink 6.8 would clear every frame
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(160);
  });

  it('writes nothing while nothing changes, and a few bytes for one changed counter', async () => {
    const m = await start(160, 50);
    await until(() => m.kernel.reads.services >= 5); // the table has settled
    await tick(50);
    const quiet = m.screen.bytesWritten;
    await tick(200);
    expect(m.screen.bytesWritten).toBe(quiet);
    expect(m.kernel.reads.services).toBeGreaterThan(5); // polled all along
    m.kernel.services = [service('192.0.2.1', 80, 101), service('192.0.2.2', 80, 50)];
    await until(() => m.screen.bytesWritten > quiet);
    const changed = m.screen.bytesWritten - quiet;
    expect(changed).toBeGreaterThan(0);
    expect(changed).toBeLessThan(1500); // a full 160x50 frame is far more
    expect(m.shown().join('\n')).toMatch(/TCP 192\.0\.2\.1:80 .* 101 /);
  });

  it('a storm of 50 resizes in well under 2 s ends on the right frame, nothing left of the others', async () => {
    const m = await start(160, 50);
    for (let i = 0; i < 50; i++) {
      m.tty.resize(60 + ((i * 37) % 140), 12 + ((i * 13) % 40));
      await tick(i % 5 === 0 ? 5 : 0);
    }
    m.tty.resize(90, 20);
    await until(
      () => m.shown().join('\n').includes('[1 Services]') && m.shown()[18]?.startsWith('? Help') === true,
      4000,
    );
    const lines = m.shown();
    expect(lines.join('\n')).toMatch(/\[1 Services\]/);
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(90);
    expect(lines.slice(19).join('')).toBe('');
    expect(lines[0]).toMatch(/^lb1 {2}Linux/);
    expect(lines[18]).toMatch(/^\? Help {2}q Quit/);
  }, 15_000);

  it('follows a resize: one pane under tabs on a small terminal, cut to its width', async () => {
    const m = await start(160, 50);
    m.tty.resize(90, 20);
    await until(() => m.shown().join('\n').includes('[1 Services]'));
    const lines = m.shown();
    // Seven tabs and the pane's settings do not fit 90 columns by name: the tabs shrink to their numbers.
    expect(lines.join('\n')).toMatch(/\[1 Services\] 2 {2}3 {2}4 {2}5 {2}6 {2}7 {3}rates:/);
    expect(lines.join('\n')).not.toMatch(/ 4 ARP +sort:/);
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(90);
    expect(lines.slice(19).join('')).toBe('');
    expect(lines[18]).toMatch(/^\? Help {2}q Quit/); // the footer moved up with the bottom
  });

  it.each([
    [1, 1],
    [10, 3],
    [20, 5],
    [39, 24],
    [80, 9],
  ])('at %dx%d says in one line that the terminal is too small, and q still quits', async (columns, rows) => {
    const m = await start(160, 50);
    m.tty.resize(columns, rows);
    const text = 'terminal too small: needs 40x10';
    const expected = columns >= text.length ? text : `${text.slice(0, columns - 1)}…`;
    await until(() => m.shown()[0] === expected && m.shown().slice(1).join('') === '');
    const lines = m.shown();
    expect(lines[0]).toBe(expected);
    expect(lines.slice(1).join('')).toBe('');
    const exited = m.instance.waitUntilExit();
    await m.press('q');
    await expect(exited).resolves.toBeUndefined();
  });

  it('q ends the program', async () => {
    const m = await start(160, 50);
    const exited = m.instance.waitUntilExit();
    await m.press('q');
    await expect(exited).resolves.toBeUndefined();
    const reads = m.kernel.reads.services;
    await tick(150);
    expect(m.kernel.reads.services).toBe(reads);
  });

  it('Ctrl-C ends the program too, even in a dialog', async () => {
    const m = await start(160, 50);
    const exited = m.instance.waitUntilExit();
    await m.press('t', '\x03');
    await expect(exited).resolves.toBeUndefined();
  });
});

/** Every control character: C0, DEL and C1. */
const CONTROLS = [
  ...Array.from({ length: 0x20 }, (_, c) => c),
  0x7f,
  ...Array.from({ length: 0x20 }, (_, c) => 0x80 + c),
].map((c) => String.fromCharCode(c));
/** What a terminal would act on in the bytes written: any control character but ESC (our own sequences start with it). */
const RAW_CONTROL = /[\x00-\x1a\x1c-\x1f\x7f-\x9f]/;

describe('control characters from data', () => {
  it('reach the terminal made visible, never raw: interface, host and keepalived names', async () => {
    const kernel = new (class extends FakeKernel {
      readHa = async () => ({
        ...NO_HA_DAEMON,
        daemon: 'keepalived' as const,
        pid: 9,
        keepalived: { masters: new Map(), checks: [], instances: [vrrp(`VI\x0e${CONTROLS.slice(50).join('')}`)] },
      });
    })();
    // Five control characters per interface name, each name told apart by its number.
    kernel.neighbours = kernel.neighbours.concat(
      Array.from({ length: Math.ceil(CONTROLS.length / 5) }, (_, i) =>
        neighbour(`203.0.113.${i + 1}`, `v${String(i).padStart(2, '0')}${CONTROLS.slice(i * 5, i * 5 + 5).join('')}`),
      ),
    );
    const m = await start(200, 60, kernel, `lb\x0e\x07\r\x08\x0f${CONTROLS.slice(40).join('')}`);
    await until(() => m.shown().join('\n').includes('v12'));
    const bytes = m.tty.written.join('');
    expect(RAW_CONTROL.exec(bytes)?.[0]).toBeUndefined();
    const text = m.shown().join('\n');
    expect(text).toContain('lb\u240e\u2407\u240d\u2408\u240f'); // SO BEL CR BS SI
    expect(text).toContain(' BACKUP VI\u240e\ufffd'); // the keepalived instance in the badge
    for (let i = 0; i < 13; i++) {
      const name = `v${String(i).padStart(2, '0')}`;
      const shownAs = [...CONTROLS.slice(i * 5, i * 5 + 5)].map((c) => {
        const code = c.charCodeAt(0);
        return code < 0x20 ? String.fromCharCode(0x2400 + code) : code === 0x7f ? '\u2421' : '\ufffd';
      });
      expect(text, name).toContain(name + shownAs.join(''));
    }
  });
});

const vrrp = (name: string, state: VrrpState = 'BACKUP'): VrrpInstance => vrrpInstance({ name, state });

describe('the HA badge', () => {
  const withInstances = (...instances: VrrpInstance[]) =>
    new (class extends FakeKernel {
      readHa = async () => ({
        ...NO_HA_DAEMON,
        daemon: 'keepalived' as const,
        pid: 9,
        keepalived: { masters: new Map(), checks: [], instances },
      });
    })();

  it('names a backup instance, not only a master', async () => {
    const m = await start(200, 40, withInstances(vrrp('VI_1')));
    await until(() => m.shown()[0]!.includes('BACKUP'));
    expect(m.shown()[0]).toMatch(/^ BACKUP VI_1 {2}lb1 /);
  });

  it('shows each instance with its state, shortened to half the header at 80 columns', async () => {
    const names = ['web_http', 'web_https', 'db', 'cache'];
    const instances = names.map((n, i) => vrrp(n, i < 3 ? 'MASTER' : 'BACKUP'));
    const m = await start(200, 40, withInstances(...instances));
    await until(() => m.shown()[0]!.includes('MASTER'));
    expect(m.shown()[0]).toMatch(/^ MASTER web_http web_https db, BACKUP cache {2}lb1 /);
    m.tty.resize(80, 24);
    await until(() => m.shown()[0]!.includes('+2'));
    expect(m.shown()[0]).toMatch(/^ MASTER web_http \+2, BACKUP cache {2}lb1 /);
  });
});
