/** Rendering helpers for Ink component tests: frames as plain text, keys as terminals send them. */
import type { ReactElement } from 'react';
import { render } from 'ink-testing-library';

/** Terminal bytes of the keys the monitor binds. */
export const KEY = {
  up: '\x1b[A',
  down: '\x1b[B',
  pageUp: '\x1b[5~',
  pageDown: '\x1b[6~',
  home: '\x1b[H',
  end: '\x1b[F',
  tab: '\t',
  shiftTab: '\x1b[Z',
  enter: '\r',
  escape: '\x1b',
  backspace: '\x7f',
  ctrlC: '\x03',
} as const;

export const tick = (ms = 20): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Text without SGR colours, so tests read what the terminal shows whatever chalk's level. */
export const plain = (s: string | undefined): string => (s ?? '').replace(/\x1b\[[0-9;]*m/g, '');

/** Renders at ink-testing-library's 100 columns; `press` sends keys one read at a time. */
export function show(tree: ReactElement) {
  const r = render(tree);
  const press = async (...keys: string[]): Promise<void> => {
    for (const k of keys) {
      r.stdin.write(k);
      // A lone ESC waits for a setImmediate in Ink's parser before it is a key.
      await tick(k === KEY.escape ? 40 : 20);
    }
  };
  return { ...r, press, frame: () => plain(r.lastFrame()), lines: () => plain(r.lastFrame()).split('\n') };
}
