/**
 * `ipvstop conns` arguments, checked before anything is read: a bad address, prefix,
 * state or count is a UsageError (exit 2) naming what was typed.
 */
import type { Command } from 'commander';
import { parseServerMatch, type ServerMatch } from '../domain/connFilter.js';
import { type AddressPrefix, parsePrefix } from '../domain/prefix.js';
import type { ServiceId } from '../kernel/ipvs/types.js';
import { KNOWN_STATES } from '../kernel/proc/states.js';
import { UsageError } from './errors.js';
import { parseFwmark, parseServiceAddress, refuseZoneId } from './serviceArg.js';

/** The options as commander hands them over (strings, as typed). */
export interface ConnsOptions {
  tcpService?: string;
  udpService?: string;
  sctpService?: string;
  fwmarkService?: string;
  ipv6?: boolean;
  client?: string;
  server?: string;
  state?: string;
  templates?: boolean;
  top?: string;
  json?: boolean;
}

/** The validated flags the conns command runs with. */
export interface ConnsFlags {
  service?: ServiceId;
  client?: AddressPrefix;
  server?: ServerMatch;
  state?: string;
  templates: boolean;
  /** --top N: the N biggest talkers instead of the entries. */
  top?: number;
  json: boolean;
}

/** The most talkers --top lists: more is a table, not a top. */
export const TOP_MAX = 1000;

function service(o: ConnsOptions): ServiceId | undefined {
  const given = [o.tcpService, o.udpService, o.sctpService, o.fwmarkService].filter((s) => s !== undefined);
  if (given.length > 1) throw new UsageError('conns takes one service (-t, -u, --sctp-service or -f)');
  if (o.ipv6 && o.fwmarkService === undefined) throw new UsageError('-6 used without -f');
  if (o.tcpService !== undefined) return parseServiceAddress(o.tcpService, 6);
  if (o.udpService !== undefined) return parseServiceAddress(o.udpService, 17);
  if (o.sctpService !== undefined) return parseServiceAddress(o.sctpService, 132);
  if (o.fwmarkService !== undefined) return parseFwmark(o.fwmarkService, o.ipv6 === true);
  return undefined;
}

function client(text: string): AddressPrefix {
  refuseZoneId(text, 'client');
  const p = parsePrefix(text);
  if (!p) throw new UsageError(`invalid client '${text}': expected an IPv4 or IPv6 address, or ADDRESS/LENGTH`);
  return p;
}

/** ADDR, ADDR:PORT, an IPv6 address, or [IPv6]:PORT. */
export function parseServer(text: string): ServerMatch {
  refuseZoneId(text, 'server');
  const server = parseServerMatch(text);
  if (!server) throw new UsageError(`invalid server '${text}': expected ADDRESS, ADDRESS:PORT or [IPv6]:PORT`);
  return server;
}

function state(text: string): string {
  const name = text.toUpperCase();
  if (!KNOWN_STATES.has(name)) {
    throw new UsageError(`unknown state '${text}': expected one of ${[...KNOWN_STATES].join(' ')}`);
  }
  return name;
}

function top(text: string): number {
  const n = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!(n >= 1 && n <= TOP_MAX))
    throw new UsageError(`invalid --top '${text}': expected a number from 1 to ${TOP_MAX}`);
  return n;
}

/** Checks the options and makes the flags; throws UsageError. */
export function connsFlags(o: ConnsOptions): ConnsFlags {
  return {
    service: service(o),
    client: o.client === undefined ? undefined : client(o.client),
    server: o.server === undefined ? undefined : parseServer(o.server),
    state: o.state === undefined ? undefined : state(o.state),
    templates: o.templates === true,
    top: o.top === undefined ? undefined : top(o.top),
    json: o.json === true,
  };
}

/** Adds `conns` to the program; `action` gets the checked flags. */
export function defineConnsCommand(program: Command, action: (f: ConnsFlags) => Promise<void>): void {
  program
    .command('conns')
    .description('the connection table like `ipvsadm -Lcn`, filtered, its top talkers, or JSON')
    .option('-t, --tcp-service <addr:port>', 'only this TCP service')
    .option('-u, --udp-service <addr:port>', 'only this UDP service')
    .option('--sctp-service <addr:port>', 'only this SCTP service')
    .option('-f, --fwmark-service <mark>', 'only this fwmark service')
    .option('-6, --ipv6', 'after -f: an IPv6 fwmark service')
    .option('--client <addr[/len]>', 'only clients at this address or in this prefix')
    .option('--server <addr[:port]>', 'only entries to this real server')
    .option('--state <state>', 'only entries in this state (ESTABLISHED, SYN_RECV, ...)')
    .option('--templates', 'only persistence templates')
    .option('--top <n>', 'the n clients and networks with the most entries and SYN_RECV entries')
    .option('--json', 'JSON (docs/json.md; schemas: docs/schemas/conns.schema.json, conns-top.schema.json)')
    .action(async (o: ConnsOptions) => action(connsFlags(o)));
}
