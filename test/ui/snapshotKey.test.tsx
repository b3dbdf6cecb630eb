/** `X`: the monitor asks for a snapshot with its history, says where it went or why not, and never twice at once. */
import { afterEach, describe, expect, it } from 'vitest';
import { nextSample, seeded, syntheticTable } from '../../src/bench/historySamples.js';
import type { HistorySample } from '../../src/history/sample.js';
import type { MonitorHistory, SnapshotTaken } from '../../src/state/monitorSnapshot.js';
import { MonitorTimeline } from '../../src/state/timeline.js';
import { App } from '../../src/ui/App.js';
import { FakeActions, FakeKernel } from './fakes.js';
import { idle, plain, renderWithKeyboard, until } from './ink.js';
import { replayApp } from './replayApp.js';

let unmount: (() => void) | undefined;
afterEach(() => unmount?.());

/** A taker that notes what it was given and answers when the test says. */
function takerOnHold() {
  const asked: MonitorHistory[] = [];
  let answer: ((t: SnapshotTaken | Error) => void) | undefined;
  const take = (h: MonitorHistory) =>
    new Promise<SnapshotTaken>((resolve, reject) => {
      asked.push(h);
      answer = (t) => (t instanceof Error ? reject(t) : resolve(t));
    });
  return { take, asked, answer: (t: SnapshotTaken | Error) => answer?.(t) };
}

function render(app: (keyReads: Parameters<Parameters<typeof renderWithKeyboard>[0]>[0]) => React.ReactElement) {
  const r = renderWithKeyboard(app);
  unmount = r.unmount;
  const frame = (): string => plain(r.lastFrame());
  const press = async (k: string): Promise<void> => {
    r.stdin.write(k);
    await idle(() => r.frames.length);
  };
  return { frame, press };
}

/** Five samples 10 s apart of a small synthetic table. */
function recordedSamples(): HistorySample[] {
  const rand = seeded(5);
  let s = syntheticTable(2, 2, Date.UTC(2026, 11, 5, 3, 0, 0));
  const out: HistorySample[] = [];
  for (let i = 0; i < 5; i++) {
    s = nextSample(s, 10, true, rand);
    out.push(s);
  }
  return out;
}

describe('X in the monitor', () => {
  it('gives the taker the history and the event log, says where the archive is, and takes one at a time', async () => {
    const timeline = new MonitorTimeline({ spanMs: 60_000, maxBytes: 1 << 20 });
    const taker = takerOnHold();
    const m = render((keyReads) => (
      <App
        sources={new FakeKernel()}
        actions={new FakeActions()}
        host={{ hostname: 'lb1', kernelRelease: '6.1.0' }}
        config={{ intervalMs: 40, exact: false }}
        readOnly
        keyReads={keyReads}
        timeline={timeline}
        snapshot={taker.take}
      />
    ));
    await until(() => /198\.51\.100\.12:80/.test(m.frame()) && timeline.length > 0);
    await m.press('X');
    expect(m.frame()).toMatch(/writing a snapshot/);
    await m.press('X');
    expect(m.frame()).toMatch(/a snapshot is being written/);
    expect(taker.asked).toHaveLength(1);
    expect(taker.asked[0]!.timeline).toBe(timeline);
    taker.answer({ path: '/root/ipvstop-snapshot-lb1-20261205T031207Z.tar.gz', notTaken: [] });
    await until(() => /snapshot written: \/root\/ipvstop-snapshot-lb1-20261205T031207Z\.tar\.gz/.test(m.frame()));

    // In --read-only too (it acts on nothing); what was not taken is said, and a failure is one line.
    await m.press('X');
    taker.answer({
      path: '/root/s.tar.gz',
      notTaken: ['not taken: kernel.log: /dev/kmsg: permission denied', 'not taken: ha.txt: no HA daemon'],
    });
    await until(() =>
      /snapshot written: \/root\/s\.tar\.gz; not taken: kernel\.log: \/dev\/kmsg: permission denied \(and 1 more/.test(
        m.frame(),
      ),
    );
    await m.press('X');
    taker.answer(new Error('EACCES: permission denied, open ipvstop-snapshot-lb1.tar.gz'));
    await until(() => /X Snapshot: EACCES: permission denied/.test(m.frame()));
    expect(taker.asked).toHaveLength(3);
  });

  it('is refused in a replay: a recording is not the director', async () => {
    const taker = takerOnHold();
    const m = render((keyReads) => replayApp(recordedSamples(), new FakeKernel(), keyReads, taker.take));
    await until(() => /PAST/.test(m.frame()));
    await m.press('X');
    expect(m.frame()).toMatch(/X Snapshot: a replay shows a recording; `ipvstop snapshot` on the director takes one/);
    expect(taker.asked).toEqual([]);
  });
});
