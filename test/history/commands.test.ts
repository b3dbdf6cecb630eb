/** `ipvstop record` and `replay` over stores the tests write: the loop on a fake clock, --at's forms, refusals. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { nextSample, seeded, syntheticTable } from '../../src/bench/historySamples.js';
import { parseRetain, parseSize, type RecordFlags } from '../../src/cli/historyArgs.js';
import { connCounts, recordCommand, recordLoop } from '../../src/cli/record.js';
import { replayCommand } from '../../src/cli/replay.js';
import { parseAt } from '../../src/cli/timeArg.js';
import { HistoryReader } from '../../src/history/reader.js';
import type { HistorySample } from '../../src/history/sample.js';
import { HistoryWriter } from '../../src/history/writer.js';
import { readConnTable } from '../../src/kernel/proc/connTable.js';
import { runCaptured, stubHandlers } from '../cli/handlers.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ipvstop-history-cli-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const T0 = Date.UTC(2026, 11, 4, 3, 0, 0);
const handlers = stubHandlers({ replay: (f, io) => replayCommand(f, io), record: (f, io) => recordCommand(f, io) });

function quietIo() {
  let stderr = '';
  const err = new PassThrough();
  err.on('data', (b) => {
    stderr += b;
  });
  return { io: { stdout: new PassThrough(), stderr: err }, stderr: () => stderr };
}

describe('record', () => {
  it('samples on a fixed grid on a fake clock, skips overrun ticks, and says once that a read failed', async () => {
    let now = T0;
    let s = syntheticTable(3, 2, T0);
    const rand = seeded(3);
    let calls = 0;
    const stop = new AbortController();
    const deps = {
      now: () => now,
      sleep: async (ms: number) => {
        now += ms;
      },
      sample: async (): Promise<HistorySample> => {
        calls++;
        if (calls === 5) now += 25_000; // a read that overran two ticks
        if (calls === 8 || calls === 9) throw new Error('Generic Netlink family IPVS not found');
        if (calls === 12) stop.abort();
        s = { ...nextSample(s, 10, true, rand), takenAt: now };
        return s;
      },
    };
    const flags: RecordFlags = { dir, interval: 10, retainMs: 0, maxBytes: 0, conns: true };
    const w = new HistoryWriter(dir, { host: 'h', intervalMs: 10_000, retainMs: 0, maxBytes: 0, sync: false });
    const q = quietIo();
    await recordLoop(w, flags, deps, q.io, stop.signal);
    w.close();
    const offsets = HistoryReader.open(dir)
      .times()
      .map((t) => (t - T0) / 1000);
    // Ticks 0-3, then the read at 40 s ended at 65 s: the next tick is 70 s; reads 8 and 9 failed.
    expect(offsets).toEqual([0, 10, 20, 30, 65, 70, 80, 110, 120, 130]);
    expect(q.stderr()).toBe(
      'ipvstop: record: Generic Netlink family IPVS not found; no sample taken\n' +
        'ipvstop: record: reading the table works again\n',
    );
  });

  it('records no connection counts while the table cannot be read, says so once per reason, and again when it can', async () => {
    const table = join(dir, 'ip_vs_conn');
    const q = quietIo();
    const said = {};
    const counts = () => connCounts(q.io, said, () => readConnTable(table));
    expect(await counts()).toBeUndefined(); // absent
    expect(await counts()).toBeUndefined(); // absent again: not said again
    writeFileSync(table, readFileSync(new URL('../fixtures/proc/ip_vs_conn.lab', import.meta.url)));
    expect((await counts())?.rows).toBeGreaterThan(0);
    expect(await counts()).toBeDefined();
    rmSync(table);
    expect(await counts()).toBeUndefined();
    const lines = q.stderr().split('\n').filter(Boolean);
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(line).toMatch(/^ipvstop: record: .*ip_vs_conn.*; no connection counts recorded$/);
    // Anything but the file's own failure is not swallowed here.
    await expect(connCounts(q.io, said, () => Promise.reject(new TypeError('a bug')))).rejects.toThrow('a bug');
  });

  it('refuses bad limits with one line and status 2', async () => {
    expect(parseSize('500M')).toBe(500 * 1024 ** 2);
    expect(parseSize('2GiB')).toBe(2 * 1024 ** 3);
    expect(parseSize('0')).toBe(0);
    expect(parseRetain('7d')).toBe(7 * 86_400_000);
    expect(parseRetain('1h30m')).toBe(5_400_000);
    const r = await runCaptured(['record', '--dir', dir, '--max-size', '5x'], handlers);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(
      /^ipvstop: option '--max-size <size>' argument '5x' is invalid\. must be a size such as 500M/,
    );
    expect((await runCaptured(['record', '--dir', dir, '--retain', '7 weeks'], handlers)).status).toBe(2);
    expect((await runCaptured(['record', '--dir', dir, '--interval', '0.5'], handlers)).status).toBe(2);
  });

  it('refuses, with status 4, to write into a directory it cannot read as a store', async () => {
    writeFileSync(join(dir, 'segment-000000000000001.ipvh'), Buffer.from('IPVSTOPH\u0000\u0009'));
    expect(await runCaptured(['record', '--dir', dir], handlers)).toEqual({
      status: 4,
      stdout: '',
      stderr: 'ipvstop: segment-000000000000001.ipvh: history format version 9, this ipvstop reads version 1 only\n',
    });
  });

  it('refuses the default directory to a user other than root, in one line', async () => {
    const asUser = stubHandlers({ record: (f, io) => recordCommand(f, io, 1000) });
    expect(await runCaptured(['record'], asUser)).toEqual({
      status: 1,
      stdout: '',
      stderr: "ipvstop: record: /var/log/ipvstop is root's; run as root, or give --dir DIR\n",
    });
  });

  it('says in one line that a store it cannot make is not made, exit 1 (and returns at once on procfs)', async () => {
    expect(await runCaptured(['record', '--dir', '/proc/ipvstop-no-such'], handlers)).toEqual({
      status: 1,
      stdout: '',
      stderr: 'ipvstop: record: cannot make the store /proc/ipvstop-no-such: no such file or directory\n',
    });
  });
});

describe('replay --at TIME --json', () => {
  /** 30 samples 10 s apart from T0; a weight 100 -> 7 at sample 15. */
  function store(): HistorySample[] {
    const rand = seeded(5);
    let s = syntheticTable(2, 2, T0 - 10_000);
    const list: HistorySample[] = [];
    const w = new HistoryWriter(dir, { host: 'h', intervalMs: 10_000, retainMs: 0, maxBytes: 0, sync: false });
    for (let i = 0; i < 30; i++) {
      s = nextSample(s, 10, true, rand);
      if (i === 15) s.services[1]!.dests[0]!.weight = 7;
      w.append(s);
      list.push(s);
    }
    w.close();
    return list;
  }

  const weightAt = async (at: string) => {
    const r = await runCaptured(['replay', '--dir', dir, '--at', at, '--json'], handlers);
    expect(r.stderr).toBe('');
    const doc = JSON.parse(r.stdout);
    return { takenAt: doc.takenAt, weight: doc.services[1].dests[0].weight, connError: doc.connError };
  };

  it('prints the list --json document of the sample at or before the time, in each form', async () => {
    store();
    const before = T0 + 14 * 10_000;
    const after = T0 + 15 * 10_000;
    expect(await weightAt(`@${before / 1000 + 5}`)).toEqual({
      takenAt: new Date(before).toISOString(),
      weight: 100,
      connError: 'the connection table was not recorded with this sample',
    });
    expect((await weightAt(new Date(after).toISOString())).weight).toBe(7);
    const r = await runCaptured(['replay', '--dir', dir, '--at', `@${after / 1000}`, '--json'], handlers);
    expect(JSON.parse(r.stdout).services[1].dests[0].stats.connections).toBeGreaterThan(0);
  });

  it('says in one line when the store holds nothing that old, and refuses a foreign store with status 4', async () => {
    store();
    const early = await runCaptured(['replay', '--dir', dir, '--at', '@1000', '--json'], handlers);
    expect(early.status).toBe(1);
    expect(early.stderr).toBe(
      `ipvstop: replay: no sample at or before 1970-01-01T00:16:40.000Z in ${dir}; it holds 2026-12-04T03:00:00.000Z to 2026-12-04T03:04:50.000Z\n`,
    );
    writeFileSync(join(dir, 'segment-000000000000001.ipvh'), 'PK\u0003\u0004 a zip, say');
    const foreign = await runCaptured(['replay', '--dir', dir, '--at', '-1m', '--json'], handlers);
    expect(foreign).toEqual({
      status: 4,
      stdout: '',
      stderr: 'ipvstop: segment-000000000000001.ipvh: not an ipvstop history segment (no IPVSTOPH magic)\n',
    });
    const bad = await runCaptured(['replay', '--dir', dir, '--at', 'yesterday-ish', '--json'], handlers);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/^ipvstop: --at 'yesterday-ish': not a time; give -10m/);
    // Without --json or --events, the monitor over the store: it needs a terminal, and says so.
    const screenless = await runCaptured(['replay', '--dir', dir], handlers);
    expect(screenless.status).toBe(2);
    expect(screenless.stderr).toBe(
      'ipvstop: replay: the monitor needs a terminal; for scripts use replay --at TIME --json, or --events\n',
    );
    // A mistyped time is named first, terminal or not: it is the line to fix.
    const badScreenless = await runCaptured(['replay', '--dir', dir, '--at', 'yesterday'], handlers);
    expect(badScreenless.status).toBe(2);
    expect(badScreenless.stderr).toMatch(/^ipvstop: --at 'yesterday': not a time; give -10m/);
  });

  it('reads -10m, 10m ago, HH:MM[:SS] (today, or yesterday when still to come), ISO 8601 and @EPOCH', () => {
    const now = new Date(2026, 11, 4, 3, 12, 7).getTime(); // local time, as HH:MM is
    expect(parseAt('-10m', now)).toBe(now - 600_000);
    expect(parseAt('10m ago', now)).toBe(now - 600_000);
    expect(parseAt('1h30m ago', now)).toBe(now - 5_400_000);
    expect(parseAt('2 hours ago', now)).toBe(now - 7_200_000);
    expect(parseAt('03:10', now)).toBe(new Date(2026, 11, 4, 3, 10, 0).getTime());
    expect(parseAt('03:12:07', now)).toBe(now);
    expect(parseAt('23:59', now)).toBe(new Date(2026, 11, 3, 23, 59, 0).getTime());
    expect(parseAt('2026-12-04T03:12:07Z', now)).toBe(Date.UTC(2026, 11, 4, 3, 12, 7));
    expect(parseAt('2026-12-04T03:12:07+01:00', now)).toBe(Date.UTC(2026, 11, 4, 2, 12, 7));
    expect(parseAt('@1764817927.5', now)).toBe(1764817927500);
    for (const bad of ['24:00', '3:60', 'now', '-10x', '@-5', '2026-13-45']) expect(() => parseAt(bad, now)).toThrow();
  });
});
