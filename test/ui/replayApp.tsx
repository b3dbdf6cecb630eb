/** The App as `ipvstop replay` runs it over `samples`, opened at the newest (lookBack, snapshotKey). */
import { REFUSING, replayOf } from '../../src/cli/replayMonitor.js';
import type { HistorySample } from '../../src/history/sample.js';
import type { SnapshotTaker } from '../../src/state/monitorSnapshot.js';
import { App } from '../../src/ui/App.js';
import type { KeyReads } from '../../src/ui/screen/TerminalInput.js';
import type { FakeKernel } from './fakes.js';

export function replayApp(samples: HistorySample[], sources: FakeKernel, keyReads: KeyReads, snapshot?: SnapshotTaker) {
  const newest = samples.at(-1)!.takenAt;
  const replay = replayOf(samples, 10_000, newest, newest + 60_000);
  return (
    <App
      sources={sources}
      actions={REFUSING}
      host={{ hostname: 'lb1', kernelRelease: 'recorded' }}
      config={replay.config}
      readOnly
      keyReads={keyReads}
      timeline={replay.timeline}
      initial={replay.initial}
      snapshot={snapshot}
    />
  );
}
