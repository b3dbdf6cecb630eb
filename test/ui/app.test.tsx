/** The whole monitor on fake kernel reads: every key, every dialog, what each action was asked to do. */
import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../src/ui/App.js';
import type { MonitorConfig } from '../../src/state/model.js';
import { FakeActions, FakeKernel } from './fakes.js';

const tick = (ms = 30): Promise<void> => new Promise((r) => setTimeout(r, ms));
let unmount: (() => void) | undefined;
afterEach(() => unmount?.());

async function start(opts: { refusal?: string; iface?: string; ifaceFor?: string | null } = {}) {
  const kernel = new FakeKernel();
  const actions = new FakeActions(opts.refusal, opts.ifaceFor === undefined ? 'lab-client' : opts.ifaceFor);
  const config: MonitorConfig = { intervalMs: 40, exact: false, refusal: opts.refusal, iface: opts.iface };
  const r = render(<App sources={kernel} actions={actions} host={{ hostname: 'lb1', kernelRelease: '6.1.0' }} config={config} readOnly={!!opts.refusal} />);
  unmount = r.unmount;
  for (let i = 0; i < 50 && !/198\.51\.100\.13/.test(r.lastFrame() ?? ''); i++) await tick(20);
  /** Keys one at a time, each given time to take effect. */
  const press = async (...keys: string[]): Promise<void> => {
    for (const k of keys) {
      r.stdin.write(k);
      await tick();
    }
  };
  return { ...r, kernel, actions, press, frame: () => r.lastFrame() ?? '' };
}

const ESC = '\x1b';
const DOWN = '\x1b[B';
const TAB = '\t';

describe('the monitor screen', () => {
  it('shows the header, services with their real servers, and marks', async () => {
    const m = await start();
    const f = m.frame();
    expect(f).toMatch(/lb1 +Linux 6\.1\.0 +IPVS 1\.2\.1/);
    expect(f).toMatch(/svc 2 {2}rs 4 {2}conn 9 \(\+1 tmpl\)/);
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
    expect(m.frame()).toMatch(/Templates[\s\S]*NONE +1/);
    await m.press(TAB);
    expect(m.frame()).toMatch(/\[3 Timeouts\][\s\S]*tcp +900 s/);
    await m.press('4');
    expect(m.frame()).toMatch(/\[4 ARP\][\s\S]*lab-client +192\.0\.2\.1 .*VIP/);
    await m.press('\x1b[Z'); // Shift-Tab
    expect(m.frame()).toMatch(/\[3 Timeouts\]/);
  });

  it('filters with / (Enter keeps, Esc clears) and sorts with s and S', async () => {
    const m = await start();
    await m.press('/', '2', '.', '2', '\r');
    expect(m.frame()).toMatch(/filter: 2\.2/);
    expect(m.frame()).not.toMatch(/TCP 192\.0\.2\.1:80/);
    await m.press(ESC);
    await tick(80);
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
    await tick(200);
    expect(m.kernel.reads.services).toBeGreaterThan(reads);
  });

  it('shows a read error until the next good read', async () => {
    const m = await start();
    m.kernel.failServices = 'IPVS command 1: EPERM';
    await tick(200);
    expect(m.frame()).toMatch(/1 ERROR/);
    expect(m.frame()).toMatch(/reading services failed: IPVS command 1: EPERM/);
    m.kernel.failServices = undefined;
    await tick(200);
    expect(m.frame()).not.toMatch(/ERROR/);
  });

  it('? shows every key and closes again', async () => {
    const m = await start();
    await m.press('?');
    expect(m.frame()).toMatch(/Help[\s\S]*Zero all counters[\s\S]*Clear the whole table/);
    await m.press(ESC);
    await tick(80);
    expect(m.frame()).not.toMatch(/Zero all counters/);
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
    expect(m.actions.ran).toEqual([{ kind: 'zeroService', service: expect.objectContaining({ address: '192.0.2.1', port: 80 }) }]);
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
    expect(m.frame()).not.toMatch(/Confirm/);
    await m.press('\x7f', '\x7f', '\x7f', '\x7f', '5', TAB, '\x7f\x7f\x7f', '0', '\r');
    expect(m.frame()).toMatch(/\$ ipvsadm --set 5 0 300/);
    await m.press('y');
    expect(m.actions.ran).toEqual([{ kind: 'setTimeouts', timeouts: { tcp: 5, tcpFin: 0, udp: 300 } }]);
  });

  it('f flushes the selected VIP\'s interface, or --iface', async () => {
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

  it('g confirms arping for the selected VIP on its interface', async () => {
    const m = await start();
    await m.press('g');
    await tick();
    expect(m.frame()).toMatch(/\$ arping -U -c 3 -I lab-client -s 192\.0\.2\.1 192\.0\.2\.1/);
    await m.press('y');
    expect(m.actions.ran).toEqual([{ kind: 'gratuitousArp', address: '192.0.2.1', iface: 'lab-client' }]);
  });

  it('read-only refuses every action key and opens no dialog', async () => {
    const m = await start({ refusal: 'read-only mode (--read-only): actions are off' });
    expect(m.frame()).toMatch(/READ-ONLY/);
    expect(m.frame()).toMatch(/action keys are off/);
    for (const k of ['z', 'Z', 'C', 't', 'f', 'g']) {
      await m.press(k);
      expect(m.frame()).toMatch(/refused: read-only mode/);
      expect(m.frame()).not.toMatch(/\$ /);
    }
    expect(m.actions.ran).toEqual([]);
  });
});
