/**
 * The fleet screen (ui/fleet/FleetApp.tsx) drawn at 80x24 from a fake set of sessions: grouped by
 * pair with the checks, ssh's reason under a director not read, every line within 80 columns and
 * at most 23 lines; the cursor's keys, scrolling in a fleet taller than the screen, Enter asking
 * for the selected director's monitor (and saying how it ended when it failed), q quitting, and a
 * redraw when a session changes.
 */
import { describe, expect, it } from 'vitest';
import type { HostView } from '../../src/state/fleetSession.js';
import { FleetApp, type FleetSource } from '../../src/ui/fleet/FleetApp.js';
import { FLEET_FOOTER } from '../../src/ui/fleet/FleetScreen.js';
import { monitorExitLine } from '../../src/ui/fleet/run.js';
import { hostView } from '../state/fleetHosts.js';
import { vrrpInstance } from './fakes.js';
import { idle, KEY, plain, renderWithKeyboard, until } from './ink.js';

const MASTER = { instances: [vrrpInstance({ state: 'MASTER' })], addresses: ['10.5.0.100'] };
const BACKUP = { instances: [vrrpInstance({})] };

class FakeSource implements FleetSource {
  private listeners: (() => void)[] = [];
  constructor(public hosts: HostView[]) {}
  views = (): HostView[] => this.hosts;
  subscribe = (f: () => void): (() => void) => {
    this.listeners.push(f);
    return () => {
      this.listeners = this.listeners.filter((x) => x !== f);
    };
  };
  change(hosts: HostView[]): void {
    this.hosts = hosts;
    for (const f of this.listeners) f();
  }
}

function screen(hosts: HostView[], opened: string[] = [], answer: string | null = null) {
  const source = new FakeSource(hosts);
  const r = renderWithKeyboard(
    () => (
      <FleetApp
        source={source}
        onOpen={async (host) => {
          opened.push(host);
          return answer;
        }}
      />
    ),
    { columns: 80, rows: 24 },
  );
  const lines = (): string[] => plain(r.lastFrame()).split('\n');
  const press = async (...keys: string[]): Promise<void> => {
    for (const k of keys) {
      r.stdin.write(k);
      await idle(() => r.frames.length);
    }
  };
  return { ...r, source, lines, press, selected: () => lines().find((l) => l.startsWith('>')) };
}

describe('the fleet screen at 80x24', () => {
  it('the header, the pair with its checks over its directors, the one not read with its reason, the keys', async () => {
    const s = screen([hostView('lb-a', MASTER), hostView('lb-b', BACKUP), hostView('down-1', 'down')]);
    await until(() => s.frames.length > 0);
    const lines = s.lines();
    expect(lines).toEqual([
      'ipvstop fleet  2/3 hosts read  1 pair, 0 with problems',
      ' HOST   READ HA          VIP SVC  RS ACT INACT CPS  IN/s OUT/s DOC DRIFT',
      'VI_1 (vrid 51)  10.5.0.100  lb-a MASTER, lb-b BACKUP',
      '>lb-a   ok   MASTER VI_1   1   1 1/2   4     8  21 12.0K 30.5K 0/2     0',
      ' lb-b   ok   BACKUP VI_1   0   1 1/2   4     8  21 12.0K 30.5K 0/2     0',
      'not in a pair',
      ' down-1 down -             -   -   -   -     -   -     -     -   -     -',
      '    ssh: connect to host down-1 port 22: Connection refused',
      ...Array(14).fill(''),
      FLEET_FOOTER,
    ]);
    s.unmount();
  });

  it('a fleet taller than the screen: rows clipped to 23 lines of 80 columns, the cursor scrolls it', async () => {
    const hosts = Array.from({ length: 40 }, (_, i) =>
      i % 3 === 2
        ? hostView(`down-${i}`, 'down', { reason: `ssh: connect to host down-${i} port 22: ${'x'.repeat(100)}` })
        : hostView(`web-${i}`, {}),
    );
    const s = screen(hosts);
    await until(() => s.frames.length > 0);
    const fits = (): void => {
      const lines = s.lines();
      expect(lines.length).toBeLessThanOrEqual(23);
      for (const l of lines) expect([...l].length, l).toBeLessThanOrEqual(80);
      expect(lines.at(-1)).toBe(FLEET_FOOTER);
    };
    fits();
    expect(s.selected()).toMatch(/^>web-0 /);
    await s.press(KEY.end);
    fits();
    expect(s.selected()).toMatch(/^>web-39 /);
    await s.press(KEY.pageUp);
    expect(s.selected()).toMatch(/^>web-19 /); // a page: as many directors as the body has lines (20)
    await s.press('k', 'k', KEY.up);
    expect(s.selected()).toMatch(/^>web-16 /);
    await s.press(KEY.home);
    fits();
    expect(s.lines()[2]).toMatch(/^>web-0 /);
    await s.press(KEY.pageDown, 'j', KEY.down);
    expect(s.selected()).toMatch(/^>web-22 /);
    s.unmount();
  });

  it("Enter asks for the selected director's monitor; a failed ssh -t is said until the next key; q quits", async () => {
    const opened: string[] = [];
    const s = screen([hostView('lb-a', MASTER), hostView('lb-b', BACKUP)], opened, 'lb-b: ssh -t exited 255: no route');
    await until(() => s.frames.length > 0);
    await s.press('j', KEY.enter);
    await until(() => s.lines().at(-1) !== FLEET_FOOTER);
    expect(opened).toEqual(['lb-b']);
    expect(s.lines().at(-1)).toBe('lb-b: ssh -t exited 255: no route');
    await s.press('k');
    expect(s.lines().at(-1)).toBe(FLEET_FOOTER);
    expect(s.selected()).toMatch(/^>lb-a /);
    let exited = false;
    void s.waitUntilExit().then(() => {
      exited = true;
    });
    await s.press('q');
    await until(() => exited);
    expect(exited).toBe(true);
  });

  it('Ctrl-C quits too', async () => {
    const s = screen([hostView('lb-a', MASTER)]);
    await until(() => s.frames.length > 0);
    let exited = false;
    void s.waitUntilExit().then(() => {
      exited = true;
    });
    await s.press(KEY.ctrlC);
    await until(() => exited);
    expect(exited).toBe(true);
  });

  it('redraws when a session changes: a director gone stale shows its age and the reason, the selection kept', async () => {
    const s = screen([hostView('lb-a', MASTER), hostView('lb-b', BACKUP)]);
    await until(() => s.frames.length > 0);
    await s.press('j');
    s.source.change([
      hostView('lb-a', MASTER),
      hostView('lb-b', BACKUP, { state: 'stale', ageMs: 9_000, reason: 'Connection to lb-b closed by remote host.' }),
    ]);
    await until(() => s.lines().some((l) => l.includes('stale 9s')));
    expect(s.lines().slice(3, 6)).toEqual([
      ' lb-a ok       MASTER VI_1   1   1 1/2   4     8  21 12.0K 30.5K 0/2     0',
      '>lb-b stale 9s BACKUP VI_1   0   1 1/2   4     8  21 12.0K 30.5K 0/2     0',
      '    Connection to lb-b closed by remote host.',
    ]);
    s.unmount();
  });
});

describe('back from a director monitor', () => {
  it('says nothing after q (exit 0); otherwise how ssh -t ended, its control characters escaped', () => {
    expect(monitorExitLine('lb-a', { code: 0, reason: 'Connection to lb-a closed.' })).toBeNull();
    expect(
      monitorExitLine('lb-a', { code: 255, reason: 'ssh: connect to host lb-a port 22: Connection refused' }),
    ).toBe('lb-a: ssh -t exited 255: ssh: connect to host lb-a port 22: Connection refused');
    expect(monitorExitLine('lb-a', { code: 1, reason: null })).toBe('lb-a: ssh -t exited 1');
    expect(monitorExitLine('lb-a', { code: null, reason: 'cannot run ssh: spawn ssh ENOENT' })).toBe(
      'lb-a: ssh did not run: cannot run ssh: spawn ssh ENOENT',
    );
    expect(monitorExitLine('lb-a', { code: 1, reason: 'bad\x1b[2Jthing' })).not.toContain('\x1b');
  });
});
