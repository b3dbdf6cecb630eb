/**
 * Looking back in the monitor: `[` shows a moment of the history (PAST in the header, the old
 * weight on the row), no action key acts there and each says why, Space is live again; Enter
 * in the Events pane goes to the moment of the event under its cursor.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { nextSample, seeded, syntheticTable } from '../../src/bench/historySamples.js';
import type { HistorySample } from '../../src/history/sample.js';
import { MonitorTimeline } from '../../src/state/timeline.js';
import { App } from '../../src/ui/App.js';
import { pastMarker } from '../../src/ui/Header.js';
import { dest, FakeActions, FakeKernel, summary } from './fakes.js';
import { idle, plain, renderWithKeyboard, until } from './ink.js';
import { replayApp } from './replayApp.js';

let unmount: (() => void) | undefined;
afterEach(() => unmount?.());

async function start() {
  const kernel = new FakeKernel();
  const actions = new FakeActions();
  const timeline = new MonitorTimeline({ spanMs: 60_000, maxBytes: 1 << 20 });
  const r = renderWithKeyboard((keyReads) => (
    <App
      sources={kernel}
      actions={actions}
      host={{ hostname: 'lb1', kernelRelease: '6.1.0' }}
      config={{ intervalMs: 40, exact: false }}
      readOnly={false}
      keyReads={keyReads}
      timeline={timeline}
    />
  ));
  unmount = r.unmount;
  const frame = (): string => plain(r.lastFrame());
  const press = async (...keys: string[]): Promise<void> => {
    for (const k of keys) {
      r.stdin.write(k);
      await idle(() => r.frames.length);
    }
  };
  await until(() => /198\.51\.100\.12:80/.test(frame()));
  return { kernel, actions, timeline, frame, press };
}

/** The row of 198.51.100.12 under the first service: its weight is the column after Masq. */
const weightOf = (frame: string): string | undefined => /-> 198\.51\.100\.12:80 +Masq +\*?(\d+)/.exec(frame)?.[1];

describe('looking back in the monitor', () => {
  it('[ shows the moment before a weight change, refuses actions there, and Space is live again', async () => {
    const m = await start();
    expect(weightOf(m.frame())).toBe('1');
    m.kernel.dests.set('192.0.2.1', [dest('198.51.100.11'), dest('198.51.100.12', 9), dest('198.51.100.13', 0)]);
    await until(() => weightOf(m.frame()) === '9');

    await m.press('[');
    expect(m.frame()).toMatch(/PAST \d\d:\d\d:\d\d \(-\d+s\)/);
    expect(weightOf(m.frame())).toBe('1');
    expect(m.frame()).toMatch(/looking back: \[ \] a moment, \{ \} an event, Space live again/);

    await m.press('z');
    expect(m.frame()).toMatch(/z Zero: the view is at \d\d:\d\d:\d\d, in the past; Space goes back to live/);
    expect(m.actions.ran).toEqual([]);
    expect(m.frame()).not.toMatch(/ipvsadm -Z/);

    await m.press(' ');
    expect(m.frame()).not.toMatch(/PAST|PAUSED/);
    expect(weightOf(m.frame())).toBe('9');
    // The refusal spoke of the past: live again, it is gone (it said "in the past" over the live view).
    expect(m.frame()).not.toMatch(/in the past/);
  });

  it('] from the moment before the newest is live again; ] when live says so', async () => {
    const m = await start();
    m.kernel.dests.set('192.0.2.1', [dest('198.51.100.11'), dest('198.51.100.12', 4)]);
    await until(() => weightOf(m.frame()) === '4');
    await m.press(']');
    expect(m.frame()).toMatch(/live already/);
    await m.press('[');
    expect(m.frame()).toMatch(/PAST/);
    await m.press(']');
    expect(m.frame()).not.toMatch(/PAST/);
    expect(weightOf(m.frame())).toBe('4');
  });

  it("[ shows the connection counts of the moment, and says the entries below are today's", async () => {
    const m = await start();
    await m.press('2');
    await until(() => /ESTABLISHED +6/.test(m.frame()));
    m.kernel.conn = summary({ ESTABLISHED: 2, SYN_RECV: 40 });
    await until(() => /SYN_RECV +40/.test(m.frame()));
    // A poll after that read keeps it with its table.
    const kept = m.timeline.length;
    await until(() => m.timeline.length > kept);
    let back = 0;
    while (!/ESTABLISHED +6/.test(m.frame()) && back++ < 50) await m.press('[');
    expect(m.frame()).toMatch(/PAST/);
    expect(m.frame()).not.toMatch(/SYN_RECV/);
    expect(m.frame()).toMatch(/Entries of [^\n]* now \(not at the moment above\), by client/);
    await m.press(' ');
    expect(m.frame()).toMatch(/SYN_RECV +40/);
    expect(m.frame()).toMatch(/Entries of [^\n(]*, by client/);
  });

  it('Enter in the Events pane goes to the moment of the event under its cursor', async () => {
    const m = await start();
    m.kernel.dests.set('192.0.2.1', [dest('198.51.100.11'), dest('198.51.100.12', 6)]);
    await until(() => weightOf(m.frame()) === '6');
    m.kernel.dests.set('192.0.2.1', [dest('198.51.100.11'), dest('198.51.100.12', 8)]);
    await until(() => weightOf(m.frame()) === '8');
    // The cursor down one: on the change to 6, the second event from the newest.
    await m.press('7', 'j', '\r', '1');
    expect(m.frame()).toMatch(/PAST/);
    expect(weightOf(m.frame())).toBe('6');
  });
});

describe('ipvstop replay: the monitor over a recording', () => {
  /** 10 samples 10 s apart; the weight of 192.168.1.10:8080 under 10.0.1.1:80 goes 100 -> 7 at the sixth. */
  function recording(): HistorySample[] {
    const rand = seeded(3);
    let s = syntheticTable(2, 2, Date.UTC(2026, 11, 5, 3, 0, 0));
    const out: HistorySample[] = [];
    for (let i = 0; i < 10; i++) {
      s = nextSample(s, 10, true, rand);
      if (i === 5) s.services[1]!.dests[0]!.weight = 7;
      out.push(s);
    }
    return out;
  }

  /** The replay over `samples`: its last frame, and keys pressed one at a time. */
  function replayOver(samples: HistorySample[], kernel = new FakeKernel()) {
    const r = renderWithKeyboard((keyReads) => replayApp(samples, kernel, keyReads));
    unmount = r.unmount;
    const frame = (): string => plain(r.lastFrame());
    const press = async (...keys: string[]) => {
      for (const k of keys) {
        r.stdin.write(k);
        await idle(() => r.frames.length);
      }
    };
    return { frame, press };
  }

  it('opens at the newest moment, steps to the change and before it, reads and acts on nothing', async () => {
    const kernel = new FakeKernel();
    const { frame, press } = replayOver(recording(), kernel);
    const weight = () => /-> 192\.168\.1\.10:8080 +Masq +\*?(\d+)/.exec(frame())?.[1];
    await until(() => weight() !== undefined);
    expect(frame()).toMatch(/PAST \d\d:\d\d:\d\d \(-1m00s\)/);
    expect(weight()).toBe('7');
    await press('{');
    expect(weight()).toBe('7');
    await press('[');
    expect(weight()).toBe('100');
    await press(' ');
    expect(frame()).toMatch(/the newest moment of the recording/);
    await press('Z');
    expect(frame()).toMatch(/refused: a replay shows a recording; it never acts on the kernel/);
    await press('2');
    expect(frame()).toMatch(/no counts kept for this moment/);
    expect(frame()).toMatch(/Entries: not recorded/);
    expect(kernel.reads).toEqual({ services: 0, dests: 0, conn: 0, neighbours: 0 });
  });

  it('shows the connection counts recorded with each sample, and says where there were none', async () => {
    const samples = recording();
    samples.forEach((s, i) => {
      if (i >= 5) s.conns = summary({ ESTABLISHED: 10 + i, SYN_RECV: i }, { ASSURED: 1 }, [], s.takenAt);
    });
    const { frame, press } = replayOver(samples);
    await until(() => /PAST/.test(frame()));
    await press('2');
    expect(frame()).toMatch(/ESTABLISHED +19/);
    expect(frame()).toMatch(/SYN_RECV +9/);
    await press('[');
    expect(frame()).toMatch(/ESTABLISHED +18/);
    await press('[', '[', '[');
    expect(frame()).toMatch(/ESTABLISHED +15/);
    await press('[');
    expect(frame()).toMatch(/no counts kept for this moment/);
  });
});

describe('the PAST marker', () => {
  it("says the moment's time and how long before the last read it was", () => {
    const at = new Date(2026, 11, 5, 3, 12, 7).getTime();
    expect(pastMarker({ at, agoMs: 250_400 })).toBe('PAST 03:12:07 (-4m10s)');
    expect(pastMarker({ at, agoMs: 4_200 })).toBe('PAST 03:12:07 (-4s)');
  });
});
