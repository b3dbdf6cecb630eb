/**
 * Top talkers overall and of one service, in bounded counters, and the entry browser's window:
 * what to do with each row of one read of the connection table, and what to send after it.
 */
import { connFilterTest } from '../../domain/connFilter.js';
import { entryOrder } from '../../domain/entryOrder.js';
import { EntryWindowSelector } from '../../domain/entryWindow.js';
import { TopTalkers } from '../../domain/topTalkers.js';
import type { ConnRow } from '../../kernel/proc/types.js';
import type { EntryQuery } from '../entries.js';
import { type ServiceKey, serviceKey } from '../identity.js';
import type { MonitorEvent } from '../model.js';
import type { TableRead } from './servicesReader.js';

/** Top talkers shown per list in the Connections pane. */
export const TALKERS_SHOWN = 3;

export interface TalkersPass {
  add: (row: ConnRow) => void;
  dispatch: () => void;
}

/** The counters a pass fills; a reader hands the same ones to each of its passes, one at a time. */
export interface PassCounters {
  all: TopTalkers;
  ofService: TopTalkers;
}

interface RowTests {
  /** Rows of the service counted apart (none: it is not on the table). */
  inService?: (row: ConnRow) => boolean;
  /** Rows the entry browser shows. */
  shown?: (row: ConnRow) => boolean;
}

function rowTests(
  read: Pick<TableRead, 'table' | 'destsOf'>,
  service: ServiceKey | undefined,
  q: EntryQuery | undefined,
): RowTests {
  const table = (read.table?.services ?? []).map((s) => ({
    service: s,
    dests: [...(read.destsOf(serviceKey(s)) ?? [])],
  }));
  const target = service === undefined ? undefined : table.find((t) => serviceKey(t.service) === service);
  const scope = q?.service === undefined ? undefined : table.find((t) => serviceKey(t.service) === q.service);
  // A service no longer on the table has no entries to show.
  const gone = q?.service !== undefined && !scope;
  return {
    inService: target && connFilterTest({ service: target, table }),
    shown: q && !gone ? connFilterTest({ ...q.filter, ...(scope && { service: scope, table }) }) : undefined,
  };
}

/** `service`: the one whose talkers are counted apart; `query`: what the entry browser shows. */
export function talkersPass(
  read: Pick<TableRead, 'table' | 'destsOf' | 'has'>,
  service: ServiceKey | undefined,
  query: EntryQuery | undefined,
  send: (e: MonitorEvent) => void,
  counters: PassCounters = { all: new TopTalkers(), ofService: new TopTalkers() },
): TalkersPass {
  const { all, ofService } = counters;
  all.clear();
  ofService.clear();
  const q = query;
  const window = q && new EntryWindowSelector(entryOrder(q.sort, q.reverse), q.anchor, q);
  // Built at the first row: the table with its real servers and an index of it cost a pass over every
  // service (10,000 on a Kubernetes node), for nothing when the connection table is empty.
  let tests: RowTests | undefined;
  const add = (row: ConnRow): void => {
    tests ??= rowTests(read, service, q);
    all.add(row);
    if (tests.inService?.(row)) ofService.add(row);
    if (tests.shown?.(row)) window!.add(row);
  };
  const dispatch = (): void => {
    const onTable = tests ? tests.inService !== undefined : service !== undefined && read.has(service);
    const ofTarget = service && onTable ? { key: service, report: ofService.report(TALKERS_SHOWN) } : undefined;
    send({ type: 'talkers', talkers: { all: all.report(TALKERS_SHOWN), service: ofTarget } });
    if (q && window) send({ type: 'entries', window: { id: q.id, ...window.result() } });
  };
  return { add, dispatch };
}
