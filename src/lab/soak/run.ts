/**
 * `npm run soak [-- --minutes N]`: the monitor in the lab for N minutes (default 10) at
 * -i 0.2 with client traffic and table churn; prints RSS, open descriptors and CPU of the
 * monitor each minute, then a verdict line. Exit 0 when the targets are met, 1 when not or
 * when the lab failed, 2 on bad arguments.
 */
import { ensureLabPackages } from '../deps.js';
import { consoleTail } from '../reports.js';
import { runInLab } from '../uml.js';
import { parseMinutes, parseSample, type SoakSample, sampleLine, soakVerdict, warmupMinutes } from './samples.js';

async function main(): Promise<number> {
  const minutes = parseMinutes(process.argv.slice(2));
  if (typeof minutes === 'string') {
    process.stderr.write(`soak: ${minutes}\n`);
    return 2;
  }
  ensureLabPackages((l) => process.stderr.write(`${l}\n`));
  const started = performance.now();
  const step = (text: string): void => {
    process.stderr.write(`soak [${((performance.now() - started) / 1000).toFixed(0)} s] ${text}\n`);
  };
  step(`booting the lab for a ${minutes}-minute run`);
  const samples: SoakSample[] = [];
  const r = await runInLab({
    job: `bash src/lab/guest/soak.sh ${minutes}`,
    timeoutMs: (minutes + 15) * 60_000,
    onReport: (text) => {
      const s = parseSample(text);
      if (!s) return step(text);
      process.stdout.write(`${sampleLine(s, samples[samples.length - 1])}\n`);
      samples.push(s);
    },
  });
  if (r.status !== 0) {
    const how = r.timedOut ? 'timed out' : `status ${r.status}`;
    process.stderr.write(`soak: the lab run failed (${how}); the end of its console:\n`);
    for (const line of consoleTail(r.console, 40)) process.stderr.write(`  ${line}\n`);
    return 1;
  }
  const verdict = soakVerdict(samples, warmupMinutes(minutes));
  process.stdout.write(`${verdict.line}\n`);
  return verdict.pass ? 0 : 1;
}

process.exitCode = await main();
