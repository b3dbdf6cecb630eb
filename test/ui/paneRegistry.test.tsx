/**
 * The pane registry: every pane draws, titled, in both layouts (one pane under the tab strip;
 * the split) at 80x24, 120x36 and 200x50, no line wider than the terminal; and the split
 * layout's places are held as layout.ts reads them.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { PANES, type PaneId } from '../../src/state/types.js';
import { App } from '../../src/ui/App.js';
import { width } from '../../src/ui/format/text.js';
import { computeLayout } from '../../src/ui/layout.js';
import { boxRowsOf, PANE_NAMES, PANE_SPECS, placedAt } from '../../src/ui/panes/registry.js';
import { PANE_VIEWS } from '../../src/ui/panes/views.js';
import { dest, FakeActions, FakeKernel, group, service, summary } from './fakes.js';
import { idle, plain, renderWithKeyboard, until } from './ink.js';

let unmount: (() => void) | undefined;
afterEach(() => unmount?.());

function kernel(): FakeKernel {
  const k = new FakeKernel();
  k.services = [service('192.0.2.1'), { ...service('2001:db8::1', 443), af: 10 }];
  k.dests.set('2001:db8::1', [{ ...dest('2001:db8:ffff::11'), af: 10, port: 443 }]);
  k.conn = summary({ ESTABLISHED: 12, TIME_WAIT: 13 }, { NONE: 3 }, [
    group('192.0.2.1', 80, '198.51.100.11', 80, { ESTABLISHED: 8, TIME_WAIT: 10 }, { NONE: 2 }),
  ]);
  return k;
}

async function startAt(columns: number, rows: number) {
  const r = renderWithKeyboard(
    (keyReads) => (
      <App
        sources={kernel()}
        actions={new FakeActions()}
        host={{ hostname: 'lb1', kernelRelease: '6.1.0' }}
        config={{ intervalMs: 40, exact: false }}
        readOnly={false}
        keyReads={keyReads}
      />
    ),
    { columns, rows },
  );
  unmount = r.unmount;
  const frame = (): string => plain(r.lastFrame());
  await until(() => frame().includes('192.0.2.1'), 5000);
  const press = async (key: string): Promise<void> => {
    r.stdin.write(key);
    await idle(() => r.frames.length);
  };
  return { frame, press };
}

/** A pane's title as drawn beside others, and its tab when it is the one shown. */
const title = (p: PaneId): string => ` ${PANES.indexOf(p) + 1} ${PANE_NAMES[p]}`;
const tab = (p: PaneId): string => `[${PANES.indexOf(p) + 1} ${PANE_NAMES[p]}]`;

function expectFits(frame: string, columns: number, rows: number): void {
  const lines = frame.split('\n');
  expect(lines.length).toBeLessThanOrEqual(rows - 1);
  for (const l of lines) expect(width(l), l).toBeLessThanOrEqual(columns);
}

describe.each([
  [80, 24],
  [120, 36],
  [200, 50],
] as const)('at %dx%d', (columns, rows) => {
  it('draws every pane titled, alone under the tabs and in the split layout, within the width', async () => {
    const m = await startAt(columns, rows);
    const split = computeLayout(columns, rows, 'services').mode === 'split';
    for (const p of PANES) {
      await m.press(PANE_SPECS[p].key);
      if (split) {
        const shown = computeLayout(columns, rows, p).grid.flat(2);
        expect(shown.map((b) => b.pane)).toContain(p);
        await until(() => shown.every((b) => m.frame().includes(title(b.pane))));
        for (const b of shown) expect(m.frame()).toContain(title(b.pane));
        expectFits(m.frame(), columns, rows);
        await m.press('o'); // zoom: the focused pane alone, under the tabs
      }
      await until(() => m.frame().includes(tab(p)));
      expect(m.frame()).toContain(tab(p));
      expectFits(m.frame(), columns, rows);
      if (split) await m.press('o');
    }
  }, 30_000);
});

describe('the registry', () => {
  it('has a view for every pane, and one pane at each of the split layout’s fixed places', () => {
    expect(Object.keys(PANE_VIEWS).sort()).toEqual([...PANES].sort());
    expect(Object.keys(PANE_SPECS).sort()).toEqual([...PANES].sort());
    expect(placedAt('top')).toHaveLength(1);
    expect(placedAt('left')).toHaveLength(1);
    expect(placedAt('right').filter((p) => boxRowsOf(p) === 'fill')).toHaveLength(1);
  });

  it('gives every pane its own go-to key', () => {
    const keys = PANES.map((p) => PANE_SPECS[p].key);
    expect(new Set(keys).size).toBe(PANES.length);
  });
});
