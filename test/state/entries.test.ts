/** The entry browser's state: reads around an anchor, moves of the anchor, when to read again. */
import { describe, expect, it } from 'vitest';
import { entryOrder } from '../../src/domain/entryOrder.js';
import { EntryWindowSelector } from '../../src/domain/entryWindow.js';
import { parseConnLine } from '../../src/kernel/proc/connParser.js';
import type { ConnRow } from '../../src/kernel/proc/types.js';
import { currentWindow, entryAtCursor, entryQuery, needsRead, windowTop } from '../../src/state/entries.js';
import type { MonitorState } from '../../src/state/types.js';
import { service } from '../ui/fakes.js';
import { poll, run, start } from './build.js';

const hex = (n: number, w: number): string => n.toString(16).toUpperCase().padStart(w, '0');
/** 100 entries of clients 10.0.0.0 to 10.0.0.99, on 192.0.2.1:80. */
const TABLE: ConnRow[] = Array.from(
  { length: 100 },
  (_, i) => parseConnLine(`TCP ${hex(0x0a000000 + i, 8)} 1000 C0000201 0050 C633640B 0050 ESTABLISHED      ${i}`)!,
);
const clientOf = (r: ConnRow): string => r.clientAddress;

/** What the poller does: a read of TABLE for the state's query, dispatched. */
function read(s: MonitorState): MonitorState {
  const q = entryQuery(s);
  const sel = new EntryWindowSelector(entryOrder(q.sort, q.reverse), q.anchor, q);
  for (const r of TABLE) sel.add(r);
  return run(s, { type: 'entries', window: { id: q.id, ...sel.result() } });
}

const shown = (s: MonitorState): string[] => {
  const w = currentWindow(s)!;
  const top = windowTop(s.entries, w);
  return w.rows.slice(top, top + s.entries.height).map(clientOf);
};

function browsing(): MonitorState {
  const s = poll(start(), 0, [service('192.0.2.1')]);
  return run(
    s,
    { type: 'focus', pane: 'connections' },
    { type: 'viewport', servicesRows: 10, arpRows: 5, entryRows: 10 },
  );
}

describe('the entry browser', () => {
  it('shows the first screen, then scrolls within the window without a read until near its end', () => {
    let s = read(browsing());
    expect(shown(s)).toEqual(TABLE.slice(0, 10).map(clientOf));
    expect(needsRead(s.entries, currentWindow(s))).toBe(false);
    // The cursor moves down the screen, then the entries scroll under it.
    s = run(s, { type: 'move', by: 9 });
    expect(shown(s)[0]).toBe('10.0.0.0');
    expect(entryAtCursor(s)?.clientAddress).toBe('10.0.0.9');
    s = run(s, { type: 'move', by: 1 });
    expect(shown(s)[0]).toBe('10.0.0.1');
    expect(entryAtCursor(s)?.clientAddress).toBe('10.0.0.10');
    s = run(s, { type: 'page', dir: 1 }, { type: 'page', dir: 1 });
    expect(shown(s)[0]).toBe('10.0.0.21');
    // 30 rows kept after the anchor: two screens on, the next read is due.
    expect(needsRead(s.entries, currentWindow(s))).toBe(true);
    s = read(s);
    expect(shown(s)[0]).toBe('10.0.0.21');
    expect(currentWindow(s)!.first).toBe(0);
    // Three pages on, past the window's last row (10.0.0.50): the move stops there until the next read.
    s = run(s, { type: 'page', dir: 1 }, { type: 'page', dir: 1 }, { type: 'page', dir: 1 });
    expect(shown(s)[0]).toBe('10.0.0.50');
    s = read(s);
    expect(shown(s)[0]).toBe('10.0.0.50');
    expect(currentWindow(s)!.first).toBe(20);
  });

  it('End shows the last screen, Home the first; a new sort starts at the top and waits for its read', () => {
    let s = read(run(read(browsing()), { type: 'edge', to: 'last' }));
    expect(shown(s)).toEqual(TABLE.slice(90).map(clientOf));
    expect(entryAtCursor(s)?.clientAddress).toBe('10.0.0.99');
    s = run(s, { type: 'move', by: 1 });
    expect(shown(s)).toEqual(TABLE.slice(90).map(clientOf));
    expect(entryAtCursor(s)?.clientAddress).toBe('10.0.0.99');
    // Up to the top row of the screen, then one more: the entries scroll down under the cursor.
    s = run(s, { type: 'move', by: -9 });
    expect(entryAtCursor(s)?.clientAddress).toBe('10.0.0.90');
    s = run(s, { type: 'move', by: -1 });
    expect(shown(s)[0]).toBe('10.0.0.89');
    expect(entryAtCursor(s)?.clientAddress).toBe('10.0.0.89');
    s = run(s, { type: 'sortReverse' });
    expect(currentWindow(s)).toBeUndefined();
    s = read(s);
    expect(shown(s)[0]).toBe('10.0.0.99');
    s = read(run(s, { type: 'edge', to: 'first' }));
    expect(shown(s)[0]).toBe('10.0.0.99');
  });

  it('a filter and the scope key change what the query asks for', () => {
    let s = browsing();
    const all = entryQuery(s);
    expect(all.service).toBeDefined();
    s = run(s, { type: 'entriesScope' });
    expect(entryQuery(s).service).toBeUndefined();
    s = run(s, { type: 'filterStart' }, { type: 'filterText', text: '10.0.0.7 time_wait' });
    expect(entryQuery(s).filter).toMatchObject({ state: 'TIME_WAIT', client: { len: 32 } });
    expect(s.entries.anchor).toBe('start');
    s = run(s, { type: 'filterClear' });
    expect(s.entries.filter).toBe('');
    expect(s.filterEdit).toBeUndefined();
  });
});
