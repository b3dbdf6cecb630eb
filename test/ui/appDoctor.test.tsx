/** The App hands its doctor the HA daemon as the state has it (no wrapper around the HA reads). */
import { afterEach, describe, expect, it } from 'vitest';
import type { DoctorView } from '../../src/doctor/types.js';
import type { HaReading } from '../../src/kernel/keepalived/haReading.js';
import { DOCTOR_INTERVAL_MS } from '../../src/state/poller.js';
import { App } from '../../src/ui/App.js';
import { ManualClock } from '../state/manualClock.js';
import { FakeActions, FakeKernel, NO_HA_DAEMON } from './fakes.js';
import { renderWithKeyboard } from './ink.js';

let unmount: (() => void) | undefined;
afterEach(() => unmount?.());

const tick = (ms = 20): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe("the App's doctor", () => {
  it("sees the state's HA reading, and keepalived seen running before it stopped", async () => {
    const clock = new ManualClock();
    const keepalived: HaReading = { ...NO_HA_DAEMON, daemon: 'keepalived', pid: 7 };
    const kernel = Object.assign(new FakeKernel(), {
      haReads: 0,
      async readHa(this: { haReads: number }): Promise<HaReading> {
        return this.haReads++ === 0 ? keepalived : NO_HA_DAEMON;
      },
    });
    const views: DoctorView[] = [];
    const r = renderWithKeyboard((keyReads) => (
      <App
        sources={kernel}
        doctor={async (view) => {
          views.push(view);
          return { findings: [], notReadYet: [] };
        }}
        actions={new FakeActions()}
        host={{ hostname: 'lb1', kernelRelease: '6.1.0' }}
        config={{ intervalMs: 1000, exact: false }}
        readOnly={false}
        keyReads={keyReads}
        clock={clock}
      />
    ));
    unmount = r.unmount;
    for (let t = 0; t <= DOCTOR_INTERVAL_MS + 1000; t += 1000) {
      await clock.advance(1000);
      await tick();
    }
    expect(kernel.haReads).toBeGreaterThan(1);
    expect(views.at(-1)).toMatchObject({ ha: NO_HA_DAEMON, haSeen: 'keepalived' });
  });
});
