import { describe, expect, it } from 'vitest';
import { terminalProblem } from '../../src/cli/terminal.js';

describe('whether the monitor can draw', () => {
  const tty = { stdinIsTty: true, stdoutIsTty: true };

  it('draws on a terminal that moves the cursor', () => {
    for (const term of ['xterm-256color', 'screen', 'linux', 'vt100']) {
      expect(terminalProblem({ ...tty, term })).toBeUndefined();
    }
  });

  it.each([
    [{ ...tty, stdoutIsTty: false, term: 'xterm' }, /^the monitor needs a terminal; for scripts use `ipvstop list`/],
    [{ ...tty, stdinIsTty: false, term: 'xterm' }, /^the monitor needs a terminal; for scripts use `ipvstop list`/],
    [{ ...tty, term: 'dumb' }, /^the monitor needs a terminal that can move the cursor, and TERM is dumb; for/],
    [{ ...tty, term: undefined }, /TERM is not set; for scripts use `ipvstop list`/],
    [{ ...tty, term: '' }, /TERM is not set/],
  ])('refuses %j', (facts, words) => {
    expect(terminalProblem(facts)).toMatch(words);
  });
});
