/**
 * `node entryWindowFile.js FILE RUNS`: the monitor's read of every row while the Connections
 * pane shows (its entry browser's window, sorted by client, and the top talkers, in one pass)
 * over FILE, RUNS times in a fresh process; prints {ms (median), maxRssMiB, stallMs} as JSON,
 * stallMs the longest the event loop, where keys are handled, went without a turn.
 */

import { monitorEventLoopDelay } from 'node:perf_hooks';
import { entryOrder } from '../ipvs/entryOrder.js';
import { EntryWindowSelector } from '../ipvs/entryWindow.js';
import { TopTalkers } from '../ipvs/topTalkers.js';
import { forEachConnRow } from '../kernel/proc/connTable.js';
import { median } from './measure.js';

const [path = '', runs = '1'] = process.argv.slice(2);
/** Three screens either side of the anchor, as the monitor keeps for a 20-row browser. */
const KEPT = 60;

async function once(): Promise<number> {
  const window = new EntryWindowSelector(entryOrder('client', false), 'start', { before: KEPT, after: KEPT });
  const talkers = new TopTalkers();
  await forEachConnRow((row) => {
    talkers.add(row);
    window.add(row);
  }, path);
  talkers.report(3);
  return window.result().rows.length;
}

const times: number[] = [];
const delay = monitorEventLoopDelay({ resolution: 1 });
delay.enable();
for (let i = 0; i < Number(runs); i++) {
  const t = performance.now();
  await once();
  times.push(performance.now() - t);
}
delay.disable();
const maxRssMiB = process.resourceUsage().maxRSS / 1024;
process.stdout.write(`${JSON.stringify({ ms: median(times), maxRssMiB, stallMs: delay.max / 1e6 })}\n`);
