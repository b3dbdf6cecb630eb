/**
 * Netlink that stops answering, through the real IPVS client and the whole monitor: the header
 * says STALE with how long the kernel has not answered, keys keep working, and the screen
 * recovers by itself when answers come back.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { IpvsClient } from '../../src/kernel/ipvs/client.js';
import {
  IPVS_CMD_GET_CONFIG,
  IPVS_CMD_GET_DAEMON,
  IPVS_CMD_GET_DEST,
  IPVS_CMD_GET_INFO,
  IPVS_CMD_GET_SERVICE,
} from '../../src/kernel/ipvs/constants.js';
import { NetlinkRequestError, type NetlinkTransport } from '../../src/kernel/netlink/transport.js';
import { type MonitorSources, readServiceTable } from '../../src/kernel/sources.js';
import { App } from '../../src/ui/App.js';
import { loadGoldenCases } from '../kernel/golden.js';
import { ManualClock } from '../state/manualClock.js';
import { FakeActions, FakeKernel } from './fakes.js';
import { idle, plain, renderWithKeyboard, tick } from './ink.js';

const golden = (name: string): Buffer => loadGoldenCases().find((c) => c.name === name)!.payload;
const REPLIES: Record<number, Buffer[]> = {
  [IPVS_CMD_GET_INFO]: [golden('info')],
  [IPVS_CMD_GET_CONFIG]: [golden('config')],
  [IPVS_CMD_GET_DAEMON]: [],
  [IPVS_CMD_GET_SERVICE]: [golden('service-tcp-rr-live')],
  [IPVS_CMD_GET_DEST]: [golden('dest-route')],
};

/** A netlink socket that answers from captured replies, or holds every request until told. */
class FakeNetlink implements NetlinkTransport {
  hanging = false;
  private held: { cmd: number; resolve: (b: Buffer[]) => void; reject: (e: unknown) => void }[] = [];

  request(cmd: number): Promise<Buffer[]> {
    if (!this.hanging) return Promise.resolve(REPLIES[cmd]!.map((b) => Buffer.from(b)));
    return new Promise((resolve, reject) => this.held.push({ cmd, resolve, reject }));
  }

  /** What the real transport does after its timeout: the held requests fail. */
  timeOut(): void {
    for (const h of this.held.splice(0)) {
      h.reject(new NetlinkRequestError('ETIMEDOUT', `IPVS command ${h.cmd}: no answer from the kernel`));
    }
  }

  /** Answers come back, the held requests too. */
  answer(): void {
    this.hanging = false;
    for (const h of this.held.splice(0)) h.resolve(REPLIES[h.cmd]!.map((b) => Buffer.from(b)));
  }

  close(): void {}
}

let unmount: (() => void) | undefined;
afterEach(() => unmount?.());

describe('netlink that does not answer', () => {
  it('shows STALE with its age, keeps the keys working, and recovers by itself', async () => {
    const nl = new FakeNetlink();
    const ipvs = IpvsClient.over(nl);
    const rest = new FakeKernel();
    const sources: MonitorSources = {
      readServices: () => readServiceTable(ipvs),
      readDests: (s) => ipvs.dests(s),
      readConnTable: (onRow) => rest.readConnTable(onRow),
      readNeighbours: () => rest.readNeighbours(),
      readConnRows: (keep, max) => rest.readConnRows(keep, max),
    };
    const clock = new ManualClock();
    const r = renderWithKeyboard((keyReads) => (
      <App
        sources={sources}
        actions={new FakeActions()}
        host={{ hostname: 'lb1', kernelRelease: '6.1.0' }}
        config={{ intervalMs: 1000, exact: false }}
        readOnly={false}
        keyReads={keyReads}
        clock={clock}
      />
    ));
    unmount = r.unmount;
    const frame = (): string => plain(r.lastFrame());
    /** Moves the poller's clock and lets Ink draw what followed. */
    const advance = async (ms: number): Promise<void> => {
      await clock.advance(ms);
      await idle(() => r.frames.length);
    };
    await advance(0);
    expect(frame()).toMatch(/TCP 192\.0\.2\.1:80/);

    nl.hanging = true;
    await advance(1000); // a read starts at 1 s and hangs; the kernel last answered at 0
    await advance(2000);
    expect(frame()).toMatch(/^ STALE 3\.0s /);
    await advance(1000);
    expect(frame()).toMatch(/^ STALE 4\.0s /);
    nl.timeOut(); // the transport gives up on it: an error, and the next read hangs again
    await advance(0);
    expect(frame()).toMatch(/no answer from the kernel/);
    await advance(2200); // the retry starts at 4.1 s and hangs: checked after an interval, then every interval
    expect(frame()).toMatch(/^ STALE 6\.1s /); // still counted from the last answer

    r.stdin.write('2'); // keys still work while the kernel is silent
    await tick();
    await idle(() => r.frames.length);
    expect(frame()).toMatch(/\[2 Connections\]/);
    r.stdin.write('1');
    await tick();
    await idle(() => r.frames.length);

    nl.answer();
    await advance(0);
    await advance(1000);
    expect(frame()).not.toMatch(/STALE/);
    expect(frame()).not.toMatch(/no answer from the kernel/);
    expect(frame()).toMatch(/TCP 192\.0\.2\.1:80/);
  });
});
