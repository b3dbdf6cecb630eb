/**
 * One frame, one reading, on the real kernel under the lab's traffic: the header's connections add
 * up the rows' Act and InAct on the same screen (they once came from another read: `conn 114` beside
 * rows of over 300), and the entry browser's count is the connection table's of the same read (once a
 * second read of a table that changed meanwhile: `443 conns` beside `1-14 of 447`).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IpvsClient } from '../../src/kernel/ipvs/client.js';
import { NeighbourClient } from '../../src/kernel/neigh/client.js';
import type { ConnTableSummary } from '../../src/kernel/proc/types.js';
import { createKernelSources } from '../../src/kernel/sources.js';
import type { MonitorEvent } from '../../src/state/model.js';
import { createPoller } from '../../src/state/poller.js';
import { ROOT, releaseTraffic, sh } from './helpers.js';
import { pollUntil } from './polling.js';
import { Screen } from './tmux.js';

const pause = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  await sh(`bash ${ROOT}src/lab/guest/services.sh`);
  await releaseTraffic();
});

/** Each entries read's matched count beside the connection table's row count of the same read. */
function readPairs(events: readonly MonitorEvent[]): [number, number][] {
  // The counts of each read: sent after its entries, or not at all when they did not change.
  let counts: ConnTableSummary | undefined;
  const pairs: [number, number][] = [];
  for (const [i, e] of events.entries()) {
    if (e.type === 'conn') counts = e.summary;
    if (e.type !== 'entries') continue;
    const next = events[i + 1];
    const read = next?.type === 'conn' ? next.summary : counts;
    if (read) pairs.push([e.window.matched, read.rows]);
  }
  return pairs;
}

describe("the Connections pane's read", () => {
  it('gives the entry browser the count of the same read as the counts, read after read', async () => {
    const ipvs = await IpvsClient.open();
    const neigh = new NeighbourClient();
    const events: MonitorEvent[] = [];
    const poller = createPoller({
      sources: createKernelSources(ipvs, neigh),
      intervalMs: 500,
      dispatch: (e) => events.push(e),
    });
    poller.start();
    poller.conn.setTalkers(true);
    // Every entry of the table, in client order: its count is every row the read saw.
    poller.conn.setEntries(
      { id: 'all', filter: {}, sort: 'client', reverse: false, anchor: 'start', before: 30, after: 30 },
      true,
    );
    // Until five reads with their counts, two of them different: the traffic keeps the table changing
    // (about 20 connections a second), so two reads would disagree.
    const enough = (pairs: [number, number][]): boolean =>
      pairs.length >= 5 && new Set(pairs.map(([, r]) => r)).size > 1;
    const report = (pairs: [number, number][]): string => pairs.map(([m, r]) => `${m}/${r}`).join(' ');
    let pairs: [number, number][];
    try {
      const what = 'five reads of the entries, two of them different';
      pairs = await pollUntil(what, () => readPairs(events), enough, 40_000, { minPauseMs: 1000, show: report });
    } finally {
      poller.stop();
      ipvs.close();
      neigh.close();
    }
    for (const [matched, rows] of pairs) expect(matched, report(pairs)).toBe(rows);
  });
});

/** The header's `conn N` and the sum of Act + InAct over the real-server rows of one screen. */
function connsOnScreen(text: string): { header: number; rows: number } | undefined {
  const header = /\bconn (\d+)/.exec(text);
  if (!header) return undefined;
  let rows = 0;
  for (const line of text.split('\n')) {
    // `  -> 198.51.100.11:80   Masq   1   2   5 ...`: the forwarding method, weight, Act, InAct.
    const words = line.trim().split(/\s+/);
    const arrow = words.indexOf('->');
    if (arrow < 0) continue;
    const [act, inact] = [words[arrow + 4], words[arrow + 5]].map(Number);
    if (!Number.isInteger(act) || !Number.isInteger(inact)) return undefined;
    rows += act! + inact!;
  }
  return { header: Number(header[1]), rows };
}

describe("the monitor's header", () => {
  let screen: Screen | undefined;
  afterAll(() => screen?.kill());

  it('counts the connections the rows on the same screen count', async () => {
    screen = Screen.start('frame', '-i 1 --exact', 200, 50);
    await screen.waitFor(/-> \[2001:db8:198::13\]:80/, 60_000);
    // The Services pane alone: every real server's row on screen.
    screen.keys('o');
    await pause(1000);
    const seen: string[] = [];
    for (let i = 0; i < 10; i++) {
      const text = screen.text();
      const c = connsOnScreen(text);
      expect(c, text).toBeDefined();
      seen.push(`${c!.header}/${c!.rows}`);
      expect(c!.rows, `${seen.join(' ')}\n${text}`).toBeGreaterThan(0);
      expect(c!.header, `${seen.join(' ')}\n${text}`).toBe(c!.rows);
      await pause(1300);
    }
    console.info(`header conn / rows' Act + InAct, frame after frame: ${seen.join(' ')}`);
  });
});
