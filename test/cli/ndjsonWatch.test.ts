/**
 * The NDJSON writer of `list --json --watch`: lines at a fixed rate with reads that never overlap,
 * and a clean, prompt end (status 0, nothing on stderr) when the reader goes away or a signal comes,
 * in this process and in a real child process whose stdout pipe the test closes.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { build } from 'esbuild';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { RepeatFilter, type WatchEnvironment, writeLinesEvery } from '../../src/cli/ndjsonWatch.js';

/** Signals a test raises itself, and Date.now (which fake timers move). */
function fakeEnvironment(): WatchEnvironment & { raise(signal: string): void } {
  const e = new EventEmitter();
  return {
    on: (s, l) => e.on(s, l),
    off: (s, l) => e.off(s, l),
    now: () => Date.now(),
    raise: (s) => e.emit(s),
  };
}

function capture() {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: { at: number; text: string }[] = [];
  let err = '';
  stdout.on('data', (b: Buffer) => out.push({ at: Date.now(), text: b.toString() }));
  stderr.on('data', (b: Buffer) => {
    err += b.toString();
  });
  return { io: { stdout, stderr }, out, err: () => err };
}

/** writeLinesEvery every `periodMs` under fake timers from 0, its output captured, its signals raised by the test. */
function started(next: () => Promise<string>, periodMs = 100) {
  vi.useFakeTimers({ now: 0 });
  const c = capture();
  const env = fakeEnvironment();
  return { c, env, done: writeLinesEvery({ periodMs, io: c.io, env, next }) };
}

describe('writeLinesEvery', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('writes at a fixed rate: a 30 ms read every 100 ms gives lines 100 ms apart, not 130', async () => {
    let n = 0;
    const { c, env, done } = started(async () => {
      await new Promise((r) => setTimeout(r, 30));
      return `${++n}\n`;
    });
    await vi.advanceTimersByTimeAsync(450);
    env.raise('SIGTERM');
    expect(await done).toBe(0);
    expect(c.out).toEqual([
      { at: 30, text: '1\n' },
      { at: 130, text: '2\n' },
      { at: 230, text: '3\n' },
      { at: 330, text: '4\n' },
      { at: 430, text: '5\n' },
    ]);
  });

  it('never stacks reads: one slower than the period skips the ticks it overran', async () => {
    const starts: number[] = [];
    let inFlight = 0;
    let most = 0;
    const { env, done } = started(async () => {
      starts.push(Date.now());
      most = Math.max(most, ++inFlight);
      await new Promise((r) => setTimeout(r, 250));
      inFlight--;
      return 'x\n';
    });
    await vi.advanceTimersByTimeAsync(1000);
    env.raise('SIGINT');
    expect(await done).toBe(0);
    expect(most).toBe(1);
    // Each read starts at the first tick (a multiple of 100 ms) after the one before ended.
    expect(starts).toEqual([0, 300, 600, 900]);
  });

  it('ends at once, status 0, on EPIPE and on each stop signal, writing nothing after', async () => {
    for (const end of ['EPIPE', 'SIGHUP', 'SIGINT', 'SIGTERM', 'SIGPIPE']) {
      let reads = 0;
      const { c, env, done } = started(async () => {
        reads++;
        await new Promise((r) => setTimeout(r, 50));
        return 'line\n';
      });
      await vi.advanceTimersByTimeAsync(120); // the second read is in flight
      if (end === 'EPIPE') c.io.stdout.emit('error', Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
      else env.raise(end);
      expect(await done, end).toBe(0);
      await vi.advanceTimersByTimeAsync(500);
      expect([end, reads, c.out.map((o) => o.text)]).toEqual([end, 2, ['line\n']]);
      expect(c.err()).toBe('');
      // Its listeners are gone: a signal after the end is not ours any more.
      expect(c.io.stdout.listenerCount('close')).toBe(0);
      vi.useRealTimers();
    }
  });

  it('a read abandoned at a stop that then fails (its socket closed) says nothing', async () => {
    const { c, env, done } = started(async () => {
      await new Promise((r) => setTimeout(r, 50));
      throw new Error('socket closed');
    });
    await vi.advanceTimersByTimeAsync(10);
    env.raise('SIGTERM');
    expect(await done).toBe(0);
    await vi.advanceTimersByTimeAsync(100);
    expect(c.err()).toBe('');
  });

  it('a failed read skips its tick and says why once while it repeats', async () => {
    let n = 0;
    const { c, env, done } = started(async () => {
      n++;
      if (n <= 3 || n === 5) throw new Error('cannot read the table');
      return `${n}\n`;
    });
    await vi.advanceTimersByTimeAsync(550);
    env.raise('SIGTERM');
    expect(await done).toBe(0);
    expect(c.out.map((o) => o.text)).toEqual(['4\n', '6\n']);
    expect(c.err()).toBe('ipvstop: cannot read the table\nipvstop: cannot read the table\n');
  });
});

describe('RepeatFilter', () => {
  it('says a line once while it comes at every tick, and again after a tick without it', () => {
    const c = capture();
    const f = new RepeatFilter(c.io.stderr);
    const ticks = [['a', 'b'], ['a', 'b'], ['b'], ['a', 'b']];
    for (const lines of ticks) {
      for (const l of lines) f.say(`${l}\n`);
      f.nextTick();
    }
    expect(c.err()).toBe('a\nb\na\n');
  });
});

describe('in a real process, piped into a reader that goes away', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ipvstop-ndjson-'));
  const worker = join(dir, 'worker.mjs');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  beforeAll(async () => {
    // The module as the executable loads it: bundled, run by node itself, on the process's own stdout and signals.
    await build({
      entryPoints: [new URL('../../src/cli/ndjsonWatch.ts', import.meta.url).pathname],
      bundle: true,
      platform: 'node',
      format: 'esm',
      outfile: join(dir, 'ndjsonWatch.mjs'),
      logLevel: 'silent',
    });
    writeFileSync(
      worker,
      `import { writeLinesEvery } from './ndjsonWatch.mjs';
let seq = 0;
const line = JSON.stringify({ padding: 'x'.repeat(2000) });
const status = await writeLinesEvery({
  periodMs: 50,
  io: { stdout: process.stdout, stderr: process.stderr },
  next: async () => \`{"seq":\${++seq},"doc":\${line}}\\n\`,
});
process.exitCode = status;
`,
    );
  });

  /** Starts the worker and resolves once it has written `lines` whole lines. */
  function startAndRead(lines: number): Promise<{ child: ChildProcessWithoutNullStreams; stderr: () => string }> {
    const child = spawn(process.execPath, [worker]);
    let stderr = '';
    child.stderr.on('data', (b: Buffer) => {
      stderr += b.toString();
    });
    return new Promise((resolve) => {
      let text = '';
      child.stdout.on('data', (b: Buffer) => {
        text += b.toString();
        const whole = text.split('\n').slice(0, -1);
        if (whole.length >= lines) {
          for (const [i, l] of whole.entries()) expect((JSON.parse(l) as { seq: number }).seq).toBe(i + 1);
          resolve({ child, stderr: () => stderr });
        }
      });
    });
  }

  function exit(
    child: ChildProcessWithoutNullStreams,
  ): Promise<{ code: number | null; signal: string | null; ms: number }> {
    const start = Date.now();
    return new Promise((resolve) => {
      child.on('exit', (code, signal) => resolve({ code, signal, ms: Date.now() - start }));
    });
  }

  it('exits 0 within a second, nothing on stderr, when its stdout is closed after two lines', async () => {
    const { child, stderr } = await startAndRead(2);
    const exited = exit(child);
    child.stdout.destroy();
    const { code, signal, ms } = await exited;
    expect({ code, signal, stderr: stderr() }).toEqual({ code: 0, signal: null, stderr: '' });
    expect(ms).toBeLessThan(1000);
  });

  it.each(['SIGHUP', 'SIGTERM', 'SIGINT', 'SIGPIPE'] as const)('exits 0 at once on %s', async (signal) => {
    const { child, stderr } = await startAndRead(2);
    const exited = exit(child);
    child.kill(signal);
    const r = await exited;
    expect({ code: r.code, signal: r.signal, stderr: stderr() }).toEqual({ code: 0, signal: null, stderr: '' });
    expect(r.ms).toBeLessThan(1000);
  });
});
