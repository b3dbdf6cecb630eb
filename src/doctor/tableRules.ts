/** Rules over the IPVS table: services, their real servers, and their connection entries. */

import type { ConnCounts } from '../domain/attribution.js';
import { isPersistent } from '../domain/flags.js';
import { plural } from '../domain/labels.js';
import type { Destination } from '../kernel/ipvs/types.js';
import { THRESHOLDS } from './thresholds.js';
import type { Rule } from './types.js';
import { eachServer, finding, ipvsadmServer, ipvsadmService, serverWhere, serviceWhere } from './where.js';

const total = (d: Destination): number => d.activeConns + d.inactiveConns;

/** Every entry of a count by state (a loop: the rules run over every real server of the table). */
function allStates(counts: Readonly<Record<string, number>>): number {
  let n = 0;
  for (const state in counts) n += counts[state]!;
  return n;
}

/** At its upper threshold: the kernel sets its overload flag and schedules nothing new to it. */
export const isFull = (d: Destination): boolean => d.upperThreshold > 0 && total(d) >= d.upperThreshold;

const countOf = (c: ConnCounts | undefined, state: string): number => c?.conns[state] ?? 0;
const templatesOf = (c: ConnCounts | undefined): number => Object.values(c?.templates ?? {}).reduce((a, b) => a + b, 0);

/** Why no real server of a service can take a new connection, or undefined when one can. */
function unusable(dests: Destination[]): string | undefined {
  if (dests.length === 0) return 'no real server';
  if (dests.every((d) => d.weight === 0)) return `all ${dests.length} real server(s) have weight 0`;
  if (dests.every((d) => d.weight === 0 || isFull(d))) return 'every real server with weight is at its upper threshold';
  return undefined;
}

const noUsableServer: Rule = ({ services }) =>
  services.flatMap(({ service, dests }) => {
    const why = unusable(dests);
    if (why === undefined) return [];
    return [
      finding('service.no-usable-server', 'critical')(
        serviceWhere(service),
        why,
        'every new connection to this service is dropped ("no destination available").',
        dests.length === 0
          ? `add a real server: ipvsadm -a ${ipvsadmService(service)} -r SERVER`
          : 'give a server weight (ipvsadm -e ... -w N) or raise its upper threshold (-x)',
      ),
    ];
  });

const atUpperThreshold: Rule = ({ services }) =>
  eachServer(services, (s, d) =>
    d.weight > 0 && isFull(d)
      ? finding('server.at-upper-threshold', 'warning')(
          serverWhere(s, d),
          `${total(d)} ${plural(total(d), 'connection')}, upper threshold ${d.upperThreshold}`,
          'the server is marked overloaded and gets no new connections until it falls below its lower threshold.',
          `raise the threshold if it can take more: ${ipvsadmServer('-e', s, d, `-w ${d.weight}`, '-x N')}`,
        )
      : undefined,
  );

const drainedLeftBehind: Rule = ({ services }) =>
  eachServer(services, (s, d) =>
    d.weight === 0 && total(d) === 0 && d.persistentConns === 0
      ? finding('server.drained', 'info')(
          serverWhere(s, d),
          'weight 0 and no connections left',
          'the server has drained; left in the table it is easily forgotten.',
          `remove it (${ipvsadmServer('-d', s, d)}) or put it back with a weight`,
        )
      : undefined,
  );

/** Schedulers that are meant to follow the weights (rr, lc ignore them). */
const WEIGHTED = new Set(['wrr', 'wlc']);

/** The servers whose share of the connections is `spreadFactor` times off their weight's share. */
function spreadOff(dests: Destination[], counts: (d: Destination) => number): string[] {
  const weighted = dests.filter((d) => d.weight > 0);
  const conns = weighted.reduce((a, d) => a + counts(d), 0);
  const weights = weighted.reduce((a, d) => a + d.weight, 0);
  if (weighted.length < 2 || conns < THRESHOLDS.spreadMinConnections) return [];
  return weighted.flatMap((d) => {
    const expected = (d.weight / weights) * conns;
    const got = counts(d);
    const ratio = got / expected;
    if (ratio <= THRESHOLDS.spreadFactor && ratio >= 1 / THRESHOLDS.spreadFactor) return [];
    return [`${d.address}:${d.port} ${got} of ${conns} (weight ${d.weight}: ~${Math.round(expected)})`];
  });
}

const spreadFarFromWeights: Rule = ({ services, conns }) =>
  services.flatMap(({ service, dests }) => {
    // Persistence sends a client back to its server whatever the weights: the spread cannot tell.
    if (!WEIGHTED.has(service.scheduler) || isPersistent(service)) return [];
    const counts = (d: Destination) => {
      const c = conns?.dests.get(d);
      return c ? allStates(c.conns) : total(d);
    };
    const off = spreadOff(dests, counts);
    if (off.length === 0) return [];
    return [
      finding('service.spread-off-weights', 'warning')(
        serviceWhere(service),
        `connections far from the weights: ${off.join('; ')}`,
        `${service.scheduler} should spread by weight: a server slow to close, failing fast or skipped is likely.`,
        `compare the servers (ipvsadm -Ln ${ipvsadmService(service)} --stats) and their health checks`,
      ),
    ];
  });

/** A service's SYN_RECV entries and all its connections, and whether they pile up (THRESHOLDS.synRecvPileup). */
export function synRecvCount(c: ConnCounts | undefined): { syn: number; all: number; piling: boolean } {
  const syn = countOf(c, 'SYN_RECV');
  const all = c ? allStates(c.conns) : 0;
  return { syn, all, piling: syn >= THRESHOLDS.synRecvPileup && syn >= all * THRESHOLDS.synRecvShare };
}

/** The rule the monitor's event log follows from the connection table itself (state/watchEvents.ts). */
export const SYN_RECV_PILING_RULE = 'service.syn-recv-piling';

const synRecvPiling: Rule = ({ services, conns }) =>
  services.flatMap(({ service }) => {
    const { syn, all, piling } = synRecvCount(conns?.services.get(service));
    if (!piling) return [];
    return [
      finding(SYN_RECV_PILING_RULE, 'warning')(
        serviceWhere(service),
        `${syn} of ${all} ${plural(all, 'connection')} in SYN_RECV`,
        'SYNs are not answered: a real server is unreachable, its replies take another route, or a SYN flood.',
        'find the server holding them (ipvsadm -Lnc | grep SYN_RECV); check its route back through the director',
      ),
    ];
  });

const synRecvOnly: Rule = ({ services, conns }) =>
  eachServer(services, (s, d) => {
    const c = conns?.dests.get(d);
    const syn = countOf(c, 'SYN_RECV');
    if (syn < THRESHOLDS.synRecvOnlyMin || countOf(c, 'ESTABLISHED') > 0) return undefined;
    const nat = d.forward === 'masq';
    return finding('server.syn-recv-only', 'warning')(
      serverWhere(s, d),
      `${syn} SYN_RECV and no ESTABLISHED connection`,
      nat
        ? 'the server does not answer, or its replies do not come back through the director.'
        : 'the server does not answer, or clients never complete the handshake.',
      nat
        ? `check the server and that its default route is the director; take it out: ${ipvsadmServer('-e', s, d, '-w 0')}`
        : `check the server; take it out meanwhile: ${ipvsadmServer('-e', s, d, '-w 0')}`,
    );
  });

const templatesToDrained: Rule = ({ services, conns }) =>
  eachServer(services, (s, d) => {
    if (d.weight !== 0) return undefined;
    const n = templatesOf(conns?.dests.get(d));
    if (n === 0) return undefined;
    return finding('server.templates-to-drained', 'warning')(
      serverWhere(s, d),
      `weight 0 but ${n} persistence template(s) point to it`,
      'returning clients of those templates are still sent to this server.',
      'sysctl -w net.ipv4.vs.expire_quiescent_template=1, or wait for the templates to expire',
    );
  });

export const TABLE_RULES: readonly Rule[] = [
  noUsableServer,
  atUpperThreshold,
  drainedLeftBehind,
  spreadFarFromWeights,
  synRecvPiling,
  synRecvOnly,
  templatesToDrained,
];
