/**
 * The connection counts in a history sample: a summary of the lab kernel's table (and of the
 * hand-written rows: fwmark templates, IPv6, SCTP) comes back equal through a keyframe and a
 * delta, in a sample and through a store; a part that is not the recorder's is refused.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { nextSample, seeded, syntheticTable } from '../../src/bench/historySamples.js';
import { decodeSample, encodeSample } from '../../src/history/codec.js';
import { type ConnCountsPart, decodeConnPart, encodeConnPart } from '../../src/history/connPart.js';
import { BodyError } from '../../src/history/errors.js';
import { HistoryReader } from '../../src/history/reader.js';
import { HistoryWriter } from '../../src/history/writer.js';
import { ConnCounter } from '../../src/kernel/proc/connCounter.js';
import type { ConnTableSummary } from '../../src/kernel/proc/types.js';

const fixture = (name: string): string => readFileSync(new URL(`../fixtures/proc/${name}`, import.meta.url), 'latin1');

function summaryOf(text: string, takenAt = 1_000): ConnTableSummary {
  const c = new ConnCounter();
  c.push(Buffer.from(text, 'latin1'));
  return c.finish(takenAt, 12.5);
}

const LAB = fixture('ip_vs_conn.lab');
const HAND = fixture('hand.txt');
/** The lab's table a moment later: every TIME_WAIT entry gone to CLOSE, the same groups. */
const LATER = LAB.replaceAll('TIME_WAIT  ', 'CLOSE      ').replace(/ESTABLISHED/, 'SYN_RECV   ');

const comparable = (s: ConnTableSummary) => ({ ...s, groups: [...s.groups.entries()] });

describe('a connection-table summary in a sample', () => {
  it('comes back equal as values, then as differences when its groups are the same', () => {
    const first = summaryOf(LAB + HAND.split('\n').slice(1).join('\n'));
    expect(first.groups.size).toBeGreaterThan(5);
    const key = encodeConnPart(first, undefined);
    expect((key.part as ConnCountsPart).g).toHaveLength(first.groups.size);
    const back = decodeConnPart(JSON.parse(JSON.stringify(key.part)), undefined);
    expect(comparable(back.summary)).toEqual(comparable(first));
    // The same read again (the monitor polled, the connection table was not read yet): one flag.
    const again0 = encodeConnPart(first, key.cols);
    expect(again0.part).toEqual({ same: 1 });
    expect(decodeConnPart({ same: 1 }, back).summary).toBe(back.summary);

    const later = summaryOf(LATER + HAND.split('\n').slice(1).join('\n'), 11_000);
    expect(later.states.CLOSE).toBeGreaterThan(0);
    // CLOSE and SYN_RECV are new names: a part with values again.
    expect((encodeConnPart(later, key.cols).part as ConnCountsPart).g).toBeDefined();
    const same = summaryOf(LAB.replace(/ESTABLISHED/, 'TIME_WAIT  ') + HAND.split('\n').slice(1).join('\n'), 11_000);
    const delta = encodeConnPart(same, key.cols);
    const part = delta.part as ConnCountsPart;
    expect(part.g).toBeUndefined();
    expect(part.s.flat().filter((v) => v !== 0)).toHaveLength(2);
    const again = decodeConnPart(JSON.parse(JSON.stringify(delta.part)), back);
    expect(comparable(again.summary)).toEqual(comparable(same));
  });

  it('rides in the sample body, keyframe and delta, and a sample without it has none', () => {
    const rand = seeded(3);
    const a = { ...syntheticTable(3, 2, 5_000), conns: summaryOf(LAB) };
    const b = { ...nextSample(a, 10, true, rand), conns: summaryOf(LAB.replace(/ESTABLISHED/, 'TIME_WAIT  '), 15_000) };
    const c = nextSample(b, 10, true, rand);
    delete c.conns;
    const ka = encodeSample(a, undefined, true);
    const kb = encodeSample(b, ka.state, false);
    const kc = encodeSample(c, kb.state, false);
    expect([ka.keyframe, kb.keyframe, kc.keyframe]).toEqual([true, false, false]);
    const da = decodeSample(a.takenAt, true, ka.body, undefined);
    const db = decodeSample(b.takenAt, false, kb.body, da.state);
    const dc = decodeSample(c.takenAt, false, kc.body, db.state);
    expect(comparable(da.sample.conns!)).toEqual(comparable(a.conns));
    expect(comparable(db.sample.conns!)).toEqual(comparable(b.conns));
    expect(dc.sample.conns).toBeUndefined();
  });

  it('is kept through a store and read back by time', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ipvstop-conns-'));
    try {
      const w = new HistoryWriter(dir, { host: 'lb1', intervalMs: 10_000, retainMs: 0, maxBytes: 0, sync: false });
      const rand = seeded(5);
      let s = syntheticTable(4, 3, 100_000);
      const written: ConnTableSummary[] = [];
      for (let i = 0; i < 70; i++) {
        s = { ...nextSample(s, 10, true, rand), conns: summaryOf(i % 3 ? LAB : LATER, 100_000 + i) };
        written.push(s.conns!);
        w.append(s);
      }
      w.close();
      const read = [...HistoryReader.open(dir).between(0, Number.POSITIVE_INFINITY)];
      expect(read.map((x) => comparable(x.conns!))).toEqual(written.map(comparable));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a part that is not what the recorder writes', () => {
  const good = encodeConnPart(summaryOf(LAB), undefined);
  const json = () => JSON.parse(JSON.stringify(good.part));
  const cases: [string, (p: ReturnType<typeof json>) => void][] = [
    ['a negative count', (p) => (p.s[0][0] = -1)],
    ['a fraction', (p) => (p.x[0] = 0.5)],
    ['a column too short', (p) => p.s[0].pop()],
    ['a state name with an escape', (p) => (p.sn[0] = '\u001b[2J')],
    ['an address that is none', (p) => (p.g[0][2] = 'rm -rf /')],
    ['a family', (p) => (p.g[0][1] = 7)],
    ['a port', (p) => (p.g[0][3] = 70_000)],
    ['a group twice', (p) => (p.g[1] = p.g[0])],
    ['totals', (p) => (p.all[0] = { ESTABLISHED: 'many' })],
    ['a cut', (p) => (p.cut = 'bored')],
    ['differences with nothing before them', (p) => delete p.g],
    [
      'the same read with nothing before it',
      (p) => {
        for (const k of Object.keys(p)) delete p[k];
        p.same = 1;
      },
    ],
  ];
  it.each(cases)('is refused: %s', (_, spoil) => {
    const p = json();
    spoil(p);
    expect(() => decodeConnPart(p, undefined)).toThrow(BodyError);
  });

  it('is refused when differences take a count below zero', () => {
    const p = { ...json(), g: undefined, sn: undefined, tn: undefined };
    p.s = p.s.map((col: number[]) => col.map(() => -1_000));
    expect(() => decodeConnPart(p, good.cols)).toThrow(BodyError);
    expect(() => decodeConnPart({ same: 1, rows: 3 }, good.cols)).toThrow(BodyError);
  });

  it('is refused inside a body, as a corrupt body', () => {
    const a = { ...syntheticTable(1, 1, 5_000), conns: summaryOf(LAB) };
    const body = JSON.parse(brotliDecompressSync(encodeSample(a, undefined, true).body).toString());
    body.c.sn[0] = 'x'.repeat(500);
    expect(() => decodeSample(a.takenAt, true, brotliCompressSync(JSON.stringify(body)), undefined)).toThrow(
      /connection counts/,
    );
  });
});
