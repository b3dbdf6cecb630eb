/** Figures the screen derives from the state: header totals, connection columns, address roles, real servers to read. */
import type { MonitorState, ServiceEntry } from '../state/model.js';
import { connCounts } from '../state/connCounts.js';
import { total } from '../state/connCounts.js';
import { serviceOfRow, type ServiceKey } from '../state/keys.js';
import { endpoint, serviceLabel } from '../state/labels.js';
import { sumRates, type RateSet } from '../state/rates.js';
import { ratesOf, selectedDest, selectedService, type ServiceRow } from '../state/view.js';
import type { Totals } from './Header.js';
import type { ConnColumn } from './panes/ConnectionsPane.js';

/** Whole-table totals: services and rates from the service dump (every service), connections from the table. */
export function headerTotals(state: MonitorState): Totals {
  let dests = 0;
  let complete = true;
  const rates: RateSet[] = [];
  for (const e of state.services) {
    if (e.dests) dests += e.dests.length;
    else complete = false;
    const r = ratesOf(e, state.rateMode);
    if (r) rates.push(r);
  }
  const c = state.conn;
  return {
    services: state.services.length,
    dests,
    destsComplete: complete,
    conns: c ? total(c.states) : undefined,
    templates: c ? total(c.templates) : undefined,
    rates: sumRates(rates),
  };
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
  if (dest) columns.push({ label: `-> ${endpoint(dest.dest.af, dest.dest.address, dest.dest.port)}`, counts: keyed.dests.get(dest.key) });
  const unattributed = total(keyed.unattributed.conns) + total(keyed.unattributed.templates);
  return { columns, unattributed };
}

let rolesMemo: { services: readonly ServiceEntry[]; roles: { vips: Set<string>; reals: Set<string> } } | undefined;

/** VIPs and real-server addresses (as read), to mark neighbour rows. */
export function knownAddresses(services: readonly ServiceEntry[]): { vips: ReadonlySet<string>; reals: ReadonlySet<string> } {
  if (rolesMemo?.services === services) return rolesMemo.roles;
  const vips = new Set<string>();
  const reals = new Set<string>();
  for (const e of services) {
    if (e.service.fwmark === 0) vips.add(e.service.address);
    for (const d of e.dests ?? []) reals.add(d.dest.address);
  }
  rolesMemo = { services, roles: { vips, reals } };
  return rolesMemo.roles;
}

/** Services whose real servers the screen needs: those with rows on screen, and the selected one. */
export function wantedDests(rows: readonly ServiceRow[], offset: number, height: number, selected: string | undefined): Set<ServiceKey> {
  const keys = new Set<ServiceKey>();
  for (const r of rows.slice(offset, offset + height)) if (r.kind !== 'service' || r.expanded) keys.add(r.entry.key);
  if (selected !== undefined) keys.add(serviceOfRow(selected));
  return keys;
}
