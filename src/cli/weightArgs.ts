/**
 * Arguments of `ipvstop weight`, `drain` and `undrain`: the service as in `ipvstop list`
 * (`-t|-u|--sctp-service ADDR:PORT`, `-f MARK [-6]`), the real server as `-r ADDR[:PORT]`
 * (IPv6 in brackets), or `--server ADDR` for every service; weights 0..MAX_WEIGHT. Bad input is a
 * UsageError (exit 2).
 */
import { isIPv4, isIPv6 } from 'node:net';
import { MAX_WEIGHT } from '../domain/weight.js';
import { AF_INET } from '../kernel/inet.js';
import type { AddressFamily, ServiceId } from '../kernel/ipvs/types.js';
import { formatIPv6, parseIPv6 } from '../kernel/netlink/address.js';
import { UsageError } from './errors.js';
import { parseFwmark, parseServiceAddress, refuseZoneId } from './serviceArg.js';

export type WeightCommand = 'weight' | 'drain' | 'undrain';

/** A real server as typed: without a port, the one real server at that address in the service. */
export interface ServerArg {
  af: AddressFamily;
  address: string;
  port?: number;
}

/** One real server of one service, or every real server at an address (`--server`). */
export type WeightTarget = { service: ServiceId; server: ServerArg } | { host: ServerArg };

export interface WeightRequest {
  command: WeightCommand;
  target: WeightTarget;
  /** `weight`: the new weight; `undrain`: --weight, when given. */
  weight?: number;
  wait: boolean;
  /** Seconds --wait waits before giving up (exit 3). */
  timeout: number;
  json: boolean;
  readOnly: boolean;
}

/** The options commander gives these commands. */
export interface WeightOptions {
  tcpService?: string;
  udpService?: string;
  sctpService?: string;
  fwmarkService?: string;
  ipv6?: boolean;
  realServer?: string;
  server?: string;
  weight?: string;
  wait?: boolean;
  timeout?: string;
  json?: boolean;
  readOnly?: boolean;
}

/** How long --wait waits by default: longer than TCP's default FIN_WAIT (120 s). */
export const DEFAULT_WAIT_SECONDS = 300;

export function parseWeight(text: string): number {
  if (!/^\d+$/.test(text) || Number(text) > MAX_WEIGHT) {
    throw new UsageError(`invalid weight '${text}': expected a whole number from 0 to ${MAX_WEIGHT}`);
  }
  return Number(text);
}

function parseSeconds(text: string): number {
  const n = Number(text);
  if (!/^\d*\.?\d+$/.test(text) || !(n > 0)) throw new UsageError(`invalid --timeout '${text}': expected seconds > 0`);
  return n;
}

const normalise = (af: AddressFamily, address: string): string =>
  af === AF_INET ? address : formatIPv6(parseIPv6(address));

/** `198.51.100.1`, `198.51.100.1:80`, `[2001:db8::1]`, `[2001:db8::1]:80`, or a bare IPv6 address. */
export function parseServerArg(text: string, what = 'real server'): ServerArg {
  refuseZoneId(text, what);
  const m = /^\[([0-9a-fA-F:.]+)\](?::(\d+))?$/.exec(text) ?? /^([0-9.]+)(?::(\d+))?$/.exec(text);
  const address = m?.[1] ?? (isIPv6(text) ? text : undefined);
  const af: AddressFamily | undefined = address && isIPv4(address) ? 2 : address && isIPv6(address) ? 10 : undefined;
  if (!address || af === undefined) {
    throw new UsageError(`invalid ${what} '${text}': expected ADDR, ADDR:PORT or [IPv6]:PORT`);
  }
  const port = m?.[2] === undefined ? undefined : Number(m[2]);
  if (port !== undefined && port > 65535) throw new UsageError(`invalid port in '${text}': must be 0-65535`);
  return port === undefined ? { af, address: normalise(af, address) } : { af, address: normalise(af, address), port };
}

function serviceOf(o: WeightOptions): ServiceId | undefined {
  const given = [
    o.tcpService && parseServiceAddress(o.tcpService, 6),
    o.udpService && parseServiceAddress(o.udpService, 17),
    o.sctpService && parseServiceAddress(o.sctpService, 132),
    o.fwmarkService && parseFwmark(o.fwmarkService, o.ipv6 === true),
  ].filter((s): s is ServiceId => Boolean(s));
  if (o.ipv6 && !o.fwmarkService) throw new UsageError('-6 needs -f MARK');
  if (given.length > 1) throw new UsageError('give one service (-t, -u, --sctp-service or -f)');
  return given[0];
}

function targetOf(o: WeightOptions): WeightTarget {
  const service = serviceOf(o);
  if (o.server !== undefined) {
    if (service || o.realServer) throw new UsageError('--server takes no service and no -r');
    const host = parseServerArg(o.server, 'server address');
    if (host.port !== undefined) throw new UsageError(`--server takes an address without a port: '${o.server}'`);
    return { host };
  }
  if (!service) throw new UsageError('give a service (-t, -u, --sctp-service or -f) and -r SERVER, or --server ADDR');
  if (o.realServer === undefined) throw new UsageError('give the real server with -r ADDR[:PORT]');
  return { service, server: parseServerArg(o.realServer) };
}

/** Checks the arguments of one of the three commands; throws UsageError. */
export function weightRequest(command: WeightCommand, o: WeightOptions, weight?: string): WeightRequest {
  const target = targetOf(o);
  if (o.timeout !== undefined && !o.wait) throw new UsageError('--timeout goes with --wait');
  const text = command === 'weight' ? weight : o.weight;
  return {
    command,
    target,
    ...(text === undefined ? {} : { weight: parseWeight(text) }),
    wait: o.wait === true,
    timeout: o.timeout === undefined ? DEFAULT_WAIT_SECONDS : parseSeconds(o.timeout),
    json: o.json === true,
    readOnly: o.readOnly === true,
  };
}
