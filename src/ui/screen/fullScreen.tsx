/**
 * Runs one Ink app full-screen until it exits (the monitor, the fleet screen): our key reader and
 * the terminal a TerminalSession holds, Ink in debug mode into its Screen, and the terminal given
 * back as it was however the app ends.
 */
import { render } from 'ink';
import type { ReactElement } from 'react';
import { BOUND_SEQUENCES } from '../keys/bindings.js';
import { COLOR_THEME, PLAIN_THEME, ThemeContext } from '../theme.js';
import { TerminalInput } from './TerminalInput.js';
import { TerminalSession } from './terminalSession.js';

export interface FullScreenRun {
  noColor: boolean;
  stdout?: NodeJS.WriteStream;
  stdin?: NodeJS.ReadStream;
}

export async function runFullScreen(
  o: FullScreenRun,
  app: (session: TerminalSession, keys: TerminalInput) => ReactElement,
): Promise<number> {
  const stdin = new TerminalInput(o.stdin ?? process.stdin, BOUND_SEQUENCES);
  const session = new TerminalSession(o.stdout ?? process.stdout, stdin);
  let instance: ReturnType<typeof render> | undefined;
  session.open(() => instance?.unmount());
  try {
    instance = render(
      <ThemeContext.Provider value={o.noColor ? PLAIN_THEME : COLOR_THEME}>
        {app(session, stdin)}
      </ThemeContext.Provider>,
      {
        stdout: session.screen as unknown as NodeJS.WriteStream,
        stdin: stdin as unknown as NodeJS.ReadStream,
        exitOnCtrlC: false,
        debug: true,
        patchConsole: false,
      },
    );
    await instance.waitUntilExit();
    return 0;
  } finally {
    session.close();
  }
}
