/** Whether the monitor can draw here: a full-screen program needs a real terminal on both ends. */

export interface TerminalFacts {
  stdinIsTty: boolean;
  stdoutIsTty: boolean;
  /** $TERM, undefined when unset. */
  term: string | undefined;
}

const FOR_SCRIPTS = 'for scripts use `ipvstop list` (or --json)';

/** Why the monitor cannot run on this terminal, or undefined when it can. */
export function terminalProblem(t: TerminalFacts): string | undefined {
  if (!t.stdoutIsTty || !t.stdinIsTty) return `the monitor needs a terminal; ${FOR_SCRIPTS}`;
  // A dumb terminal (Emacs shell, some serial consoles) prints cursor addressing as garbage.
  if (t.term === undefined || t.term === '' || t.term === 'dumb') {
    const term = t.term === 'dumb' ? 'TERM is dumb' : 'TERM is not set';
    return `the monitor needs a terminal that can move the cursor, and ${term}; ${FOR_SCRIPTS}`;
  }
  return undefined;
}
