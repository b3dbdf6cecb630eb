/**
 * The soak's figures: one sample of the monitor process per minute (src/lab/guest/soak.sh
 * reports them), a line per sample, and the verdict against the targets: after warm-up,
 * RSS grows less than 5 MiB and the open descriptors do not grow.
 */

/** One reading of the monitor process, from /proc. */
export interface SoakSample {
  minute: number;
  rssKiB: number;
  fds: number;
  /** utime + stime, in clock ticks. */
  cpuTicks: number;
  /** The guest's uptime when read, in seconds. */
  atSec: number;
}

export const RSS_GROWTH_LIMIT_MIB = 5;
const USAGE = 'usage: npm run soak [-- --minutes N] (N: whole minutes, 2 to 1440)';

/** The run's length from argv, or a one-line error. */
export function parseMinutes(argv: string[]): number | string {
  if (argv.length === 0) return 10;
  if (argv.length !== 2 || argv[0] !== '--minutes' || !/^\d+$/.test(argv[1]!)) return USAGE;
  const n = Number(argv[1]);
  return n >= 2 && n <= 1440 ? n : USAGE;
}

const TICKS_PER_SEC = 100; // USER_HZ on Linux

/** A report line `sample MINUTE RSS_KIB FDS TICKS UPTIME`, or undefined for any other report. */
export function parseSample(report: string): SoakSample | undefined {
  const m = /^sample (\d+) (\d+) (\d+) (\d+) (\d+(?:\.\d+)?)$/.exec(report);
  if (!m) return undefined;
  const [minute, rssKiB, fds, cpuTicks, atSec] = m.slice(1).map(Number) as [number, number, number, number, number];
  return { minute, rssKiB, fds, cpuTicks, atSec };
}

const mib = (kib: number): string => (kib / 1024).toFixed(1);

/** CPU used between two samples, in % of one core. */
function cpuPercent(a: SoakSample, b: SoakSample): number {
  const sec = b.atSec - a.atSec;
  return sec > 0 ? ((b.cpuTicks - a.cpuTicks) / TICKS_PER_SEC / sec) * 100 : 0;
}

/** `minute 3  RSS 101.2 MiB  fds 23  CPU 12.3%` (CPU over the minute before; none for the first). */
export function sampleLine(s: SoakSample, previous?: SoakSample): string {
  const cpu = previous ? `${cpuPercent(previous, s).toFixed(1)}%` : '-';
  const [minute, rss, fds] = [String(s.minute).padStart(3), mib(s.rssKiB).padStart(6), String(s.fds).padStart(3)];
  return `minute ${minute}  RSS ${rss} MiB  fds ${fds}  CPU ${cpu.padStart(6)}`;
}

/** Minutes left out of the verdict: start-up allocations, JIT and the first GC cycles. */
export function warmupMinutes(minutes: number): number {
  return Math.min(2, Math.max(1, Math.floor(minutes / 5)));
}

export interface SoakVerdict {
  pass: boolean;
  line: string;
}

/** The targets, checked on the samples from the end of warm-up on. */
export function soakVerdict(samples: SoakSample[], warmup: number): SoakVerdict {
  const after = samples.filter((s) => s.minute >= warmup);
  if (after.length < 2) {
    return { pass: false, line: `soak: FAIL: ${after.length} sample(s) after ${warmup} min of warm-up, need 2` };
  }
  const first = after[0]!;
  const last = after[after.length - 1]!;
  const growthMiB = (last.rssKiB - first.rssKiB) / 1024;
  const peak = Math.max(...after.map((s) => s.rssKiB));
  const rssOk = growthMiB < RSS_GROWTH_LIMIT_MIB && (peak - first.rssKiB) / 1024 < RSS_GROWTH_LIMIT_MIB;
  const fdsOk = last.fds <= first.fds;
  const growth = `${growthMiB >= 0 ? '+' : ''}${growthMiB.toFixed(1)}`;
  const figures =
    `from minute ${first.minute} to ${last.minute}: RSS ${mib(first.rssKiB)} -> ${mib(last.rssKiB)} MiB ` +
    `(${growth}, peak ${mib(peak)}; target: grows < ${RSS_GROWTH_LIMIT_MIB} MiB), ` +
    `fds ${first.fds} -> ${last.fds} (target: no growth), CPU ${cpuPercent(first, last).toFixed(1)}% of a core`;
  return { pass: rssOk && fdsOk, line: `soak: ${rssOk && fdsOk ? 'PASS' : 'FAIL'}: ${figures}` };
}
