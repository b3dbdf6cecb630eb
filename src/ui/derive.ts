/** Figures the screen derives from the state: header totals, connection columns, address roles, real servers to read. */

import type { ArpCheck } from '../actions/types.js';
import { withArpCheck } from '../doctor/diagnose.js';
import type { Finding } from '../doctor/types.js';
import { parseEntryFilter } from '../domain/entryFilter.js';
import { serviceLabel } from '../domain/labels.js';
import { endpoint } from '../domain/names.js';
import { sum } from '../kernel/proc/connParser.js';
import { connCounts } from '../state/connCounts.js';
import { currentWindow, cursorOnScreen, windowTop } from '../state/entries.js';
import { memoOn, memoOnShape } from '../state/memo.js';
import { type RateSet, sumRates } from '../state/rates.js';
import type { MonitorState, ServiceEntry } from '../state/types.js';
import { ratesOf, selectedDest, selectedService, serviceConns } from '../state/view.js';
import type { Totals } from './Header.js';
import type { ConnColumn } from './panes/ConnectionsPane.js';
import type { EntriesShown } from './panes/entryLines.js';
import type { DrainFacts } from './panes/ServicesPane.js';

const totalsMemo = memoOn<readonly ServiceEntry[], Totals>();

/**
 * Whole-table totals, each from the reading the rows beside it show: services and rates from the
 * service dump (every service), connections from the real servers' counts of the same reading when
 * every service's were read (the rows' Act and InAct add up to it), else from the connection table,
 * with its age when it lags the dump; memoised per service list, so a key press on a table of
 * 10,000 services does not add them up again.
 */
export function headerTotals(state: MonitorState): Totals {
  return totalsMemo(state.services, [state.rateMode, state.conn, state.meta], () => sumTotals(state));
}

function sumTotals(state: MonitorState): Totals {
  let dests = 0;
  let complete = true;
  let known = true;
  const servers = { conns: 0, templates: 0 };
  const rates: RateSet[] = [];
  for (const e of state.services) {
    const c = serviceConns(e);
    if (e.dests) dests += e.dests.length;
    else complete = false;
    if (c) {
      servers.conns += c.active + c.inactive;
      servers.templates += c.persistent;
    }
    const r = ratesOf(e, state.rateMode);
    if (r) rates.push(r);
    else known = false;
  }
  const c = state.conn;
  const table = c && { conns: sum(c.states), templates: sum(c.templates) };
  const counted = complete && state.services.length > 0 ? servers : table;
  return {
    services: state.services.length,
    dests,
    destsComplete: complete,
    conns: counted?.conns,
    templates: counted?.templates,
    connsAgeMs: counted === table ? connTableAge(state) : undefined,
    // A service whose rate is not known yet ('-' on its row) leaves the total not known either.
    rates: known ? sumRates(rates) : undefined,
  };
}

/**
 * How much older the connection table's last read is than the service dump the screen shows, when
 * it is older by two intervals or more (a big table is read less often); undefined otherwise.
 */
export function connTableAge(state: Pick<MonitorState, 'conn' | 'meta' | 'config'>): number | undefined {
  if (!state.conn || !state.meta) return undefined;
  const age = state.meta.takenAt - state.conn.takenAt;
  return age >= 2 * state.config.intervalMs ? age : undefined;
}

/** Connection-pane columns: the whole table, then the selected service and real server. */
export function connColumns(state: MonitorState): { columns: ConnColumn[]; unattributed?: number } {
  const c = state.conn;
  const columns: ConnColumn[] = [{ label: 'all', counts: c ? { conns: c.states, templates: c.templates } : undefined }];
  if (!c) return { columns };
  const keyed = connCounts(state.services, c);
  const svc = selectedService(state);
  if (svc) columns.push({ label: serviceLabel(svc.service), counts: keyed.services.get(svc.key) });
  const dest = selectedDest(state);
  if (dest)
    columns.push({
      label: `-> ${endpoint(dest.dest.af, dest.dest.address, dest.dest.port)}`,
      counts: keyed.dests.get(dest.key),
    });
  const unattributed = sum(keyed.unattributed.conns) + sum(keyed.unattributed.templates);
  return { columns, unattributed };
}

/** Addresses that mark neighbour rows as a VIP or a real server. */
export interface AddressRoles {
  vips: ReadonlySet<string>;
  reals: ReadonlySet<string>;
}

const rolesMemo = memoOnShape<AddressRoles>();

/** VIPs and real-server addresses (as read), to mark neighbour rows; memoised on the table's shape. */
export function knownAddresses(services: readonly ServiceEntry[]): AddressRoles {
  return rolesMemo(services, [], () => {
    const vips = new Set<string>();
    const reals = new Set<string>();
    for (const e of services) {
      if (e.service.fwmark === 0) vips.add(e.service.address);
      for (const d of e.dests ?? []) reals.add(d.dest.address);
    }
    return { vips, reals };
  });
}

/**
 * The Doctor pane's findings: the doctor's latest with those of the last ARP check (`a`) among them,
 * kept until the next check; undefined while the doctor has not looked and no check was made.
 */
export function doctorFindings(s: Pick<MonitorState, 'doctor' | 'arpCheck'>): Finding[] | undefined {
  if (!s.arpCheck) return s.doctor && [...s.doctor.findings];
  return withArpCheck(s.doctor?.findings ?? [], { arp: [...s.arpCheck.results], ownMacs: [...s.arpCheck.ownMacs] });
}

/** How many of the last ARP check's findings there are: what the pane's ARP check line counts. */
export function arpCheckFindings(c: ArpCheck): number {
  return withArpCheck([], { arp: [...c.results], ownMacs: [...c.ownMacs] }).length;
}

/** Of the selected real server at weight 0: when it empties, whether templates keep sending it clients. */
export function drainFacts(state: MonitorState): DrainFacts | undefined {
  const dest = selectedDest(state);
  if (dest?.dest.weight !== 0 || !state.conn) return undefined;
  const counts = connCounts(state.services, state.conn).dests.get(dest.key);
  return { emptyInS: counts?.maxExpires, templatesPinClients: state.conn.expireQuiescentTemplate === 0 };
}

/** The entry browser as the Connections pane draws it. */
export function entriesShown(state: MonitorState): EntriesShown {
  const v = state.entries;
  const svc = v.all ? undefined : selectedService(state);
  const dest = v.all ? undefined : selectedDest(state);
  const scope = dest
    ? `${svc ? serviceLabel(svc.service) : ''} -> ${endpoint(dest.dest.af, dest.dest.address, dest.dest.port)}`
    : svc
      ? serviceLabel(svc.service)
      : 'all';
  const window = currentWindow(state);
  return {
    scope,
    sort: v.sort,
    reverse: v.reverse,
    filter: v.filter,
    bad: parseEntryFilter(v.filter).bad,
    window,
    top: window ? windowTop(v, window) : 0,
    cursor: window ? cursorOnScreen(v, window) : 0,
    rows: v.height,
    past: state.config.replay ? 'replay' : state.past ? 'live' : undefined,
  };
}
