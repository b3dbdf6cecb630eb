/** `ipvstop replay --events` over stores the tests write: text and NDJSON, the range, refusals. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { nextSample, seeded, syntheticTable } from '../../src/bench/historySamples.js';
import { replayCommand } from '../../src/cli/replay.js';
import type { HistorySample } from '../../src/history/sample.js';
import { HistoryWriter } from '../../src/history/writer.js';
import { runCaptured, stubHandlers } from '../cli/handlers.js';
import { expectValid } from '../schemas/validate.js';
import { group, summary } from '../ui/fakes.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ipvstop-events-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const T0 = Date.UTC(2026, 11, 4, 3, 0, 0);
const handlers = stubHandlers({ replay: (f, io) => replayCommand(f, io) });
const replay = (...args: string[]) => runCaptured(['replay', '--dir', dir, '--events', ...args], handlers);

/** `HH:MM:SS` of a time, local, as the text output prints it. */
const clock = (ms: number) => new Date(ms).toTimeString().slice(0, 8);

/**
 * 20 samples 10 s apart from T0: sample 5 drains a server (weight 100 -> 0), sample 12 removes
 * another. Idle samples: the fixture's busy ones make a service's counters the sum of its real
 * servers', which a removed server would take back (the kernel keeps them).
 */
function store(change?: (s: HistorySample, i: number) => void): void {
  const rand = seeded(5);
  let s = syntheticTable(2, 2, T0 - 10_000);
  const w = new HistoryWriter(dir, { host: 'h', intervalMs: 10_000, retainMs: 0, maxBytes: 0, sync: false });
  for (let i = 0; i < 20; i++) {
    s = nextSample(s, 10, false, rand);
    if (i === 5) s.services[1]!.dests[0]!.weight = 0;
    if (i === 12) s.services[0]!.dests.pop();
    change?.(s, i);
    w.append(s);
  }
  w.close();
}

describe('replay --events', () => {
  it('prints each event, oldest first, HH:MM:SS and its words', async () => {
    store();
    const r = await replay();
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(new RegExp(`^${clock(T0 + 50_000)}  weight of -t \\S+ -r \\S+: 100 -> 0 \\(drained\\)$`));
    expect(lines[1]).toMatch(new RegExp(`^${clock(T0 + 120_000)}  real server -t \\S+ -r \\S+ removed$`));
  });

  it('with --json, one event a line, each valid against events.schema.json', async () => {
    store();
    const r = await replay('--json');
    const events = r.stdout
      .trimEnd()
      .split('\n')
      .map((l) => expectValid('events', l) as Record<string, unknown>);
    expect(events.map((e) => [e.at, e.kind, e.old, e.new])).toEqual([
      [new Date(T0 + 50_000).toISOString(), 'drain', 100, 0],
      [new Date(T0 + 120_000).toISOString(), 'server-removed', null, null],
    ]);
    expect(events[0]).toMatchObject({ atMs: T0 + 50_000, service: expect.stringMatching(/^TCP /), name: null });
  });

  it('--since and --until bound the events; the change at the first sample of the range is in it', async () => {
    store();
    const at = (ms: number) => `@${ms / 1000}`;
    expect((await replay('--since', at(T0 + 50_000), '--json')).stdout.split('\n')).toHaveLength(3);
    expect((await replay('--since', at(T0 + 50_001), '--json')).stdout.split('\n')).toHaveLength(2);
    const before = await replay('--until', at(T0 + 119_999), '--json');
    expect(before.stdout.split('\n')).toHaveLength(2);
    expect(await replay('--since', at(T0 + 60_000), '--until', at(T0 + 110_000))).toEqual({
      status: 0,
      stdout: '',
      stderr: '',
    });
  });

  it('a silence in the recording is a gap event', async () => {
    store((s, i) => {
      if (i === 15) s.takenAt += 60_000;
    });
    const r = await replay('--since', `@${(T0 + 130_000) / 1000}`);
    expect(r.stdout).toBe(
      `${clock(T0 + 210_000)}  no sample for 70 s before this one: the recorder was stopped or could not read the table\n`,
    );
  });

  it('a SYN_RECV pile-up in the recorded connection counts, and its end, are events; a cut read is passed over', async () => {
    // The first service (10.0.0.1:80) to its first server; 25 of 30 in SYN_RECV from sample 8 to 13,
    // but for sample 10's read, cut short, which counted part of the table.
    const counts = (i: number): Record<string, number> =>
      i >= 8 && i < 14 && i !== 10 ? { SYN_RECV: 25, ESTABLISHED: 5 } : { SYN_RECV: 1, ESTABLISHED: 29 };
    store((s, i) => {
      if (i < 3) return; // no counts: the first that has them starts the comparison
      const g = { ...group('10.0.0.1', 80, '192.168.0.10', 8080, counts(i)), af: 2 as const };
      s.conns = { ...summary(g.states, {}, [g], s.takenAt), ...(i === 10 && { truncated: 'time' as const }) };
    });
    const r = await replay('--json');
    const events = r.stdout
      .trimEnd()
      .split('\n')
      .map((l) => expectValid('events', l) as Record<string, unknown>)
      .filter((e) => e.kind === 'syn-recv');
    expect(events.map((e) => [e.atMs, e.service, e.new, e.text])).toEqual([
      [T0 + 80_000, 'TCP 10.0.0.1:80', 25, 'SYN_RECV piling up on -t 10.0.0.1:80: 25 of 30 connections in SYN_RECV'],
      [
        T0 + 140_000,
        'TCP 10.0.0.1:80',
        1,
        'SYN_RECV pile-up on -t 10.0.0.1:80 cleared: 1 of 30 connections in SYN_RECV',
      ],
    ]);
  });

  it('usage errors are status 2, a bad store status 4, each in one line', async () => {
    store();
    const cases: [string[], RegExp][] = [
      [['--since', 'soonish'], /^ipvstop: --since 'soonish': not a time/],
      [['--until', '25:00'], /^ipvstop: --until '25:00': no such time of day/],
      [['--since', '@2000', '--until', '@1000'], /^ipvstop: --since '@2000' is after --until '@1000'/],
      [['--at', '-1m'], /^ipvstop: --at does not go with --events/],
    ];
    for (const [args, line] of cases) {
      const r = await replay(...args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(line);
      expect(r.stderr.split('\n')).toHaveLength(2);
    }
    const since = await runCaptured(['replay', '--dir', dir, '--since', '-1m'], handlers);
    expect(since.status).toBe(2);
    expect(since.stderr).toBe('ipvstop: --since and --until go with --events\n');
    writeFileSync(join(dir, 'segment-000000000000001.ipvh'), 'PK\u0003\u0004 a zip, say');
    expect(await replay()).toMatchObject({ status: 4, stdout: '' });
  });

  it('refuses (status 4) a store whose sample holds what the recorder never writes, and prints none of it', async () => {
    store((s, i) => {
      if (i === 19) s.services[0]!.service.scheduler = 'rr\u001b]0;owned\u0007';
    });
    const r = await replay();
    expect(r.status).toBe(4);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^ipvstop: segment-\d+\.ipvh: sample at .*: service 1 is not what the recorder writes\n$/);
  });
});
