/**
 * `node countConnFile.js FILE RUNS`: counts a connection table RUNS times in a
 * fresh process and prints {rows, ms (median), maxRssMiB} as JSON, so peak
 * memory is the counter's alone (not the bench's, which wrote the file).
 */
import { readConnTable } from '../kernel/proc/connTable.js';
import { median } from './measure.js';

const [path, runs = '5'] = process.argv.slice(2);
const times: number[] = [];
let rows = 0;
for (let i = 0; i < Number(runs); i++) {
  const t = performance.now();
  rows = (await readConnTable(path)).rows;
  times.push(performance.now() - t);
}
process.stdout.write(
  `${JSON.stringify({ rows, ms: median(times), maxRssMiB: process.resourceUsage().maxRSS / 1024 })}\n`,
);
