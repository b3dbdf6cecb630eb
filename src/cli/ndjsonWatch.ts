/**
 * Writes one line (an NDJSON document) at a fixed rate until whoever reads goes away or a signal
 * says stop; both are a normal end (status 0), never a stack trace.
 * - Fixed rate: line n is due at start + n periods. A read slower than the period skips the
 *   ticks it overran (the next read starts at the next tick), so reads never stack up.
 * - The reader gone: a write to a pipe whose reader closed fails with EPIPE (Node ignores
 *   SIGPIPE, so the write reports it); an SSH session that closed without a terminal leaves only
 *   that. SIGHUP (a terminal or `ssh -t` session closed), SIGPIPE sent by hand, SIGINT and
 *   SIGTERM stop it too. A read in flight is abandoned: nothing is written after a stop.
 */
import { Writable } from 'node:stream';
import { errorLine } from '../errors.js';
import { nextTick } from '../state/loop.js';
import type { Io } from './program.js';

export const STOP_SIGNALS = ['SIGHUP', 'SIGINT', 'SIGTERM', 'SIGPIPE'] as const;

/** The process's signals and time, injectable for tests. */
export interface WatchEnvironment {
  on(signal: (typeof STOP_SIGNALS)[number], listener: () => void): unknown;
  off(signal: (typeof STOP_SIGNALS)[number], listener: () => void): unknown;
  now(): number;
}

const processEnvironment: WatchEnvironment = {
  on: (s, l) => process.on(s, l),
  off: (s, l) => process.off(s, l),
  now: () => performance.timeOrigin + performance.now(),
};

/**
 * stderr that says a line once while it repeats: each read may warn of the same thing (a
 * malformed connection table, an HA daemon that does not answer); a line said at the last tick
 * is not said again at this one, and is said again once it came back after a tick without it.
 */
export class RepeatFilter {
  private before = new Set<string>();
  private current = new Set<string>();
  readonly stream: Writable;

  constructor(private readonly out: NodeJS.WritableStream) {
    this.stream = new Writable({
      write: (chunk: Buffer | string, _encoding, done) => {
        this.say(String(chunk));
        done();
      },
    });
  }

  say(text: string): void {
    this.current.add(text);
    if (!this.before.has(text)) this.out.write(text);
  }

  nextTick(): void {
    this.before = this.current;
    this.current = new Set();
  }
}

export interface LinesEvery {
  periodMs: number;
  /** The next line, newline included; `stderr` is the repeat-filtered one. A throw skips the tick (said on stderr). */
  next: (stderr: NodeJS.WritableStream) => Promise<string>;
  io: Io;
  env?: WatchEnvironment;
}

/** Resolves when stdout fails or closes, or a stop signal comes; `stopped` says so at once. */
function stopper(stdout: NodeJS.WritableStream, env: WatchEnvironment) {
  let release = (): void => {};
  const done = new Promise<void>((resolve) => {
    release = resolve;
  });
  const state = { stopped: false, done, cleanup: (): void => {} };
  const stop = (): void => {
    state.stopped = true;
    release();
  };
  stdout.on('error', stop);
  stdout.on('close', stop);
  for (const s of STOP_SIGNALS) env.on(s, stop);
  state.cleanup = () => {
    for (const s of STOP_SIGNALS) env.off(s, stop);
    stdout.off('close', stop);
    // An EPIPE may still be reported for the last write: it must find a listener, not crash.
    stdout.off('error', stop);
    stdout.on('error', () => {});
  };
  return state;
}

/** Runs until stopped; resolves 0 then (the end of the stream is its normal end). */
export async function writeLinesEvery(o: LinesEvery): Promise<number> {
  const env = o.env ?? processEnvironment;
  const stop = stopper(o.io.stdout, env);
  const stderr = new RepeatFilter(o.io.stderr);
  const start = env.now();
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    for (let tick = 0; !stop.stopped; ) {
      const line = o.next(stderr.stream).catch((e: unknown) => {
        // A read abandoned at a stop fails as its socket closes: that is no error to report.
        if (!stop.stopped) stderr.say(`ipvstop: ${errorLine(e)}\n`);
        return undefined;
      });
      const text = await Promise.race([line, stop.done]);
      if (stop.stopped) break;
      if (text !== undefined) o.io.stdout.write(text);
      stderr.nextTick();
      tick = nextTick(tick, env.now() - start, o.periodMs);
      const wait = start + tick * o.periodMs - env.now();
      await Promise.race([
        new Promise((r) => {
          timer = setTimeout(r, Math.max(0, wait));
        }),
        stop.done,
      ]);
      clearTimeout(timer);
    }
    return 0;
  } finally {
    clearTimeout(timer);
    stop.cleanup();
  }
}
