/**
 * `node connsFile.js FILE MODE RUNS`: does what `ipvstop conns` or the monitor does over FILE
 * RUNS times in a fresh process and prints {ms (median), maxRssMiB, stallMs} as JSON, start-up
 * excluded. MODE: `all` (every row as text, dropped), `top` (--top 10), `client:ADDR`
 * (--client ADDR), `count`, `lookup:ADDR` or `window` (the monitor's table count, client lookup, or
 * Connections pane read: browser window and top talkers), with
 * stallMs the longest the event loop, where keys are handled, went without a turn.
 */

import { monitorEventLoopDelay } from 'node:perf_hooks';
import { type ConnFilter, connFilterNeedle, connFilterTest } from '../domain/connFilter.js';
import { entryOrder } from '../domain/entryOrder.js';
import { EntryWindowSelector } from '../domain/entryWindow.js';
import { parsePrefix } from '../domain/prefix.js';
import { TopTalkers } from '../domain/topTalkers.js';
import { collectConnRows, forEachConnRow, forEachConnRowBytes, readConnTable } from '../kernel/proc/connTable.js';
import type { ConnRow } from '../kernel/proc/types.js';
import { ConnRowBytes } from '../output/text/connRowBytes.js';
import { formatConnRow } from '../output/text/listOptions.js';
import { lookupNeedle, lookupTest } from '../state/clientLookup.js';
import { median } from './measure.js';

const [path = '', mode = 'all', runs = '3'] = process.argv.slice(2);

/** The read of `ipvstop conns` with a filter (as src/cli/conns.ts reads, which bench may not import). */
async function conns(filter: ConnFilter, onRow: (r: ConnRow) => void): Promise<void> {
  const test = connFilterTest(filter);
  await forEachConnRow((r) => test(r) && onRow(r), path, undefined, connFilterNeedle(filter));
}

/** Characters of text made: the rows are formatted as the command formats them, then dropped. */
let written = 0;
const asText = (r: ConnRow): void => {
  written += formatConnRow(r, false).length;
};

/** Every row as text, as the command writes it: most rows straight from their bytes. */
async function everyRow(): Promise<void> {
  const text = new ConnRowBytes((block) => {
    written += block.length;
  });
  await forEachConnRowBytes(
    (b, start, layout) => text.fixedRow(b, start, layout),
    (r) => text.text(formatConnRow(r, false)),
    path,
  );
  text.flush();
}

/** The monitor's read while the Connections pane shows: its browser's window (by client) and the top talkers. */
async function paneRead(): Promise<void> {
  // Three screens either side of the anchor, as the monitor keeps for a 20-row browser.
  const window = new EntryWindowSelector(entryOrder('client', false), 'start', { before: 60, after: 60 });
  const talkers = new TopTalkers();
  await forEachConnRow((row) => {
    talkers.add(row);
    window.add(row);
  }, path);
  talkers.report(3);
  window.result();
}

async function once(): Promise<void> {
  const [what, arg = ''] = mode.split(/:(.*)/);
  if (what === 'all') await everyRow();
  else if (what === 'top') {
    const talkers = new TopTalkers();
    await forEachConnRowBytes(
      (b, start, layout) => talkers.addFixed(b, start, layout),
      (r) => talkers.add(r),
      path,
    );
    talkers.report(10);
  } else if (what === 'client') await conns({ client: parsePrefix(arg) }, asText);
  else if (what === 'count') await readConnTable(path);
  else if (what === 'lookup') {
    const p = parsePrefix(arg)!;
    await collectConnRows(lookupTest(p, []), 2000, path, lookupNeedle(p, []));
  } else if (what === 'window') await paneRead();
  else throw new Error(`unknown mode ${mode}`);
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
process.stdout.write(`${JSON.stringify({ ms: median(times), maxRssMiB, stallMs: delay.max / 1e6, written })}\n`);
