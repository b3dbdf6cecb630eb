/** The monitor's parts of its snapshot, and its refusal without root (the archive itself: test/lab/snapshot.test.ts). */
import { describe, expect, it } from 'vitest';
import { monitorParts, monitorSnapshots } from '../../src/cli/snapshotMonitor.js';
import { MonitorTimeline } from '../../src/state/timeline.js';

const two = (n: number) => String(n).padStart(2, '0');
const clock = (ms: number) => {
  const d = new Date(ms);
  return `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
};

describe("the monitor's snapshot", () => {
  it('is refused without root, in the words of ipvstop snapshot, before anything is read', async () => {
    await expect(monitorSnapshots(1000, 1000)({ timeline: undefined, events: [] })).rejects.toThrow(
      /^root only \(it reads the IPVS table/,
    );
  });

  it("writes the event log in replay --events' lines; a history not kept is absent, and says why", async () => {
    const at = Date.UTC(2026, 11, 5, 3, 12, 7);
    const events = [
      { at, from: 'table' as const, text: 'weight of -t 192.0.2.1:80 -r 198.51.100.12:80: 1 -> 5' },
      { at: at + 1000, from: 'ha' as const, text: 'VI_1: BACKUP -> MASTER', warn: true as const },
    ];
    const [history, log] = monitorParts({ timeline: undefined, events }, 1000);
    expect(await log!.read()).toEqual({
      text: `${clock(at)}  ${events[0]!.text}\n${clock(at + 1000)}  ${events[1]!.text}\n`,
    });
    expect(history!.file).toBe('monitor/history/');
    expect(await history!.read()).toEqual({ absent: 'the monitor keeps no history (--history 0)' });
    const empty = new MonitorTimeline({ spanMs: 60_000, maxBytes: 1 << 20 });
    expect(await monitorParts({ timeline: empty, events: [] }, 1000)[0]!.read()).toEqual({
      absent: 'no table read yet',
    });
  });
});
