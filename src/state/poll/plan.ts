/**
 * What to read, decided from the state and what the panes on screen ask for: the one place that
 * steers the readers (the poller applies it, reader by reader, when a part of it changes).
 */
import { currentWindow, type EntryQuery, entryQuery, needsRead } from '../entries.js';
import { type ServiceKey, serviceOfRow } from '../identity.js';
import type { MonitorState } from '../types.js';
import { type ServiceRow, selectedService, serviceRows } from '../view.js';

/** What a pane asks to be read while it is shown (each pane's `reads` in the pane registry). */
export type PaneRead = 'neighbours' | 'talkers' | 'ha' | 'doctor';

export interface ReadPlan {
  /** Paused: no reads, and reads in flight deliver nothing. */
  paused: boolean;
  /** Services whose real servers are on screen or selected (a small table's are all read anyway). */
  dests: ReadonlySet<ServiceKey>;
  /** The ARP pane shows: neighbours every interval, not every few seconds. */
  neighbours: boolean;
  /** The Connections pane shows: top talkers and the entries from each read of the connection table. */
  talkers: boolean;
  /** The service whose talkers are counted apart (the selected one). */
  talkersService: ServiceKey | undefined;
  /** What the entry browser shows. */
  entries: EntryQuery;
  /** Its window is of another query or ends too soon: read it soon, not on the next turn. */
  entriesNow: boolean;
  /** The HA pane shows: the HA daemon more often, with its synced-entry count. */
  ha: boolean;
  /** The Doctor pane shows: each check is dispatched for its time, not only a change. */
  doctor: boolean;
}

/** Services whose real servers the screen needs: those with rows on screen, and the selected one. */
export function wantedDests(
  rows: readonly ServiceRow[],
  offset: number,
  height: number,
  selected: string | undefined,
): Set<ServiceKey> {
  const keys = new Set<ServiceKey>();
  for (const r of rows.slice(offset, offset + height)) if (r.kind !== 'service' || r.expanded) keys.add(r.entry.key);
  if (selected !== undefined) keys.add(serviceOfRow(selected));
  return keys;
}

/** `shown`: what the panes on screen ask to read (ui/layout.ts's layoutReads). */
export function readPlan(state: MonitorState, shown: ReadonlySet<PaneRead>): ReadPlan {
  const v = state.svc;
  return {
    paused: state.paused,
    dests: wantedDests(serviceRows(state), v.offset, v.height, v.selected),
    neighbours: shown.has('neighbours'),
    talkers: shown.has('talkers'),
    talkersService: selectedService(state)?.key,
    entries: entryQuery(state),
    entriesNow: needsRead(state.entries, currentWindow(state)),
    ha: shown.has('ha'),
    doctor: shown.has('doctor'),
  };
}
