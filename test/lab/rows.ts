/** Comparing rows of listings, and what in a connection table will change (pure: the host suites test them). */

/** Rows of `want` that `got` lacks and rows `got` has that `want` lacks (as many times as they are missing). */
export function rowDiff(got: readonly string[], want: readonly string[]): string {
  const count = (rows: readonly string[]): Map<string, number> => {
    const m = new Map<string, number>();
    for (const r of rows) m.set(r, (m.get(r) ?? 0) + 1);
    return m;
  };
  const [g, w] = [count(got), count(want)];
  const less = (a: Map<string, number>, b: Map<string, number>): string[] =>
    [...a].flatMap(([r, n]) => Array<string>(Math.max(0, n - (b.get(r) ?? 0))).fill(r));
  const missing = less(w, g);
  const extra = less(g, w);
  const list = (rows: string[]): string =>
    rows
      .slice(0, 40)
      .map((r) => `    ${r}`)
      .join('\n') + (rows.length > 40 ? `\n    ... and ${rows.length - 40} more` : '');
  const parts = [`${got.length} rows, ${want.length} wanted`];
  if (missing.length > 0) parts.push(`  missing (${missing.length}):\n${list(missing)}`);
  if (extra.length > 0) parts.push(`  extra (${extra.length}):\n${list(extra)}`);
  if (missing.length === 0 && extra.length === 0) {
    const at = got.findIndex((r, i) => r !== want[i]);
    parts.push(`  the same rows in another order, from row ${at}: ${got[at]} (wanted ${want[at]})`);
  }
  return parts.join('\n');
}

/** `got` equals `want`, row for row; a failure lists the rows missing and the rows extra. */
export function expectRows(got: readonly string[], want: readonly string[], what: string): void {
  const same = got.length === want.length && got.every((r, i) => r === want[i]);
  if (!same) throw new Error(`${what}: ${rowDiff(got, want)}`);
}

/**
 * States whose entries outlive any test once no packet comes: ESTABLISHED (the tcp timeout, 900 s),
 * UDP (the udp timeout, an hour under holdStillTable) and persistence templates (NONE, ASSURED),
 * which the kernel keeps while they control a connection. The others go within minutes
 * (SYN_RECV 60 s, FIN_WAIT and TIME_WAIT 2 min, CLOSE 10 s, CLOSE_WAIT 60 s, LAST_ACK 30 s).
 */
const LASTING = new Set(['ESTABLISHED', 'UDP', 'NONE', 'ASSURED']);

/**
 * The rows of /proc/net/ip_vs_conn (proto, client, cport, vip, vport, dest, dport, state, expires)
 * that will change within `seconds`: a connection in a passing state or about to expire, and a
 * template no lasting connection of its service to the server it pins keeps.
 */
export function agingRows(proc: string, seconds: number): string[] {
  const rows = proc
    .split('\n')
    .slice(1)
    .filter((l) => l.trim() !== '')
    .map((l) => l.trim().split(/\s+/));
  const template = (f: string[]): boolean => f[2] === '0000';
  const pins = (f: string[]): string => `${f[3]}:${f[4]}>${f[5]}`;
  const held = new Set(rows.filter((f) => !template(f) && LASTING.has(f[7]!)).map(pins));
  return rows
    .filter((f) => (template(f) ? !held.has(pins(f)) : !LASTING.has(f[7]!) || Number(f[8]) < seconds))
    .map((f) => f.join(' '));
}
