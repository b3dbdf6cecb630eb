/**
 * The part of a `list --json` document that drift compares: the IPVS timeouts and, per service
 * (keyed by its identity: family and protocol+address+port, or family and fwmark), its
 * configuration and its real servers' (keyed by address and port). Counters, rates and
 * connection states are left out: they differ between any two directors and are never drift.
 * The document came over ssh: it is data, checked field by field, never trusted for its shape.
 */
import { schedulerFlagWords } from '../domain/flags.js';
import { forwardName } from '../domain/names.js';
import { IP_VS_SVC_F_ONEPACKET, IP_VS_SVC_F_PERSISTENT } from '../kernel/ipvs/constants.js';
import type { ForwardMethod } from '../kernel/ipvs/types.js';
import { BadDocument as BadTable, isCount, isObj, isText, need, type Obj, readChecked } from './documentFields.js';

/** A real server as drift sees it; `left` is its connections and persistence templates. */
export interface ServerFacts {
  label: string;
  forward: string;
  thresholds: string;
  weight: number;
  left: number;
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

function serverFacts(d: unknown, where: string): ServerFacts {
  if (!isObj(d)) throw new BadTable(`${where}: a real server is not an object`);
  const af = need(d, 'af', isFamily, where);
  const label = bracket(af, need(d, 'address', isText, where), need(d, 'port', isCount, where));
  const method = need(d, 'forward', isForward, `${where} ${label}`);
  const tunnel =
    method === 'tunnel' && isText(d.tunnelType)
      ? ` (${d.tunnelType}${isCount(d.tunnelPort) ? ` port ${d.tunnelPort}` : ''})`
      : '';
  const upper = need(d, 'upperThreshold', isCount, `${where} ${label}`);
  const lower = need(d, 'lowerThreshold', isCount, `${where} ${label}`);
  const left = ['activeConns', 'inactiveConns', 'persistentConns'].reduce(
    (sum, f) => sum + need(d, f, isCount, `${where} ${label}`),
    0,
  );
  return {
    label,
    forward: `${forwardName(method)}${tunnel}`,
    thresholds: `upper ${upper} lower ${lower}`,
    weight: need(d, 'weight', isCount, `${where} ${label}`),
    left,
  };
}

/** `TCP 192.0.2.10:80`, `UDP [2001:db8::1]:53`, `FWM 7` (`FWM 7 inet6` for an IPv6 one): as ipvsadm names them. */
function serviceIdentity(s: Obj, where: string): { key: string; label: string } {
  const af = need(s, 'af', isFamily, where);
  if (s.fwmark !== null && s.fwmark !== undefined) {
    const mark = need(s, 'fwmark', isCount, where);
    return { key: `${af} fwm ${mark}`, label: af === 'inet6' ? `FWM ${mark} inet6` : `FWM ${mark}` };
  }
  const proto = need(s, 'protocol', isText, where);
  const at = bracket(af, need(s, 'address', isText, where), need(s, 'port', isCount, where));
  return { key: `${af} ${proto} ${at}`, label: `${proto} ${at}` };
}

/** Scheduler flags and one-packet in ipvsadm's words; the persistent bit is persistence's, the others the kernel's own. */
function flagWords(scheduler: string, flags: number): string {
  const words = schedulerFlagWords({ scheduler, flags });
  if (flags & IP_VS_SVC_F_ONEPACKET) words.push('ops');
  return words.length > 0 ? words.join(',') : 'none';
}

function persistenceWords(s: Obj, where: string): string {
  if (!(need(s, 'flags', isCount, where) & IP_VS_SVC_F_PERSISTENT)) return 'not persistent';
  const timeout = need(s, 'timeout', isCount, where);
  return `persistent ${timeout} s, netmask ${need(s, 'netmask', isText, where)}`;
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
    persistence: persistenceWords(s, label),
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
