/** The whole monitor on fake kernel reads: every key, every dialog, what each action was asked to do. */
import { afterEach, describe, expect, it } from 'vitest';
import { parseConnTable } from '../../src/kernel/proc/connParser.js';
import type { Clock } from '../../src/state/loop.js';
import type { MonitorConfig } from '../../src/state/types.js';
import { App } from '../../src/ui/App.js';
import { HELP } from '../../src/ui/keys/bindings.js';
import { ManualClock } from '../state/manualClock.js';
import { FakeActions, FakeKernel, fwmarkService } from './fakes.js';
import { idle, KEY, plain, renderWithKeyboard, until } from './ink.js';

const tick = (ms = 30): Promise<void> => new Promise((r) => setTimeout(r, ms));
let unmount: (() => void) | undefined;
afterEach(() => unmount?.());

interface StartOptions {
  refusal?: string;
  iface?: string;
  ifaceFor?: string | null;
  kernel?: FakeKernel;
  clock?: Clock;
  /** What the first screen must show before the test goes on. */
  ready?: RegExp;
}

async function start(opts: StartOptions = {}) {
  const kernel = opts.kernel ?? new FakeKernel();
  const actions = new FakeActions(opts.refusal, opts.ifaceFor === undefined ? 'lab-client' : opts.ifaceFor);
  const config: MonitorConfig = { intervalMs: 40, exact: false, refusal: opts.refusal, iface: opts.iface };
  const r = renderWithKeyboard((keyReads) => (
    <App
      sources={kernel}
      actions={actions}
      host={{ hostname: 'lb1', kernelRelease: '6.1.0' }}
      config={config}
      readOnly={!!opts.refusal}
      keyReads={keyReads}
      clock={opts.clock}
    />
  ));
  unmount = r.unmount;
  const frame = (): string => plain(r.lastFrame());
  const ready = opts.ready ?? /198\.51\.100\.13/;
  const started = Date.now();
  while (!ready.test(frame()) && Date.now() - started < 5000) {
    if (opts.clock instanceof ManualClock) await opts.clock.advance(0);
    await tick(20);
  }
  /** Keys one at a time, each given time to take effect. */
  const press = async (...keys: string[]): Promise<void> => {
    for (const k of keys) {
      r.stdin.write(k);
      await idle(() => r.frames.length);
    }
  };
  return { ...r, kernel, actions, press, frame };
}

const ESC = KEY.escape;
const DOWN = KEY.down;
const TAB = KEY.tab;

describe('the monitor screen', () => {
  it('shows the header, services with their real servers, and marks', async () => {
    const m = await start();
    const f = m.frame();
    expect(f).toMatch(/lb1 +Linux 6\.1\.0 +IPVS 1\.2\.1/);
    // Connections as the rows count them (every real server read with the dump): 3 x (2 + 5) + (4 + 1).
    expect(f).toMatch(/svc 2 {2}rs 4 {2}conn 26 {2}/);
    // No rate is known from the first reading: dashes on the rows and in the header alike, not a 0.
    expect(f).toMatch(/cps - {2}in - {2}out -/);
    expect(f).toMatch(/-> 198\.51\.100\.12:80 .* - +-/);
    expect(f).toMatch(/> - TCP 192\.0\.2\.1:80/);
    expect(f).toMatch(/~ +-> 198\.51\.100\.13:80/); // quiesced
    expect(f).toMatch(/! +-> 198\.51\.100\.11:80/); // at its upper threshold
    expect(f.split('\n').length).toBeLessThanOrEqual(23); // rows - 1: Ink 6.8 would clear the screen every frame
  });

  it('moves, collapses and expands, and switches panes', async () => {
    const m = await start();
    await m.press(DOWN);
    expect(m.frame()).toMatch(/> +-> 198\.51\.100\.11:80/);
    await m.press('\r');
    expect(m.frame()).toMatch(/> \+ TCP 192\.0\.2\.1:80/);
    expect(m.frame()).not.toMatch(/198\.51\.100\.12/);
    await m.press('\r');
    expect(m.frame()).toMatch(/198\.51\.100\.12/);
    await m.press('2');
    expect(m.frame()).toMatch(/\[2 Connections\]/);
    expect(m.frame()).toMatch(/ESTABLISHED +6/);
    // Pane 2 alone at 80x24: a line per column above the entries.
    expect(m.frame()).toMatch(/^all +9 conns \(ESTABLISHED 6, TIME_WAIT 3\), 1 template$/m);
    await m.press(TAB);
    expect(m.frame()).toMatch(/\[3 Timeouts\][\s\S]*tcp +900 s/);
    await m.press('4');
    expect(m.frame()).toMatch(/\[4 ARP\][\s\S]*lab-client +192\.0\.2\.1 .*VIP/);
    await m.press('\x1b[Z'); // Shift-Tab
    expect(m.frame()).toMatch(/\[3 Timeouts\]/);
  });

  it('acts on every key of a read that holds several (a held j, or keys typed fast over a slow link)', async () => {
    const m = await start();
    await m.press('jj');
    expect(m.frame()).toMatch(/> +-> 198\.51\.100\.12:80/);
    await m.press('k2');
    expect(m.frame()).toMatch(/\[2 Connections\]/);
    await m.press('1');
    expect(m.frame()).toMatch(/> +-> 198\.51\.100\.11:80/);
  });

  it('never confirms an action with a key typed ahead of its dialog', async () => {
    const m = await start();
    await m.press('zy');
    expect(m.frame()).toMatch(/\$ ipvsadm -Z -t 192\.0\.2\.1:80/);
    expect(m.actions.ran).toEqual([]);
    await m.press(ESC);
  });

  it('filters with / (Enter keeps, Esc clears) and sorts with s and S', async () => {
    const m = await start();
    await m.press('/', '2', '.', '2', '\r');
    expect(m.frame()).toMatch(/filter: 2\.2/);
    expect(m.frame()).not.toMatch(/TCP 192\.0\.2\.1:80/);
    await m.press(ESC);
    expect(m.frame()).toMatch(/TCP 192\.0\.2\.1:80/);
    await m.press('s');
    expect(m.frame()).toMatch(/sort: CPS ↓/);
    await m.press('S');
    expect(m.frame()).toMatch(/sort: CPS ↑/);
  });

  it('space pauses polling and says so', async () => {
    const m = await start();
    await m.press(' ');
    expect(m.frame()).toMatch(/PAUSED/);
    const reads = m.kernel.reads.services;
    await tick(200);
    expect(m.kernel.reads.services).toBe(reads);
    await m.press(' ');
    await until(() => m.kernel.reads.services > reads);
    expect(m.kernel.reads.services).toBeGreaterThan(reads);
  });

  it('shows a read error until the next good read', async () => {
    const m = await start();
    m.kernel.failServices = 'IPVS command 1: EPERM';
    await until(() => /1 ERROR/.test(m.frame()));
    expect(m.frame()).toMatch(/1 ERROR/);
    expect(m.frame()).toMatch(/reading services failed: IPVS command 1: EPERM/);
    m.kernel.failServices = undefined;
    await until(() => !/ERROR/.test(m.frame()));
    expect(m.frame()).not.toMatch(/ERROR/);
  });

  it('? shows every key and closes again', async () => {
    const m = await start();
    await m.press('?');
    expect(m.frame()).toMatch(/Help[\s\S]*Zero service, all[\s\S]*Clear table \("clear"\)/);
    await m.press(ESC);
    await tick(80);
    expect(m.frame()).not.toMatch(/Zero service, all/);
  });
});

describe('action keys', () => {
  it('z shows the command, n cancels, y zeroes the selected service', async () => {
    const m = await start();
    await m.press('z');
    expect(m.frame()).toMatch(/\$ ipvsadm -Z -t 192\.0\.2\.1:80/);
    await m.press('n');
    expect(m.frame()).toMatch(/cancelled: nothing was changed/);
    expect(m.actions.ran).toEqual([]);
    await m.press('z', 'y');
    await tick();
    expect(m.actions.ran).toEqual([
      { kind: 'zeroService', service: expect.objectContaining({ address: '192.0.2.1', port: 80 }) },
    ]);
    expect(m.frame()).toMatch(/done: zeroService/);
  });

  it('Z zeroes all; Esc cancels', async () => {
    const m = await start();
    await m.press('Z');
    expect(m.frame()).toMatch(/\$ ipvsadm -Z\b/);
    await m.press(ESC);
    await tick(80);
    expect(m.actions.ran).toEqual([]);
    await m.press('Z', 'y');
    expect(m.actions.ran).toEqual([{ kind: 'zeroAll' }]);
  });

  it('C needs "clear" and Enter: a bare y does nothing', async () => {
    const m = await start();
    await m.press('C');
    expect(m.frame()).toMatch(/\$ ipvsadm -C/);
    expect(m.frame()).toMatch(/Delete all 2 virtual services and their 4 real servers\. Traffic to them stops\./);
    await m.press('y', '\r');
    expect(m.frame()).toMatch(/type "clear" exactly/);
    expect(m.actions.ran).toEqual([]);
    await m.press('\x7f', 'c', 'l', 'e', 'a', 'r', '\r');
    expect(m.actions.ran).toEqual([{ kind: 'clearTable' }]);
  });

  it('C takes "clear" and Enter typed ahead in one read', async () => {
    const m = await start();
    await m.press('C', 'clear\r');
    expect(m.actions.ran).toEqual([{ kind: 'clearTable' }]);
  });

  it('t validates where typed, then confirms the exact ipvsadm --set', async () => {
    const m = await start();
    await m.press('t');
    expect(m.frame()).toMatch(/tcp \[900_\] tcpfin {2}120 {2}udp {2}300/);
    await m.press('x', '\r');
    expect(m.frame()).toMatch(/"900x" is not a whole number of seconds/);
    expect(m.frame().match(/"900x" is not a whole number of seconds/g)).toHaveLength(1);
    expect(m.frame()).not.toMatch(/Confirm/);
    await m.press('\x7f', '\x7f', '\x7f', '\x7f', '5', TAB, '\x7f\x7f\x7f', '0', '\r');
    expect(m.frame()).toMatch(/\$ ipvsadm --set 5 0 300/);
    expect(m.frame()).toMatch(/tcp 900 -> 5 s, tcpfin 120 s \(kept\), udp 300 s \(kept\)/);
    await m.press('y');
    expect(m.actions.ran).toEqual([
      { kind: 'setTimeouts', timeouts: { tcp: 5, tcpFin: 0, udp: 300 }, was: { tcp: 900, tcpFin: 120, udp: 300 } },
    ]);
  });

  it('Ctrl-U empties the field being typed, as in a shell: a timeout, the filter', async () => {
    const m = await start();
    await m.press('t', '\x15');
    expect(m.frame()).toMatch(/tcp \[_\] tcpfin {2}120/);
    await m.press('5', TAB, '\x15', '0', '\r');
    expect(m.frame()).toMatch(/\$ ipvsadm --set 5 0 300/);
    await m.press('n', '/', '19', '\x15', '20');
    expect(m.frame()).toMatch(/filter: 20/);
    expect(m.actions.ran).toEqual([]);
  });

  it('no key, sequence or paste ends the monitor (Ctrl+F1, Ctrl+F2, colour codes typed into the filter)', async () => {
    const m = await start();
    // Ink 6.8 threw on these ("reading 'startsWith'") and the monitor ended.
    await m.press('\x1b[1;5P', '\x1b[1;5Q', '\x1b[31m', '\x1b[1;5A', '\x1bx', '\x1b[', '1;5P');
    await m.press('/', '\x1b[31m', '\x1b[1;5P', '19', '\x1b[0m', '\r');
    expect(m.frame()).toMatch(/filter: 19/);
    await m.press('2');
    expect(m.frame()).toMatch(/\[2 Connections\]/);
    expect(m.actions.ran).toEqual([]);
  });

  it('a pasted blank line never answers a confirmation: 5, Enter, Enter in one read sets nothing', async () => {
    const m = await start();
    await m.press('t', '\x7f\x7f\x7f5\r\r');
    expect(m.frame()).toMatch(/\$ ipvsadm --set 5 120 300/);
    expect(m.actions.ran).toEqual([]);
    await m.press('\r');
    expect(m.actions.ran).toEqual([]); // Enter is not y
    await m.press('y');
    expect(m.actions.ran).toEqual([
      { kind: 'setTimeouts', timeouts: { tcp: 5, tcpFin: 120, udp: 300 }, was: { tcp: 900, tcpFin: 120, udp: 300 } },
    ]);
  });

  it('nor does the interface prompt: lo, Enter, Enter in one read flushes nothing; y pressed after does', async () => {
    const m = await start({ ifaceFor: null });
    await m.press('f');
    await tick();
    await m.press('lo\r\r');
    expect(m.frame()).toMatch(/\$ ip neigh flush dev lo/);
    expect(m.actions.ran).toEqual([]);
    await m.press('y');
    expect(m.actions.ran).toEqual([{ kind: 'flushNeighbours', iface: 'lo' }]);
  });

  it('a bracketed paste is text, never keys: Zy and C clear Enter pasted open nothing and run nothing', async () => {
    const m = await start();
    await m.press('\x1b[200~Zy\x1b[201~', '\x1b[200~Cclear\r\x1b[201~');
    expect(m.frame()).not.toMatch(/Confirm/);
    expect(m.frame()).toMatch(/ignored a paste of 7 characters/);
    expect(m.actions.ran).toEqual([]);
    // In a field it is taken as text, without its newline: the field is still open, nothing runs.
    await m.press('C', '\x1b[200~cle', 'ar\r\x1b[2', '01~');
    expect(m.frame()).toMatch(/Type clear and Enter to confirm: clear_/);
    expect(m.actions.ran).toEqual([]);
    await m.press('\r');
    expect(m.actions.ran).toEqual([{ kind: 'clearTable' }]);
  });

  it("f flushes the selected VIP's interface, or --iface", async () => {
    const m = await start();
    await m.press('f');
    await tick();
    expect(m.frame()).toMatch(/\$ ip neigh flush dev lab-client/);
    await m.press('y');
    expect(m.actions.ran).toEqual([{ kind: 'flushNeighbours', iface: 'lab-client' }]);
    m.unmount();
    const n = await start({ iface: 'lab-rs' });
    await n.press('f');
    await tick();
    expect(n.frame()).toMatch(/\$ ip neigh flush dev lab-rs/);
  });

  it('f asks for an interface when none is known, and refuses one that does not exist', async () => {
    const m = await start({ ifaceFor: null });
    await m.press('f');
    await tick();
    expect(m.frame()).toMatch(/Interface: _/);
    await m.press('e', 't', 'h', '9', '\r');
    expect(m.frame()).toMatch(/no interface "eth9"/);
    await m.press('\x7f', '\x7f', '\x7f', '\x7f', 'l', 'o', '\r');
    expect(m.frame()).toMatch(/\$ ip neigh flush dev lo/);
  });

  it("f with a real server selected flushes the interface of the route to it, not the VIP's or --iface", async () => {
    const m = await start({ iface: 'lab-client' });
    const asked: string[] = [];
    m.actions.interfaceFor = async (address) => {
      asked.push(address);
      return address.startsWith('198.51.100.') ? 'lab-rs' : 'lab-client';
    };
    await m.press('j'); // 198.51.100.11, a real server of 192.0.2.1:80
    await m.press('f');
    await tick();
    expect(asked).toEqual(['198.51.100.11']);
    expect(m.frame()).toMatch(/\$ ip neigh flush dev lab-rs/);
    await m.press('y');
    expect(m.actions.ran).toEqual([{ kind: 'flushNeighbours', iface: 'lab-rs' }]);
  });

  it("f in the ARP pane flushes the selected neighbour's interface", async () => {
    const m = await start({ iface: 'lab-client' });
    await m.press('4');
    await until(() => /lab-rs/.test(m.frame()));
    await m.press('j', 'f'); // the second row: lab-rs, not --iface lab-client
    await tick();
    expect(m.frame()).toMatch(/\$ ip neigh flush dev lab-rs/);
    await m.press('y');
    expect(m.actions.ran).toEqual([{ kind: 'flushNeighbours', iface: 'lab-rs' }]);
  });

  it('in the ARP pane the footer offers f and g, not z or w; z there says where it acts and opens nothing', async () => {
    const m = await start();
    await m.press('4');
    await until(() => /lab-rs/.test(m.frame()));
    const footer = m.frame().split('\n').at(-1)!;
    expect(footer).toMatch(/f Flush ARP {2}g GARP/);
    expect(footer).not.toMatch(/z Zero|w Weight|d Drain|u Undrain|D Drain/);
    await m.press('z');
    await tick();
    expect(m.frame()).toMatch(/z Zero acts in pane 1 Services/);
    expect(m.frame()).not.toMatch(/Confirm/);
    await m.press('w');
    expect(m.frame()).toMatch(/w Weight acts in pane 1 Services/);
    await m.press('3', 't');
    expect(m.frame()).toMatch(/Set timeouts/); // t acts in the Timeouts pane
    expect(m.actions.ran).toEqual([]);
  });

  it('g confirms arping for the selected VIP on its interface', async () => {
    const m = await start();
    await m.press('g');
    await tick();
    expect(m.frame()).toMatch(/\$ arping -U -c 3 -I lab-client -s 192\.0\.2\.1 192\.0\.2\.1/);
    await m.press('y');
    expect(m.actions.ran).toEqual([{ kind: 'gratuitousArp', address: '192.0.2.1', iface: 'lab-client' }]);
  });

  it('read-only refuses every action key and opens no dialog', async () => {
    const m = await start({ refusal: 'read-only mode (--read-only)' });
    expect(m.frame()).toMatch(/READ-ONLY/);
    expect(m.frame()).toMatch(/^action keys are off: read-only mode \(--read-only\)$/m); // said once
    for (const k of ['z', 'Z', 'C', 't', 'f', 'g']) {
      await m.press(k);
      expect(m.frame()).toMatch(/refused: read-only mode/);
      expect(m.frame()).not.toMatch(/\$ /);
    }
    expect(m.actions.ran).toEqual([]);
  });
});

describe('more keys', () => {
  it('j, k, arrows, Home and End move the selection', async () => {
    const m = await start();
    await m.press('j');
    expect(m.frame()).toMatch(/^> +-> 198\.51\.100\.11:80/m);
    await m.press('j', 'j');
    expect(m.frame()).toMatch(/^>~ +-> 198\.51\.100\.13:80/m);
    // The selection in full (it fits 100 columns: its templates are said once, not again as "persistent 0").
    expect(m.frame()).toMatch(
      /-> 198\.51\.100\.13:80 {2}masq {2}weight 0 {2}\(quiesced\) {2}draining: 2 active, 5 inactive, 0 templates$/m,
    );
    await m.press('k');
    expect(m.frame()).toMatch(/^> +-> 198\.51\.100\.12:80/m);
    await m.press(KEY.up, KEY.up);
    expect(m.frame()).toMatch(/^> - TCP 192\.0\.2\.1:80/m);
    await m.press(KEY.end);
    expect(m.frame()).toMatch(/^>! +-> 198\.51\.100\.11:80/m);
    await m.press(KEY.home);
    expect(m.frame()).toMatch(/^> - TCP 192\.0\.2\.1:80/m);
  });

  it('1 to 4 go to each pane; the Connections pane shows the selection of Services', async () => {
    const m = await start();
    await m.press('3');
    expect(m.frame()).toMatch(/\[3 Timeouts\]/);
    await m.press('1', 'j');
    expect(m.frame()).toMatch(/\[1 Services\]/);
    await m.press('2');
    expect(m.frame()).toMatch(/^service +TCP 192\.0\.2\.1:80: \d+ conns/m);
    expect(m.frame()).toMatch(/^server +-> 198\.51\.100\.11:80: \d+ conns/m);
    expect(m.frame()).toMatch(/^Entries of TCP 192\.0\.2\.1:80 -> 198\.51\.100\.11:80, by client: none$/m);
    await m.press('4');
    expect(m.frame()).toMatch(/\[4 ARP\][\s\S]*lab-rs +198\.51\.100\.11 .* RS /);
  });

  it('q quits: the poller stops and keys do nothing more', async () => {
    const m = await start();
    await m.press('q');
    const reads = { ...m.kernel.reads };
    const last = m.frame();
    await tick(200);
    expect(m.kernel.reads).toEqual(reads);
    m.stdin.write('j');
    await tick();
    expect(m.frame()).toBe(last);
  });

  it('r shows the kernel estimator instead of deltas', async () => {
    const m = await start();
    expect(m.frame()).toMatch(/rates: Δ (\d+ms|…)/);
    await m.press('r');
    expect(m.frame()).toMatch(/rates: kernel 8s avg/);
  });

  it('a filter that matches nothing says so; the status line shows it while typed', async () => {
    const m = await start();
    await m.press('/', 'zzz');
    expect(m.frame()).toMatch(/nothing matches "zzz" \(Esc clears the filter\)/);
    expect(m.frame()).toMatch(/^\/zzz_ {3}Enter keeps, Esc clears/m);
    await m.press('q'); // a letter of the filter, not quit
    expect(m.frame()).toMatch(/^\/zzzq_/m);
    await m.press(KEY.backspace, KEY.enter);
    expect(m.frame()).not.toMatch(/Enter keeps, Esc clears/);
    expect(m.frame()).toMatch(/filter: zzz/);
    await m.press(ESC);
    expect(m.frame()).not.toMatch(/filter:/);
    expect(m.frame()).toMatch(/TCP 192\.0\.2\.2:80/);
  });

  it('the help lists every command on a 24-row terminal', async () => {
    const m = await start();
    await m.press('?');
    const f = m.frame();
    for (const h of HELP) expect(f).toContain(h.text);
    expect(f.split('\n').length).toBeLessThanOrEqual(23);
  });

  it('a hung services read shows STALE, then goes when the kernel answers', async () => {
    const m = await start();
    const read = m.kernel.readServices.bind(m.kernel);
    let answer!: () => void;
    m.kernel.readServices = () => new Promise((resolve) => (answer = () => resolve(read())));
    await until(() => /STALE/.test(m.frame()));
    expect(m.frame()).toMatch(/STALE \d+ms/);
    m.kernel.readServices = read;
    answer();
    await until(() => !/STALE/.test(m.frame()));
    expect(m.frame()).not.toMatch(/STALE/);
  });
});

describe('pausing on a manual clock', () => {
  it('space stops the reads exactly, and resumes them', async () => {
    const clock = new ManualClock();
    const m = await start({ clock });
    await clock.advance(40);
    await tick();
    const before = m.kernel.reads.services;
    await m.press(' ');
    expect(m.frame()).toMatch(/^ PAUSED /);
    await clock.advance(10_000);
    expect(m.kernel.reads.services).toBe(before);
    expect(m.kernel.reads.conn).toBeLessThanOrEqual(before);
    await m.press(' ');
    await clock.advance(0);
    expect(m.kernel.reads.services).toBe(before + 1);
    await clock.advance(40);
    expect(m.kernel.reads.services).toBe(before + 2);
    await tick();
    expect(m.frame()).not.toMatch(/PAUSED/);
  });
});

describe('more action keys', () => {
  it('z then Esc cancels with nothing run', async () => {
    const m = await start();
    await m.press('z');
    expect(m.frame()).toMatch(/── Confirm ─/);
    await m.press(ESC);
    expect(m.frame()).not.toMatch(/── Confirm/);
    expect(m.frame()).toMatch(/cancelled: nothing was changed/);
    expect(m.actions.ran).toEqual([]);
    // The next dialog does not show the last one's outcome under it.
    await m.press('z');
    expect(m.frame()).toMatch(/── Confirm ─/);
    expect(m.frame()).not.toMatch(/cancelled/);
  });

  it('t then Esc cancels with nothing run; y is a letter in its fields', async () => {
    const m = await start();
    await m.press('t', 'y', KEY.enter);
    expect(m.frame()).toMatch(/tcp: "900y" is not a whole number of seconds/);
    await m.press(ESC);
    expect(m.frame()).not.toMatch(/Set timeouts/);
    expect(m.actions.ran).toEqual([]);
  });

  it("a failed action shows the kernel's error in the status line", async () => {
    const m = await start();
    m.actions.outcome = { ok: false, message: 'ipvsadm -Z: Operation not permitted' };
    await m.press('Z', 'y');
    await tick();
    expect(m.frame()).toMatch(/^ipvsadm -Z: Operation not permitted/m);
  });

  it('f without --iface on a firewall-mark service asks for the interface', async () => {
    const kernel = new FakeKernel();
    kernel.services = [fwmarkService(7)];
    const m = await start({ kernel, ready: /FWM 7/ });
    expect(m.frame()).toMatch(/no real servers/);
    await m.press('f');
    await tick();
    expect(m.frame()).toMatch(/Interface: _ {3}\(have: lab-client lab-rs lo\)/);
    await m.press('l', 'o', KEY.enter);
    expect(m.frame()).toMatch(/\$ ip neigh flush dev lo/);
    await m.press('y');
    expect(m.actions.ran).toEqual([{ kind: 'flushNeighbours', iface: 'lo' }]);
  });

  it('g on a firewall-mark service is refused with the reason', async () => {
    const kernel = new FakeKernel();
    kernel.services = [fwmarkService(7)];
    const m = await start({ kernel, ready: /FWM 7/ });
    await m.press('g');
    await tick();
    expect(m.frame()).toMatch(/gratuitous ARP: FWM 7 is a firewall-mark service and has no VIP/);
    expect(m.frame()).not.toMatch(/\$ arping/);
  });

  it('read-only leaves the action keys out of the footer', async () => {
    const m = await start({ refusal: 'read-only mode (--read-only)' });
    const footer = m.frame().split('\n').at(-1)!;
    expect(footer).toMatch(/\? Help {2}q Quit/);
    expect(footer).not.toMatch(/z Zero|C Clear|g GARP/);
    expect(m.frame()).not.toMatch(/t sets them/);
  });
});

describe('the entry browser (pane 2)', () => {
  /** Three clients on 192.0.2.1:80 (one pinned by a template), one on another service. */
  const ROWS = parseConnTable(
    [
      'TCP 0A00000A 1000 C0000201 0050 C633640B 0050 ESTABLISHED     800',
      'TCP 0A000009 1001 C0000201 0050 C633640C 0050 TIME_WAIT        90',
      'TCP 0A000009 0000 C0000201 0050 C633640C 0050 NONE            300',
      'TCP 0A000002 1002 C0000201 0050 C633640B 0050 SYN_RECV         30',
      'TCP CB007107 1003 C0000202 0050 C6336415 0050 ESTABLISHED     700',
    ].join('\n'),
  );
  const frameMatching = async (frame: () => string, re: RegExp): Promise<string> => {
    await until(() => re.test(frame()));
    expect(frame()).toMatch(re);
    return frame();
  };
  const entries = (f: string): string[] =>
    (f.split(/^ Pro +Expire.*$/m)[1] ?? '').split('\n').filter((l) => /^[ >](TCP|UDP|SCTP|IP) /.test(l));

  it("lists the selected service's entries in address order, templates pinning their server; a, /, s and S", async () => {
    const kernel = new FakeKernel();
    kernel.connRows = ROWS;
    const m = await start({ kernel });
    await m.press('2');
    let f = await frameMatching(m.frame, /Entries of TCP 192\.0\.2\.1:80, by client: 1-4 of 4/);
    expect(entries(f)).toEqual([
      '>TCP 00:30  SYN_RECV    10.0.0.2:4098      192.0.2.1:80       198.51.100.11:80',
      ' TCP 05:00  template    10.0.0.9:0         192.0.2.1:80       pins 198.51.100.12:80',
      ' TCP 01:30  TIME_WAIT   10.0.0.9:4097      192.0.2.1:80       198.51.100.12:80',
      ' TCP 13:20  ESTABLISHED 10.0.0.10:4096     192.0.2.1:80       198.51.100.11:80',
    ]);
    await m.press('a');
    f = await frameMatching(m.frame, /Entries of all, by client: 1-5 of 5/);
    expect(entries(f)[4]).toMatch(/^ TCP 11:40 {2}ESTABLISHED 203\.0\.113\.7:4099 /);
    await m.press('s', 's', 's');
    f = await frameMatching(m.frame, /Entries of all, by expiry: 1-5 of 5/);
    expect(entries(f)[0]).toMatch(/^>TCP 00:30 /);
    await m.press('S');
    f = await frameMatching(m.frame, /by expiry \(reversed\): 1-5 of 5/);
    expect(entries(f)[0]).toMatch(/^>TCP 13:20 /);
    await m.press('/', ...'10.0.0.9 tmpl x', '\r');
    f = await frameMatching(m.frame, /\/10\.0\.0\.9 tmpl x: 1-1 of 1 \(ignored: x\)/);
    expect(entries(f)).toEqual(['>TCP 05:00  template    10.0.0.9:0         192.0.2.1:80       pins 198.51.100.12:80']);
    await m.press(KEY.escape);
    await frameMatching(m.frame, /Entries of all, by expiry \(reversed\): 1-5 of 5/);
    // The cursor: down twice to the template of 10.0.0.9, Enter looks that client up.
    await m.press('j', 'j');
    f = await frameMatching(m.frame, /^>TCP 05:00 {2}template/m);
    await m.press('\r');
    f = await frameMatching(m.frame, /Client lookup[\s\S]*10\.0\.0\.9:4097/);
    const lookup = f.split('Client lookup')[1] ?? '';
    expect(lookup).toMatch(/pinned +TCP 192\.0\.2\.1:80 -> 198\.51\.100\.12:80 for 05:00/);
    expect(lookup).not.toMatch(/10\.0\.0\.10:4096/);
  }, 20_000);
});
