/**
 * `ipvstop list` refuses what `ipvsadm -L` 1.31 refuses, in its words, with its
 * exit status (2), and in its order: while reading the arguments from left to
 * right a repeated option or a `-6` with no `-f` before it stops everything;
 * then at most one of -c, a service, --timeout and --daemon; then the listing
 * formats that cannot go with those.
 */
import type { ServiceId } from '../kernel/ipvs/types.js';
import { UsageError } from './errors.js';
import { parseFwmark, parseServiceAddress } from './serviceArg.js';

/** The validated flags the list command runs with. */
export interface ListFlags {
  numeric: boolean;
  stats: boolean;
  rate: boolean;
  exact: boolean;
  thresholds: boolean;
  persistentConn: boolean;
  tunInfo: boolean;
  timeout: boolean;
  daemon: boolean;
  connection: boolean;
  sort: boolean;
  /** The one service asked for with -t, -u, --sctp-service or -f (with -6 after it). */
  service?: ServiceId;
  json: boolean;
}

/** One option as given on the command line, by its long name, in order. */
export interface ListArg {
  name: string;
  value?: string;
}

/**
 * ipvsadm's name for each option it refuses to see twice; the four service options
 * share one. --sort, -6 and --json (ours) may repeat.
 */
const IPVSADM_NAME: Record<string, string> = {
  numeric: 'numeric',
  stats: 'stats',
  rate: 'rate',
  exact: 'exact',
  thresholds: 'thresholds',
  'persistent-conn': 'persistent-conn',
  'tun-info': 'tun-info',
  timeout: 'timeout',
  daemon: 'daemon',
  connection: 'connection',
  nosort: 'nosort',
  'tcp-service': 'service-address',
  'udp-service': 'service-address',
  'sctp-service': 'service-address',
  'fwmark-service': 'service-address',
};

/** At most one of these; ipvsadm names the first two present in this order. */
const EXCLUSIVE = ['connection', 'service-address', 'timeout', 'daemon'];

/** Listing formats each of those modes refuses (a service takes every format). */
const REFUSED_FORMATS: Record<string, string[]> = {
  connection: ['stats', 'rate', 'thresholds'],
  timeout: ['stats', 'rate', 'thresholds', 'persistent-conn'],
  daemon: ['stats', 'rate', 'thresholds', 'persistent-conn'],
};

const PROTOCOL_OF: Record<string, 6 | 17 | 132> = { 'tcp-service': 6, 'udp-service': 17, 'sctp-service': 132 };

/** Reads the arguments in order as ipvsadm does; returns the service asked for, if any. */
function readInOrder(args: readonly ListArg[], given: Set<string>): ServiceId | undefined {
  let service: ServiceId | undefined;
  let fwmark: string | undefined;
  for (const { name, value } of args) {
    if (name === 'ipv6') {
      if (fwmark === undefined) throw new UsageError('-6 used before -f');
      service = parseFwmark(fwmark, true);
      continue;
    }
    const ipvsadmName = IPVSADM_NAME[name];
    if (ipvsadmName === undefined) continue;
    if (given.has(ipvsadmName)) throw new UsageError(`multiple '${ipvsadmName}' options specified`);
    given.add(ipvsadmName);
    if (value === undefined) continue;
    const protocol = PROTOCOL_OF[name];
    if (protocol !== undefined) service = parseServiceAddress(value, protocol);
    else if (name === 'fwmark-service') {
      service = parseFwmark(value, false);
      fwmark = value;
    }
  }
  return service;
}

function checkConflicts(given: Set<string>): void {
  const [first, second] = EXCLUSIVE.filter((o) => given.has(o));
  if (second !== undefined) {
    throw new UsageError(`The option '${second}' conflicts with the '${first}' option in the 'list' command`);
  }
  if (first !== undefined && REFUSED_FORMATS[first]?.some((f) => given.has(f))) {
    throw new UsageError('options conflicts in the list command');
  }
}

/** Checks the list command's arguments (in the order given) and makes its flags; throws UsageError. */
export function listFlags(args: readonly ListArg[]): ListFlags {
  const given = new Set<string>();
  const service = readInOrder(args, given);
  checkConflicts(given);
  const has = (name: string): boolean => args.some((a) => a.name === name);
  return {
    numeric: has('numeric'),
    stats: has('stats'),
    rate: has('rate'),
    exact: has('exact'),
    thresholds: has('thresholds'),
    persistentConn: has('persistent-conn'),
    tunInfo: has('tun-info'),
    timeout: has('timeout'),
    daemon: has('daemon'),
    connection: has('connection'),
    sort: !has('nosort'),
    service,
    json: has('json'),
  };
}
