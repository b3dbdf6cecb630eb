/** Validation of what is typed into dialogs, pure so that it can be tested with tables. */
import { MAX_WEIGHT } from '../domain/weight.js';
import type { Timeouts } from '../kernel/ipvs/types.js';

/**
 * Largest timeout the kernel accepts on every HZ: it stores timeouts as
 * jiffies in an int and (since the 2021 overflow fix, "ipvs: Fix signed
 * integer overflow") refuses `seconds > INT_MAX / HZ` with EINVAL; HZ is at
 * most 1000, so INT_MAX / 1000 s is safe everywhere (older kernels silently
 * overflowed instead).
 */
export const TIMEOUT_MAX_S = Math.floor(2147483647 / 1000);

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

/** Whole seconds, 0..TIMEOUT_MAX_S; 0 keeps the kernel's current value (SET_CONFIG ignores 0). */
export function parseTimeout(text: string): Parsed<number> {
  const t = text.trim();
  if (t === '') return { ok: false, message: 'enter whole seconds (0 keeps the current value)' };
  if (!/^\d+$/.test(t)) return { ok: false, message: `"${t}" is not a whole number of seconds` };
  const n = Number(t);
  if (n > TIMEOUT_MAX_S)
    return { ok: false, message: `at most ${TIMEOUT_MAX_S} s (the kernel keeps jiffies in an int)` };
  return { ok: true, value: n };
}

export const TIMEOUT_FIELDS = ['tcp', 'tcpfin', 'udp'] as const;

/** The three fields of the `t` dialog; the first bad one is named. */
export function parseTimeouts(fields: readonly [string, string, string]): Parsed<Timeouts> & { field?: 0 | 1 | 2 } {
  const values: number[] = [];
  for (let i = 0; i < 3; i++) {
    const p = parseTimeout(fields[i]!);
    if (!p.ok) return { ok: false, field: i as 0 | 1 | 2, message: `${TIMEOUT_FIELDS[i]}: ${p.message}` };
    values.push(p.value);
  }
  if (values.every((v) => v === 0)) return { ok: false, field: 0, message: 'all zero: nothing would change' };
  return { ok: true, value: { tcp: values[0]!, tcpFin: values[1]!, udp: values[2]! } };
}

/** An interface name typed in the `f` dialog must be one the host has. */
export function checkInterface(name: string, existing: readonly string[]): Parsed<string> {
  const n = name.trim();
  if (n === '') return { ok: false, message: 'enter an interface name' };
  if (!existing.includes(n))
    return { ok: false, message: `no interface "${n}" (have: ${existing.join(' ') || 'none'})` };
  return { ok: true, value: n };
}

/** The `w` dialog's field: a whole number 0..MAX_WEIGHT. */
export function parseWeightField(text: string): Parsed<number> {
  const t = text.trim();
  if (!/^\d+$/.test(t) || Number(t) > MAX_WEIGHT)
    return { ok: false, message: `a weight is a whole number 0..${MAX_WEIGHT}` };
  return { ok: true, value: Number(t) };
}
