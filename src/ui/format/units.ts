/**
 * Numbers for narrow columns: 1000-based K/M/G/T (as ipvsadm shortens), at
 * most 5 characters, or every digit with --exact.
 */

const SUFFIXES = ['', 'K', 'M', 'G', 'T', 'P', 'E'];

/** 3 significant digits: 999, 1.23K, 12.3K, 123K, 1.23M. */
function scaled(v: number): string {
  let i = 0;
  while (v >= 999.5 && i < SUFFIXES.length - 1) {
    v /= 1000;
    i++;
  }
  if (i === 0) return String(Math.round(v));
  const digits = v < 9.995 ? 2 : v < 99.95 ? 1 : 0;
  return `${v.toFixed(digits)}${SUFFIXES[i]}`;
}

/** A counter (bigint stays exact with --exact; beyond 2^53 the short form needs no more precision). */
export function count(n: number | bigint, exact: boolean): string {
  if (exact) return typeof n === 'bigint' ? n.toString() : String(Math.round(n));
  return scaled(Number(n));
}

/** A per-second rate: a decimal below 10 so that a trickle does not read as dead. */
export function rate(n: number, exact: boolean): string {
  if (!Number.isFinite(n) || n <= 0) return '0';
  if (n < 9.95) return n.toFixed(1);
  return exact ? String(Math.round(n)) : scaled(n);
}

/** Bytes (or bytes per second), 1000-based like the rest: 1.23MB. */
export function bytes(n: number | bigint, exact: boolean): string {
  const v = Number(n);
  if (exact) return `${typeof n === 'bigint' ? n.toString() : String(Math.round(v))}B`;
  return `${v > 0 && v < 9.95 ? v.toFixed(1) : scaled(v)}B`;
}

/** 850ms, 1.2s, 12s, 3m05s, 2h10m. */
export function duration(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.round(ms))}ms`;
  const s = ms / 1000;
  if (s < 10) return `${s.toFixed(1)}s`;
  if (s < 60) return `${Math.round(s)}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${String(Math.floor(s % 60)).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}

/**
 * A measured duration that jitters from poll to poll (latency, a delta's period, a read's
 * time), to one significant digit below a second: 4ms, 30ms, 300ms, 1.2s. Exact milliseconds
 * would change on every poll and redraw for nothing (a changed cell costs bytes over SSH).
 */
export function roughDuration(ms: number): string {
  if (ms < 10) return duration(ms);
  if (ms >= 950) return duration(Math.max(1000, ms));
  const step = ms < 95 ? 10 : 100;
  return `${Math.round(ms / step) * step}ms`;
}

/** Seconds as the kernel's timeouts are set, with a readable hint: 900 → "900 s (15m00s)". */
export function seconds(s: number): string {
  return s >= 60 ? `${s} s (${duration(s * 1000)})` : `${s} s`;
}
