/**
 * `ipvstop list` refuses what `ipvsadm -L` 1.31 refuses, in its words, with its
 * exit status (2), and in its order: while reading the arguments from left to
 * right a repeated option or a `-6` with no `-f` before it stops everything;
 * then at most one of -c, a service, --timeout and --daemon; then the listing
 * formats that cannot go with those. `--json` and `--watch` are ours (ipvsadm has neither).
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
  /** `--watch SECONDS` (with --json): one document per line every this many seconds. */
  watch?: number;
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

/**
 * `--watch`'s bounds, in seconds. Each document is a whole read (every real server, the
 * connection table, the HA daemon and the doctor), heavier than a monitor refresh, which reads
 * only what the screen shows: hence no faster than once a second. A reader that went away is
 * noticed at the next write (a closed pipe says so only then), so a process behind a closed SSH
 * session lives at most this long: a minute, the monitor's longest interval too.
 */
export const WATCH_MIN_S = 1;
export const WATCH_MAX_S = 60;

/** The seconds of `--watch`: a plain decimal number within the bounds (no exponent, sign or unit). */
export function watchSeconds(text: string, option = '--watch'): number {
  const n = Number(text);
  if (!/^\d{1,6}(\.\d{1,6})?$/.test(text) || !(n >= WATCH_MIN_S && n <= WATCH_MAX_S)) {
    throw new UsageError(
      `${option}: '${text}' is not a number of seconds from ${WATCH_MIN_S} to ${WATCH_MAX_S} (e.g. 2 or 2.5)`,
    );
  }
  return n;
}

/** Every `--watch` given is valid (the last one counts), and only with --json: the text forms are one listing. */
function watchFlag(args: readonly ListArg[]): number | undefined {
  const given = args.filter((a) => a.name === 'watch').map((a) => watchSeconds(a.value ?? ''));
  if (given.length > 0 && !args.some((a) => a.name === 'json')) {
    throw new UsageError('--watch needs --json: it writes one JSON document per line');
  }
  return given.at(-1);
}

/** Checks the list command's arguments (in the order given) and makes its flags; throws UsageError. */
export function listFlags(args: readonly ListArg[]): ListFlags {
  const given = new Set<string>();
  const service = readInOrder(args, given);
  checkConflicts(given);
  const watch = watchFlag(args);
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
    ...(watch === undefined ? {} : { watch }),
  };
}
