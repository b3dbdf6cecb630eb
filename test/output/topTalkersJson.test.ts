/** `conns --top --json`: the report as the README documents it, and nothing of the counters' insides. */
import { describe, expect, it } from 'vitest';
import type { TopTalkersReport } from '../../src/domain/topTalkers.js';
import { topTalkersJson } from '../../src/output/connsJson.js';

describe('topTalkersJson', () => {
  it('gives each talker its key once, and each count as {count, error}', () => {
    const talker = (key: string, n: number, syn: number) => ({
      key,
      entries: { key, count: n, error: 0 },
      synRecv: { key, count: syn, error: 1 },
    });
    const report: TopTalkersReport = {
      entries: 12,
      synRecv: 3,
      clients: [talker('203.0.113.7', 9, 3)],
      networks: [talker('203.0.113.0/24', 12, 3)],
      synClients: [talker('203.0.113.7', 9, 3)],
      synNetworks: [],
    };
    expect(JSON.parse(topTalkersJson(report, 1, undefined))).toEqual({
      entries: 12,
      synRecv: 3,
      clients: [{ key: '203.0.113.7', entries: { count: 9, error: 0 }, synRecv: { count: 3, error: 1 } }],
      networks: [{ key: '203.0.113.0/24', entries: { count: 12, error: 0 }, synRecv: { count: 3, error: 1 } }],
      synClients: [{ key: '203.0.113.7', entries: { count: 9, error: 0 }, synRecv: { count: 3, error: 1 } }],
      synNetworks: [],
      malformed: 1,
      truncated: null,
    });
  });
});
