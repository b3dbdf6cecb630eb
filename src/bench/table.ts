/** The bench's Markdown table: | figure | ipvstop | anchor | ratio | target |. */

/** A figure to three significant digits at most. */
export const f1 = (n: number): string => (n >= 100 ? n.toFixed(0) : n.toFixed(1));
export const ratio = (a: number, b: number): string => (b > 0 ? `${(a / b).toFixed(2)}x` : 'n/a');

export function row(figure: string, ours: string, anchor: string, r: string, target: string): string {
  // Shell pipelines in a label must not split the Markdown row.
  return `| ${figure.replaceAll('|', '\\|')} | ${ours} | ${anchor} | ${r} | ${target} |`;
}
