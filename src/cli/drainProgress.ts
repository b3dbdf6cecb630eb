/**
 * What `drain --wait` shows while it waits, on stderr. On a terminal: one line, rewritten in
 * place each second (cut to the terminal's width, or it would wrap and no longer be rewritten).
 * Elsewhere (a log, a pipe): one line per server not drained, only when what is left changed,
 * not for the countdown alone.
 */
import { type Remaining, remainingState, worstCaseText } from './drainWait.js';

const PREFIX = 'ipvstop: waiting: ';

/** stderr as the command has it: a terminal has a width. */
export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface DrainProgress {
  update(left: readonly Remaining[]): void;
  /** Clears the line on a terminal, before what comes next is written. */
  done(): void;
}

/** One line for all: the server itself when one is left, else how many and their entries together. */
export function progressLine(left: readonly Remaining[]): string {
  const worst = Math.max(-1, ...left.map((r) => r.worstCaseSeconds ?? -1));
  const countdown = worstCaseText(worst < 0 ? undefined : worst);
  if (left.length === 1) return `${remainingState(left[0]!)}${countdown}`;
  const sum = (f: (r: Remaining) => number): number => left.reduce((n, r) => n + f(r), 0);
  const templates = sum((r) => r.dest.persistentConns);
  return (
    `${left.length} servers not drained: ${sum((r) => r.dest.activeConns)} active, ` +
    `${sum((r) => r.dest.inactiveConns)} inactive, ${templates} template${templates === 1 ? '' : 's'}${countdown}`
  );
}

export function drainProgress(out: ProgressStream): DrainProgress {
  let shown = false;
  let last = '';
  if (out.isTTY) {
    return {
      update(left) {
        const width = Math.max(20, (out.columns ?? 80) - 1);
        out.write(`\r\x1b[K${(PREFIX + progressLine(left)).slice(0, width)}`);
        shown = true;
      },
      done() {
        if (shown) out.write('\r\x1b[K');
        shown = false;
      },
    };
  }
  return {
    update(left) {
      const state = left.map(remainingState).join('\n');
      if (state === last) return;
      last = state;
      out.write(left.map((r) => `${PREFIX}${remainingState(r)}${worstCaseText(r.worstCaseSeconds)}\n`).join(''));
    },
    done() {},
  };
}
