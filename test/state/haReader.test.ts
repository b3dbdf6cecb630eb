import { describe, expect, it } from 'vitest';
import type { HaReading } from '../../src/kernel/keepalived/haReading.js';
import type { MonitorEvent } from '../../src/state/model.js';
import { HA_HIDDEN_MS, HA_RETRY_MS, HA_VISIBLE_MS, HaReader } from '../../src/state/poll/haReader.js';
import { NO_HA_DAEMON } from '../ui/fakes.js';
import { ManualClock, settle } from './manualClock.js';

const reading: HaReading = NO_HA_DAEMON;
const KEEPALIVED: HaReading = { ...NO_HA_DAEMON, daemon: 'keepalived', pid: 7 };

function setUp(answer = reading) {
  const clock = new ManualClock();
  const reads: { at: number; withSync: boolean }[] = [];
  const events: MonitorEvent[] = [];
  let addresses = ['10.5.0.12'];
  let addressReads = 0;
  const poller = new HaReader({
    read: async (withSync) => {
      reads.push({ at: clock.t, withSync });
      return answer;
    },
    addresses: () => {
      addressReads++;
      return addresses;
    },
    dispatch: (e) => events.push(e),
    clock,
  });
  return {
    clock,
    reads,
    events,
    poller,
    setAddresses: (a: string[]) => (addresses = a),
    addressReads: () => addressReads,
  };
}

describe('HaReader', () => {
  it('reads every few seconds, more often and with sync counts while the pane shows', async () => {
    const { clock, reads, events, poller } = setUp();
    poller.start();
    await settle();
    await clock.advance(HA_HIDDEN_MS);
    expect(reads).toEqual([
      { at: 0, withSync: false },
      { at: HA_HIDDEN_MS, withSync: false },
    ]);
    poller.setVisible(true);
    await settle();
    await clock.advance(HA_VISIBLE_MS);
    expect(reads.slice(2)).toEqual([
      { at: HA_HIDDEN_MS, withSync: true },
      { at: HA_HIDDEN_MS + HA_VISIBLE_MS, withSync: true },
    ]);
    expect(events.every((e) => e.type === 'ha')).toBe(true);
    poller.stop();
  });

  it('reads at a fixed rate: a slow read (cl_status on a busy director) does not push the next one back', async () => {
    const clock = new ManualClock();
    const starts: number[] = [];
    let takes = 1500;
    const poller = new HaReader({
      read: async () => {
        starts.push(clock.t);
        await new Promise<void>((r) => clock.setTimeout(() => r(), takes));
        return reading;
      },
      dispatch: () => {},
      clock,
    });
    poller.setVisible(true);
    poller.start();
    await clock.advance(3 * HA_VISIBLE_MS);
    // A change just after a read began shows at the end of the next: within a period and a read.
    expect(starts).toEqual([0, HA_VISIBLE_MS, 2 * HA_VISIBLE_MS, 3 * HA_VISIBLE_MS]);
    // A read slower than the period (from the one at 4 periods on) still leaves a quarter period's rest.
    takes = 2500;
    await clock.advance(HA_VISIBLE_MS + 2500 + HA_VISIBLE_MS / 4);
    expect(starts.slice(4)).toEqual([4 * HA_VISIBLE_MS, 4 * HA_VISIBLE_MS + 2500 + HA_VISIBLE_MS / 4]);
    poller.stop();
  });

  it('reads at once when an address comes or goes (a VIP moved), not at its next turn', async () => {
    const { clock, reads, poller, setAddresses } = setUp(KEEPALIVED);
    poller.start();
    await clock.advance(1000);
    expect(reads).toHaveLength(1);
    setAddresses(['10.5.0.12', '10.5.0.100']);
    await clock.advance(600);
    expect(reads.map((r) => r.at)).toEqual([0, 1500]);
    poller.setPaused(true);
    setAddresses(['10.5.0.12']);
    await clock.advance(HA_HIDDEN_MS * 2);
    expect(reads).toHaveLength(2);
  });

  it('does not look at the addresses while no HA daemon runs here', async () => {
    const { clock, reads, poller, setAddresses, addressReads } = setUp();
    poller.start();
    await clock.advance(1000);
    setAddresses(['10.5.0.12', '10.5.0.100']);
    await clock.advance(2000);
    expect(addressReads()).toBe(0);
    expect(reads.map((r) => r.at)).toEqual([0]);
    poller.stop();
  });

  it('holds back a first failed read (keepalived not ready) and tries again soon; shows a failure that persists', async () => {
    const clock = new ManualClock();
    const events: MonitorEvent[] = [];
    const answers = [
      "keepalived --signum=JSON answered ''",
      null,
      'keepalived (pid 7) wrote no keepalived.json',
      'keepalived (pid 7) wrote no keepalived.json',
    ];
    const reads: number[] = [];
    const poller = new HaReader({
      read: async () => {
        reads.push(clock.t);
        return { ...reading, error: answers[reads.length - 1] ?? null };
      },
      dispatch: (e) => events.push(e),
      clock,
    });
    poller.start();
    await clock.advance(0);
    expect(events).toEqual([]); // not read yet: no error, no badge
    await clock.advance(HA_RETRY_MS);
    expect(reads).toEqual([0, HA_RETRY_MS]);
    expect(events).toEqual([{ type: 'ha', reading: { ...reading, error: null } }]);
    await clock.advance(HA_HIDDEN_MS + HA_RETRY_MS);
    expect(reads).toEqual([0, HA_RETRY_MS, HA_RETRY_MS + HA_HIDDEN_MS, 2 * HA_RETRY_MS + HA_HIDDEN_MS]);
    expect(events.map((e) => e.type === 'ha' && e.reading.error)).toEqual([
      null,
      'keepalived (pid 7) wrote no keepalived.json',
    ]);
    poller.stop();
  });

  it('dispatches a reading only when the daemon said something new, and the same one again after a failure was shown', async () => {
    const clock = new ManualClock();
    const events: MonitorEvent[] = [];
    const answers = ['same', 'same', 'changed', 'throw', 'throw', 'changed'] as const;
    let n = 0;
    const poller = new HaReader({
      read: async () => {
        const answer = answers[n++] ?? 'changed';
        if (answer === 'throw') throw new Error('keepalived gone');
        // A new takenAt each read; the daemon's words change once.
        return { ...reading, takenAt: clock.t, pid: answer === 'changed' ? 8 : null };
      },
      dispatch: (e) => events.push(e),
      clock,
    });
    poller.start();
    await clock.advance(0);
    await clock.advance(HA_HIDDEN_MS); // the same words at another time: no event
    expect(events.map((e) => e.type === 'ha' && e.reading.pid)).toEqual([null]);
    await clock.advance(HA_HIDDEN_MS); // new words
    await clock.advance(HA_HIDDEN_MS); // a failure, held back
    await clock.advance(HA_RETRY_MS); // it persists: shown
    await clock.advance(HA_HIDDEN_MS); // the words of before the failure: dispatched, the error goes
    expect(events.map((e) => (e.type === 'ha' ? e.reading.pid : e.type))).toEqual([null, 8, 'pollError', 8]);
    poller.stop();
  });
});
