/**
 * The fleet screen's cursor: which director is selected (by host name, so that it stays on the
 * same director when groups change, a director leaving its pair when it cannot be read), and the
 * first line of the body on screen. Pure: a reducer over the keys' moves, and the scroll that
 * keeps the selected row in view.
 */
import type { FleetLine } from './fleetScreen.js';

export type FleetMove = 'up' | 'down' | 'pageUp' | 'pageDown' | 'home' | 'end';

/** `order`: the directors' hosts as the screen lists them (rows only, top to bottom). */
export function moveSelection(
  selected: string | null,
  move: FleetMove,
  order: readonly string[],
  page: number,
): string | null {
  if (order.length === 0) return null;
  const at = Math.max(0, selected === null ? 0 : order.indexOf(selected));
  const last = order.length - 1;
  const step = Math.max(1, page);
  const next = {
    up: at - 1,
    down: at + 1,
    pageUp: at - step,
    pageDown: at + step,
    home: 0,
    end: last,
  }[move];
  return order[Math.min(last, Math.max(0, next))]!;
}

/** The selected host when it is still listed, else the first. */
export function keptSelection(selected: string | null, order: readonly string[]): string | null {
  return selected !== null && order.includes(selected) ? selected : (order[0] ?? null);
}

/** The hosts of the row lines, top to bottom. */
export const rowOrder = (lines: readonly FleetLine[]): string[] =>
  lines.flatMap((l) => (l.kind === 'row' ? [l.host] : []));

/** Index of the selected director's row line, or -1. */
export const selectedLine = (lines: readonly FleetLine[], host: string | null): number =>
  lines.findIndex((l) => l.kind === 'row' && l.host === host);

/**
 * The first body line on screen: the last one unless the selected row (and its reason line) fell
 * out of the `height` lines shown; scrolled back, the pair heads right above a row come into view
 * with it when they fit.
 */
export function scrollTop(top: number, lines: readonly FleetLine[], selected: number, height: number): number {
  const h = Math.max(1, height);
  const maxTop = Math.max(0, lines.length - h);
  let t = Math.min(Math.max(0, top), maxTop);
  if (selected < 0) return t;
  const end = lines[selected + 1]?.kind === 'reason' ? selected + 1 : selected;
  if (end >= t + h) t = end - h + 1;
  if (selected < t) {
    let head = selected;
    while (head > 0 && lines[head - 1]!.kind !== 'row' && lines[head - 1]!.kind !== 'reason') head--;
    t = end - head < h ? head : selected;
  }
  return Math.min(Math.max(0, t), maxTop);
}
