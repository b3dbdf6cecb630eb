/**
 * Which connection entries to show: by service, client address or prefix, real server,
 * state, templates only. Shared by `ipvstop conns`, the Connections pane's browser and the
 * client lookup, so all three pick the same rows.
 */
import { isIPv4, isIPv6 } from 'node:net';
import { type AddressFamily, AF_INET, AF_INET6, type ServiceWithDests } from '../kernel/ipvs/types.js';
import { formatAddress, parseAddress } from '../kernel/netlink/address.js';
import type { ConnRow } from '../kernel/proc/types.js';
import { serviceFinder } from './attribution.js';
import { type AddressPrefix, prefixContains, procFieldPrefix } from './prefix.js';

/** A real server: its address, and its port unless any port will do. */
export interface ServerMatch {
  af: AddressFamily;
  /** As formatAddress() writes it, the form the /proc parser decodes to. */
  address: string;
  port?: number;
}

/** ADDR, ADDR:PORT, an IPv6 address, or [IPv6]:PORT; undefined when it is none of them. */
export function parseServerMatch(text: string): ServerMatch | undefined {
  const m = /^\[([0-9A-Fa-f:.]+)\](?::(\d{1,5}))?$/.exec(text) ?? /^([0-9.]+)(?::(\d{1,5}))?$/.exec(text);
  const address = m?.[1] ?? (isIPv6(text) ? text : '');
  const af = isIPv4(address) ? AF_INET : isIPv6(address) ? AF_INET6 : undefined;
  const port = m?.[2] === undefined ? undefined : Number(m[2]);
  if (af === undefined || (port !== undefined && port > 65535)) return undefined;
  return { af, address: formatAddress(af, parseAddress(af, address)), port };
}

/** Every field set must match; an empty filter takes every entry. */
export interface ConnFilter {
  /** The service (with its real servers: a fwmark service's connections are known by them). */
  service?: ServiceWithDests;
  /** Every service on the table, to tell which one owns an entry; needed with `service`. */
  table?: readonly ServiceWithDests[];
  client?: AddressPrefix;
  server?: ServerMatch;
  /** A state name as the kernel prints it. */
  state?: string;
  templatesOnly?: boolean;
}

/** The test a row must pass; fields not set always pass. */
export function connFilterTest(f: ConnFilter): (row: ConnRow) => boolean {
  const owner = f.service ? serviceFinder(f.table ?? [f.service]) : undefined;
  const { client, server, state, templatesOnly, service } = f;
  return (row) =>
    (!templatesOnly || row.template) &&
    (state === undefined || row.state === state) &&
    (client === undefined || prefixContains(client, row.af, row.clientAddress)) &&
    (server === undefined ||
      (row.destAf === server.af &&
        row.destAddress === server.address &&
        (server.port === undefined || row.destPort === server.port))) &&
    (owner === undefined || owner(row)?.service === service?.service);
}

/** Whether the filter takes every entry (no field set). */
export function takesEveryRow(f: ConnFilter): boolean {
  return !f.service && !f.client && !f.server && f.state === undefined && !f.templatesOnly;
}

/** Text the client field of every matching entry starts with, for reads that skip other lines unparsed. */
export function connFilterNeedle(f: ConnFilter): string | undefined {
  return (f.client && procFieldPrefix(f.client)) || undefined;
}
