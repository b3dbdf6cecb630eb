/**
 * The part of a `list --json` document that drift compares: the IPVS timeouts and, per service
 * (keyed by its identity: family and protocol+address+port, or family and fwmark), its
 * configuration and its real servers' (keyed by address and port). Counters, rates and
 * connection states are left out: they differ between any two directors and are never drift.
 * The document came over ssh: it is data, checked field by field, never trusted for its shape.
 */
import { schedulerFlagWords } from '../domain/flags.js';
import { familyName, forwardName, protocolName } from '../domain/names.js';
import { IP_VS_SVC_F_ONEPACKET, IP_VS_SVC_F_PERSISTENT } from '../kernel/ipvs/constants.js';
import type { Destination, ForwardMethod, Service, ServiceWithDests } from '../kernel/ipvs/types.js';
import { BadDocument as BadTable, isCount, isObj, isText, need, type Obj, readChecked } from './documentFields.js';

/**
 * A real server as drift sees it; `left` is its connections and persistence templates, `saved` the
 * weight ipvstop saved when it drained the server (the document's savedWeight), when it has one.
 */
export interface ServerFacts {
  label: string;
  forward: string;
  thresholds: string;
  weight: number;
  left: number;
  saved?: number;
}

/** A service as drift sees it: words that are compared as they are written. */
export interface ServiceFacts {
  label: string;
  scheduler: string;
  flags: string;
  persistence: string;
  servers: Map<string, ServerFacts>;
}

/** One director's table, ready to compare. */
export interface DriftTable {
  timeouts: { tcp: number; tcpfin: number; udp: number };
  /** The `net.ipv4.vs.*` settings; null when the document has none (IPVS not loaded, an older ipvstop). */
  sysctls: Map<string, string> | null;
  services: Map<string, ServiceFacts>;
}

const FORWARDS = new Set(['masq', 'local', 'tunnel', 'route', 'bypass']);
const isForward = (v: unknown): v is ForwardMethod => typeof v === 'string' && FORWARDS.has(v);
const isFamily = (v: unknown): v is 'inet' | 'inet6' => v === 'inet' || v === 'inet6';

const bracket = (af: string, address: string, port: number): string =>
  af === 'inet6' ? `[${address}]:${port}` : `${address}:${port}`;

/** `Masq`, `Tunnel (gue port 6080)`: the forwarding words compared and shown. */
export function forwardWords(method: ForwardMethod, tunnelType?: string, tunnelPort?: number): string {
  const tunnel =
    method === 'tunnel' && tunnelType !== undefined
      ? ` (${tunnelType}${tunnelPort !== undefined ? ` port ${tunnelPort}` : ''})`
      : '';
  return `${forwardName(method)}${tunnel}`;
}

export const thresholdWords = (upper: number, lower: number): string => `upper ${upper} lower ${lower}`;

function serverFacts(d: unknown, where: string): ServerFacts {
  if (!isObj(d)) throw new BadTable(`${where}: a real server is not an object`);
  const af = need(d, 'af', isFamily, where);
  const label = bracket(af, need(d, 'address', isText, where), need(d, 'port', isCount, where));
  const method = need(d, 'forward', isForward, `${where} ${label}`);
  const tunnelType = isText(d.tunnelType) ? d.tunnelType : undefined;
  const upper = need(d, 'upperThreshold', isCount, `${where} ${label}`);
  const lower = need(d, 'lowerThreshold', isCount, `${where} ${label}`);
  const left = ['activeConns', 'inactiveConns', 'persistentConns'].reduce(
    (sum, f) => sum + need(d, f, isCount, `${where} ${label}`),
    0,
  );
  return {
    label,
    forward: forwardWords(method, tunnelType, isCount(d.tunnelPort) ? d.tunnelPort : undefined),
    thresholds: thresholdWords(upper, lower),
    weight: need(d, 'weight', isCount, `${where} ${label}`),
    left,
    // Absent from documents of versions before it, null when there is none.
    ...(isCount(d.savedWeight) && { saved: d.savedWeight }),
  };
}

/** A service's identity as drift keys it: family, then protocol and address:port, or the fwmark. */
export interface ServiceIdentityWords {
  af: 'inet' | 'inet6';
  /** null for a fwmark service. */
  fwmark: number | null;
  protocol: string;
  address: string;
  port: number;
}

/** `TCP 192.0.2.10:80`, `UDP [2001:db8::1]:53`, `FWM 7` (`FWM 7 inet6` for an IPv6 one): as ipvsadm names them. */
export function serviceIdentityOf(s: ServiceIdentityWords): { key: string; label: string } {
  if (s.fwmark !== null) {
    return { key: `${s.af} fwm ${s.fwmark}`, label: s.af === 'inet6' ? `FWM ${s.fwmark} inet6` : `FWM ${s.fwmark}` };
  }
  const at = bracket(s.af, s.address, s.port);
  return { key: `${s.af} ${s.protocol} ${at}`, label: `${s.protocol} ${at}` };
}

function serviceIdentity(s: Obj, where: string): { key: string; label: string } {
  const af = need(s, 'af', isFamily, where);
  if (s.fwmark !== null && s.fwmark !== undefined) {
    return serviceIdentityOf({ af, fwmark: need(s, 'fwmark', isCount, where), protocol: '', address: '', port: 0 });
  }
  const protocol = need(s, 'protocol', isText, where);
  return serviceIdentityOf({
    af,
    fwmark: null,
    protocol,
    address: need(s, 'address', isText, where),
    port: need(s, 'port', isCount, where),
  });
}

/** Scheduler flags and one-packet in ipvsadm's words; the persistent bit is persistence's, the others the kernel's own. */
export function flagWords(scheduler: string, flags: number): string {
  const words = schedulerFlagWords({ scheduler, flags });
  if (flags & IP_VS_SVC_F_ONEPACKET) words.push('ops');
  return words.length > 0 ? words.join(',') : 'none';
}

/** `not persistent`, `persistent 300 s, netmask 255.255.255.255`. */
export function persistenceWords(flags: number, timeout: number, netmask: string): string {
  return flags & IP_VS_SVC_F_PERSISTENT ? `persistent ${timeout} s, netmask ${netmask}` : 'not persistent';
}

function persistenceOf(s: Obj, where: string): string {
  const flags = need(s, 'flags', isCount, where);
  if (!(flags & IP_VS_SVC_F_PERSISTENT)) return persistenceWords(flags, 0, '');
  return persistenceWords(flags, need(s, 'timeout', isCount, where), need(s, 'netmask', isText, where));
}

function serviceFacts(s: unknown, i: number): [string, ServiceFacts] {
  if (!isObj(s)) throw new BadTable(`service ${i + 1} is not an object`);
  const { key, label } = serviceIdentity(s, `service ${i + 1}`);
  const scheduler = need(s, 'scheduler', isText, label);
  const dests = need(s, 'dests', Array.isArray, label);
  const servers = new Map(dests.map((d) => serverFacts(d, label)).map((f) => [f.label, f] as const));
  const facts = {
    label,
    scheduler,
    flags: flagWords(scheduler, need(s, 'flags', isCount, label)),
    persistence: persistenceOf(s, label),
    servers,
  };
  return [key, facts];
}

const SYSCTL_NAME = /^net\.ipv4\.vs\.[a-z0-9_]{1,64}$/;
const MAX_SYSCTLS = 256;
const printableName = (name: string): string => name.slice(0, 64).replace(/[^\x20-\x7e]/g, '?');

function sysctlFacts(doc: Obj): Map<string, string> | null {
  if (doc.sysctls === null || doc.sysctls === undefined) return null;
  const o = need(doc, 'sysctls', isObj, 'the document');
  const entries = Object.entries(o);
  if (entries.length > MAX_SYSCTLS) throw new BadTable(`sysctls: more than ${MAX_SYSCTLS}`);
  for (const [name, value] of entries) {
    if (!SYSCTL_NAME.test(name) || !isText(value))
      throw new BadTable(`sysctls: '${printableName(name)}' is not a net.ipv4.vs setting`);
  }
  return new Map(entries as [string, string][]);
}

/** The table of a parsed `list --json` document, or one line saying what in it is not such a table. */
export function readDriftTable(doc: unknown): DriftTable | string {
  return readChecked(() => {
    if (!isObj(doc)) throw new BadTable('not a JSON object');
    const t = need(doc, 'timeouts', isObj, 'the document');
    const timeouts = {
      tcp: need(t, 'tcp', isCount, 'timeouts'),
      tcpfin: need(t, 'tcpFin', isCount, 'timeouts'),
      udp: need(t, 'udp', isCount, 'timeouts'),
    };
    const services = need(doc, 'services', Array.isArray, 'the document');
    return { timeouts, sysctls: sysctlFacts(doc), services: new Map(services.map(serviceFacts)) };
  });
}

/** A real server of a table read here (not a document): the same facts as the document's. */
function destFacts(d: Destination): ServerFacts {
  return {
    label: bracket(familyName(d.af), d.address, d.port),
    forward: forwardWords(d.forward, d.tunnelType, d.tunnelPort),
    thresholds: thresholdWords(d.upperThreshold, d.lowerThreshold),
    weight: d.weight,
    left: d.activeConns + d.inactiveConns + d.persistentConns,
  };
}

/** A service's key and label as readDriftTable makes them from its document. */
export function serviceIdOf(s: Service): { key: string; label: string } {
  const af = familyName(s.af);
  return s.fwmark
    ? serviceIdentityOf({ af, fwmark: s.fwmark, protocol: '', address: '', port: 0 })
    : serviceIdentityOf({ af, fwmark: null, protocol: protocolName(s.protocol), address: s.address, port: s.port });
}

/** A service of a table read here, keyed as readDriftTable keys the document's. */
export function serviceFactsOf({ service: s, dests }: ServiceWithDests): [string, ServiceFacts] {
  const id = serviceIdOf(s);
  const servers = new Map(dests.map(destFacts).map((f) => [f.label, f] as const));
  const facts = {
    label: id.label,
    scheduler: s.scheduler,
    flags: flagWords(s.scheduler, s.flags),
    persistence: persistenceWords(s.flags, s.timeout, s.netmask),
    servers,
  };
  return [id.key, facts];
}
