/**
 * The fleet screen's lines (state/fleetScreen.ts) and its cursor (state/fleetSelection.ts), pure:
 * directors grouped by pair (pairs sharing a director are one group, the unpaired last), ssh's
 * reason under a director not read, columns that fit 80 columns, and the selection's moves and
 * scroll.
 */
import { describe, expect, it } from 'vitest';
import {
  columnWidths,
  type FleetLine,
  fleetCounts,
  fleetGroups,
  fleetLines,
  headerText,
  rowText,
  SCREEN_HEADINGS,
} from '../../src/state/fleetScreen.js';
import { keptSelection, moveSelection, rowOrder, scrollTop, selectedLine } from '../../src/state/fleetSelection.js';
import { fleetView } from '../../src/state/fleetView.js';
import { count } from '../../src/ui/format/units.js';
import { vrrpInstance } from '../ui/fakes.js';
import { hostView } from './fleetHosts.js';

const VI_2 = { name: 'VI_2', vrid: 52, vips: ['10.5.0.200/24'] };
const MASTER = { instances: [vrrpInstance({ state: 'MASTER' })], addresses: ['10.5.0.100'] };
const BACKUP = { instances: [vrrpInstance({})] };
/** BACKUP of VI_1 and MASTER of VI_2: two pairs through one director. */
const BOTH = { instances: [vrrpInstance({}), vrrpInstance({ ...VI_2, state: 'MASTER' })], addresses: ['10.5.0.200'] };
const VI_2_BACKUP = { instances: [vrrpInstance({ ...VI_2 })] };

const short = (n: number): string => String(Math.round(n));
const text = (l: FleetLine): string => (l.kind === 'row' ? `row ${l.host}` : `${l.kind} ${'text' in l ? l.text : ''}`);

describe('fleet screen lines', () => {
  it('pairs sharing a director are one group; the directors in no pair last, under their own line', () => {
    const view = fleetView([
      hostView('solo', { instances: [] }),
      hostView('lb-c', VI_2_BACKUP),
      hostView('lb-a', MASTER),
      hostView('lb-b', BOTH),
      hostView('down-1', 'down'),
    ]);
    expect(fleetGroups(view).map((g) => [g.pairs.map((p) => p.instance), g.rows])).toEqual([
      [
        ['VI_2', 'VI_1'],
        [1, 2, 3],
      ],
      [[], [0, 4]],
    ]);
    expect(fleetLines(view, short).map(text)).toEqual([
      'pair VI_2 (vrid 52)  10.5.0.200  lb-c BACKUP, lb-b MASTER',
      'pair VI_1 (vrid 51)  10.5.0.100  lb-a MASTER, lb-b BACKUP',
      'row lb-c',
      'row lb-a',
      'row lb-b',
      'group not in a pair',
      'row solo',
      'row down-1',
      'reason ssh: connect to host down-1 port 22: Connection refused',
    ]);
  });

  it("a pair's findings and drift under it, the count of differences on its members' rows", () => {
    const changed = hostView('lb-b', BACKUP);
    const doc = changed.document as unknown as { services: { dests: { weight: number }[] }[] };
    doc.services[0]!.dests[0]!.weight = 3;
    const lines = fleetLines(fleetView([hostView('lb-a', MASTER), changed, hostView('lb-x', MASTER)]), short);
    expect(lines.filter((l) => l.kind === 'note').map((l) => (l.kind === 'note' ? l.label : ''))).toEqual([
      'CRIT',
      'CRIT',
      'DRIFT',
    ]);
    expect(lines.find((l) => l.kind === 'pair')).toMatchObject({ problem: true });
    const drift = lines.flatMap((l) => (l.kind === 'row' ? [l.cells.at(-1)] : []));
    expect(drift).toEqual(['1', '1', '1']);
  });

  it('a stale director keeps its facts and shows its age and the reason; one with no pair has no drift', () => {
    const stale = hostView('lb-b', BACKUP, { state: 'stale', ageMs: 12_400, reason: 'Connection to lb-b closed.' });
    const lines = fleetLines(fleetView([hostView('lb-a', MASTER), stale, hostView('web', {})]), short);
    const row = lines.find((l) => l.kind === 'row' && l.host === 'lb-b');
    expect(row?.kind === 'row' && row.cells.slice(0, 3)).toEqual(['lb-b', 'stale 12s', 'BACKUP VI_1']);
    expect(lines[lines.indexOf(row!) + 1]).toEqual({ kind: 'reason', row: 1, text: 'Connection to lb-b closed.' });
    const web = lines.find((l) => l.kind === 'row' && l.host === 'web');
    expect(web?.kind === 'row' && web.cells).toEqual([
      'web',
      'ok',
      '-',
      '0',
      '1',
      '1/2',
      '4',
      '8',
      '21',
      '12000',
      '30500',
      '0/2',
      '-',
    ]);
  });

  it('columns as wide as their widest cell, the host cut at 10 with ~; a row fits 80 columns, every number at its widest', () => {
    const big = hostView('a-very-long-director-name.example', MASTER);
    const lines = fleetLines(fleetView([big]), (n) => count(n * 1000, false));
    const widths = columnWidths(lines);
    expect(widths[0]).toBe(10);
    const row = lines.find((l) => l.kind === 'row')!;
    const shown = row.kind === 'row' ? rowText(row.cells, widths) : '';
    expect(shown.startsWith('a-very-lo~ ok   MASTER VI_1')).toBe(true);
    expect(`>${shown}`.length).toBeLessThanOrEqual(80);
    expect(rowText(SCREEN_HEADINGS, widths).length).toBeLessThanOrEqual(79);
  });

  it('the header counts hosts read and pairs with problems', () => {
    const view = fleetView([hostView('lb-a', MASTER), hostView('lb-x', MASTER), hostView('down-1', 'down')]);
    expect(fleetCounts(view)).toEqual({ reachable: 2, hosts: 3, pairs: 1, pairsWithProblems: 1 });
    expect(headerText(fleetCounts(view))).toBe('ipvstop fleet  2/3 hosts read  1 pair, 1 with problems');
    expect(headerText({ reachable: 1, hosts: 1, pairs: 0, pairsWithProblems: 0 })).toBe(
      'ipvstop fleet  1/1 hosts read  0 pairs',
    );
  });
});

describe('fleet screen selection', () => {
  const order = ['a', 'b', 'c', 'd', 'e'];
  it.each([
    [null, 'down', 'b'],
    ['a', 'up', 'a'],
    ['c', 'up', 'b'],
    ['e', 'down', 'e'],
    ['a', 'pageDown', 'c'],
    ['d', 'pageDown', 'e'],
    ['d', 'pageUp', 'b'],
    ['b', 'pageUp', 'a'],
    ['c', 'home', 'a'],
    ['b', 'end', 'e'],
    ['gone', 'down', 'b'],
  ] as const)('from %s, %s goes to %s', (from, move, to) => {
    expect(moveSelection(from, move, order, 2)).toBe(to);
  });

  it('nothing to select in an empty fleet; a host no longer listed gives way to the first', () => {
    expect(moveSelection('a', 'down', [], 2)).toBeNull();
    expect(keptSelection('x', order)).toBe('a');
    expect(keptSelection('c', order)).toBe('c');
  });

  it('scrolls to keep the selected row and its reason line in view, showing the pair heads above it when they fit', () => {
    const row = (host: string): FleetLine => ({ kind: 'row', row: 0, host, state: 'reachable', cells: [] });
    const lines: FleetLine[] = [
      { kind: 'pair', text: 'P1', problem: false },
      row('a'),
      row('b'),
      { kind: 'pair', text: 'P2', problem: true },
      { kind: 'note', label: 'CRIT', text: 'x' },
      row('c'),
      { kind: 'reason', row: 0, text: 'why' },
      row('d'),
      row('e'),
      row('f'),
      row('g'),
    ];
    expect(rowOrder(lines)).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g']);
    const c = selectedLine(lines, 'c');
    expect(scrollTop(0, lines, c, 3)).toBe(4); // down to c: c and its reason at the bottom
    expect(scrollTop(0, lines, c, 7)).toBe(0); // in view: no scroll
    expect(scrollTop(4, lines, c, 4)).toBe(4); // in view at the top: no scroll either
    expect(scrollTop(8, lines, c, 4)).toBe(3); // back up to c: its pair's head and finding come too
    expect(scrollTop(8, lines, c, 2)).toBe(5); // too short for them: c at the top
    expect(scrollTop(5, lines, selectedLine(lines, 'a'), 3)).toBe(0);
    expect(scrollTop(20, lines, selectedLine(lines, 'g'), 3)).toBe(8); // never past the last line
  });
});
