/**
 * A drift between a table and the same table later, as an event in ipvstop's syslog words:
 * ipvsadm's arguments name the service and real server (`-t 192.0.2.10:80 -r 10.0.0.11:80`), as
 * the action lines do (`weight of -t … -r …: 3 -> 0 (drained)`), and the same form serves the
 * changes no action of ipvstop makes (`scheduler of -t …: rr -> wlc`).
 */
import { ipvsadmServiceArg } from '../actions/describe.js';
import { plural } from '../domain/labels.js';
import type { ServiceId } from '../kernel/ipvs/types.js';
import type { Drift } from './drift.js';
import type { DriftTable } from './driftTable.js';

export const EVENT_KINDS = [
  'gap',
  'cleared',
  'timeout',
  'sysctl',
  'service-added',
  'service-removed',
  'scheduler',
  'flags',
  'persistence',
  'server-added',
  'server-removed',
  'forward',
  'thresholds',
  'weight',
  'drain',
  'undrain',
  'zeroed',
  'vrrp',
  'checker',
  'ha-daemon',
  'syn-recv',
] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

export interface TableEvent {
  /** ms since the epoch. */
  at: number;
  kind: EventKind;
  /** `TCP 192.0.2.10:80`, `FWM 7`; null when the event is no one service's. */
  service: string | null;
  /** The real server's address:port (`[2001:db8::1]:80`); null when the event is no one server's. */
  server: string | null;
  /** What else it concerns: the timeout (tcp, tcpfin, udp), the VRRP instance, the checked server, the HA daemon. */
  name: string | null;
  old: string | number | null;
  new: string | number | null;
  /** The one line, without its time. */
  text: string;
}

/** Drift's two "hosts": the earlier sample and the later one. */
const OLD = 'old';
const NEW = 'new';

type Value = string | number | null;

const plainValue = (v: unknown): Value => (typeof v === 'string' || typeof v === 'number' ? v : null);

/** The service's ipvsadm argument from drift's label. */
export type ServiceOfLabel = (label: string) => ServiceId;

/** The words after a new real server or service: what it came with. */
function addedExtra(d: Drift, next: DriftTable): string {
  const svc = [...next.services.values()].find((s) => s.label === d.service);
  if (!svc) return '';
  if (d.kind === 'service')
    return ` (${svc.scheduler}, ${svc.servers.size} ${plural(svc.servers.size, 'real server')})`;
  const server = svc.servers.get(d.server ?? '');
  return server ? ` (weight ${server.weight}, ${server.forward})` : '';
}

function weightKind(old: Value, now: Value): { kind: EventKind; note: string } {
  if (now === 0) return { kind: 'drain', note: ' (drained)' };
  if (old === 0) return { kind: 'undrain', note: ' (undrained)' };
  return { kind: 'weight', note: '' };
}

export function eventOfDrift(d: Drift, at: number, serviceOf: ServiceOfLabel, next: DriftTable): TableEvent {
  const old = plainValue(d.values[OLD]);
  const now = plainValue(d.values[NEW]);
  const base = { at, service: d.service, server: null as string | null, name: null as string | null, old, new: now };
  if (d.kind === 'timeout') {
    return { ...base, kind: 'timeout', name: d.server, text: `IPVS timeout ${d.server}: ${old} s -> ${now} s` };
  }
  if (d.kind === 'sysctl') return { ...base, kind: 'sysctl', name: d.server, text: `${d.server}: ${old} -> ${now}` };
  const service = ipvsadmServiceArg(serviceOf(d.service!));
  const server = d.kind === 'service' || d.server === null ? null : d.server;
  const what = server === null ? service : `${service} -r ${server}`;
  const withServer = { ...base, server };
  switch (d.kind) {
    case 'service':
    case 'server': {
      const added = d.values[NEW] === true;
      const kind: EventKind = `${d.kind}-${added ? 'added' : 'removed'}`;
      const text = `${d.kind === 'service' ? 'service' : 'real server'} ${what} ${added ? `added${addedExtra(d, next)}` : 'removed'}`;
      return { ...withServer, old: null, new: null, kind, text };
    }
    case 'weight':
    case 'drain': {
      const { kind, note } = weightKind(old, now);
      return { ...withServer, kind, text: `weight of ${what}: ${old} -> ${now}${note}` };
    }
    case 'forward':
      return { ...withServer, kind: 'forward', text: `forwarding of ${what}: ${old} -> ${now}` };
    default:
      return { ...withServer, kind: d.kind, text: `${d.kind} of ${what}: ${old} -> ${now}` };
  }
}
