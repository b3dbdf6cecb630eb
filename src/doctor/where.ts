/** How findings name what they are about, and the ipvsadm words their remedies use. */
import { ipvsadmServiceArg } from '../actions/describe.js';
import { serviceLabel } from '../domain/labels.js';
import { endpoint } from '../domain/names.js';
import type { Destination, Service, ServiceWithDests } from '../kernel/ipvs/types.js';
import type { Finding, Rule, Severity } from './types.js';

export const serviceWhere = (s: Service): string => serviceLabel(s);

export const serverEndpoint = (d: Destination): string => endpoint(d.af, d.address, d.port);

export const serverWhere = (s: Service, d: Destination): string => `${serviceLabel(s)} -> ${serverEndpoint(d)}`;

/** `ipvsadm -e -t 192.0.2.1:80 -r 198.51.100.11:80` plus the options given (forwarding kept: -e resets it). */
export function ipvsadmServer(verb: '-e' | '-d', s: Service, d: Destination, ...options: string[]): string {
  const forward = verb === '-e' ? [{ masq: '-m', route: '-g', tunnel: '-i' }[d.forward as string] ?? ''] : [];
  return ['ipvsadm', verb, ipvsadmServiceArg(s), '-r', serverEndpoint(d), ...forward, ...options]
    .filter((w) => w !== '')
    .join(' ');
}

export const ipvsadmService = (s: Service): string => ipvsadmServiceArg(s);

/** A finding of `rule` (a partial application, so each rule file names its id once). */
export const finding =
  (ruleId: string, severity: Severity) =>
  (where: string, what: string, why: string, remedy: string): Finding => ({
    ruleId,
    severity,
    where,
    what,
    why,
    remedy,
  });

/**
 * The finding of `f` for each real server of each service, where it has one. A loop: `flatMap` made an
 * array per service and one per real server, most of these rules' time over 10,000 real servers.
 */
export function eachServer(
  services: readonly ServiceWithDests[],
  f: (s: Service, d: Destination) => Finding | undefined,
): Finding[] {
  const found: Finding[] = [];
  for (const { service, dests } of services)
    for (const d of dests) {
      const one = f(service, d);
      if (one) found.push(one);
    }
  return found;
}

/** The findings of every rule, in the order given. */
export const applyRules =
  (rules: readonly Rule[]): Rule =>
  (input) =>
    rules.flatMap((r) => r(input));
