/** Rendering helpers for Ink component tests: frames as plain text, keys as terminals send them. */

import { EventEmitter } from 'node:events';
import { render as inkRender } from 'ink';
import { render } from 'ink-testing-library';
import type { ReactElement } from 'react';
import { BOUND_SEQUENCES } from '../../src/ui/keys/bindings.js';
import { TerminalInput } from '../../src/ui/screen/TerminalInput.js';

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
const immediate = (): Promise<void> => new Promise((r) => setImmediate(r));

/** Waits until `done()` holds, or gives up after `maxMs` (the assertion that follows then says what is wrong). */
export async function until(done: () => boolean, maxMs = 3000): Promise<void> {
  const started = Date.now();
  while (!done() && Date.now() - started < maxMs) await tick(10);
}

/**
 * Waits until Ink has drawn what a key did: no new frame for two rounds, each
 * letting React's queued work (renders, effects that register key handlers)
 * run first. A fixed sleep is not enough on a loaded machine, where one render
 * can outlast it and the next key would reach handlers not yet registered.
 */
export async function idle(frameCount: () => number, minMs = 30, maxMs = 2000): Promise<void> {
  const started = Date.now();
  let seen = frameCount();
  let quiet = 0;
  while (Date.now() - started < maxMs) {
    await tick(10);
    for (let i = 0; i < 3; i++) await immediate();
    const n = frameCount();
    if (n !== seen) {
      seen = n;
      quiet = 0;
    } else if (++quiet >= 2 && Date.now() - started >= minMs) return;
  }
}

/** Text without SGR colours, so tests read what the terminal shows whatever chalk's level. */
export const plain = (s: string | undefined): string => (s ?? '').replace(/\x1b\[[0-9;]*m/g, '');

/** Renders at ink-testing-library's 100 columns; `press` sends keys one read at a time. */
export function show(tree: ReactElement) {
  const r = render(tree);
  const press = async (...keys: string[]): Promise<void> => {
    for (const k of keys) {
      r.stdin.write(k);
      await idle(() => r.frames.length);
    }
  };
  return { ...r, press, frame: () => plain(r.lastFrame()), lines: () => plain(r.lastFrame()).split('\n') };
}

/** A terminal's input side: what `write` sends arrives as one read. */
export class FakeKeyboard extends EventEmitter {
  isTTY = true;
  setRawMode(): void {}
  write(s: string): void {
    this.emit('data', Buffer.from(s, 'utf8'));
  }
}

/** Collects Ink's frames at 100 columns, as ink-testing-library does, or at a terminal's size. */
class FrameSink extends EventEmitter {
  constructor(
    readonly columns = 100,
    readonly rows?: number,
  ) {
    super();
  }
  frames: string[] = [];
  write = (frame: string): void => {
    this.frames.push(frame);
  };
}

/**
 * Renders with keys going through TerminalInput, as in the monitor: `keys.write` is one
 * terminal read (filtered, numbered, pastes taken out); frames as ink-testing-library gives them,
 * or as a terminal of `size` would show them.
 */
export function renderWithKeyboard(
  tree: (keyReads: TerminalInput) => ReactElement,
  size?: { columns: number; rows: number },
) {
  const keys = new FakeKeyboard();
  const input = new TerminalInput(keys, BOUND_SEQUENCES);
  const out = new FrameSink(size?.columns, size?.rows);
  const instance = inkRender(tree(input), {
    stdout: out as unknown as NodeJS.WriteStream,
    stdin: input as unknown as NodeJS.ReadStream,
    debug: true,
    exitOnCtrlC: false,
    patchConsole: false,
  });
  return {
    stdin: keys,
    frames: out.frames,
    lastFrame: (): string | undefined => out.frames.at(-1),
    unmount: (): void => instance.unmount(),
    waitUntilExit: () => instance.waitUntilExit(),
    input,
  };
}
