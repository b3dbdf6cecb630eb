/**
 * A client address or prefix (`203.0.113.7`, `203.0.113.0/24`, `2001:db8::/64`): what the
 * connection browser, the client lookup and `ipvstop conns --client` match entries against.
 */
import { isIPv4, isIPv6 } from 'node:net';
import { type AddressFamily, AF_INET, AF_INET6 } from '../kernel/ipvs/types.js';
import { formatAddress, parseAddress } from '../kernel/netlink/address.js';

/** An address and how many of its leading bits must match; `len` is 32 or 128 for one address. */
export interface AddressPrefix {
  af: AddressFamily;
  bytes: Buffer;
  len: number;
}

/** Parses ADDR or ADDR/LEN; undefined when it is neither (the caller says how that is reported). */
export function parsePrefix(text: string): AddressPrefix | undefined {
  const m = /^([0-9A-Fa-f:.]+)(?:\/(\d{1,3}))?$/.exec(text.trim());
  const address = m?.[1] ?? '';
  const af = isIPv4(address) ? AF_INET : isIPv6(address) ? AF_INET6 : undefined;
  if (!m || af === undefined) return undefined;
  const bits = af === AF_INET ? 32 : 128;
  const len = m[2] === undefined ? bits : Number(m[2]);
  if (len > bits) return undefined;
  return { af, bytes: masked(parseAddress(af, address), len), len };
}

/** `bytes` with every bit past the first `len` cleared. */
export function masked(bytes: Buffer, len: number): Buffer {
  const out = Buffer.from(bytes);
  for (let i = 0; i < out.length; i++) {
    const keep = Math.max(0, Math.min(8, len - i * 8));
    out[i] = out[i]! & ((0xff00 >> keep) & 0xff);
  }
  return out;
}

/** Whether the address (text, as the parser decodes it) is inside the prefix. */
export function prefixContains(p: AddressPrefix, af: AddressFamily, address: string): boolean {
  if (af !== p.af) return false;
  return masked(parseAddress(af, address), p.len).equals(p.bytes);
}

/** `203.0.113.0/24`, or the address alone for a full-length prefix. */
export function formatPrefix(p: AddressPrefix): string {
  const text = formatAddress(p.af, p.bytes);
  return p.len === p.bytes.length * 8 ? text : `${text}/${p.len}`;
}

/**
 * The text every /proc/net/ip_vs_conn field of an address in the prefix starts with: IPv4 as
 * %08X (upper case), IPv6 in the full colon form (lower case). Only whole hex digits of the
 * prefix: a row without this text cannot hold such a client, so a read may skip it unparsed.
 */
export function procFieldPrefix(p: AddressPrefix): string {
  const digits = Math.floor(p.len / 4);
  if (p.af === AF_INET) return p.bytes.toString('hex').toUpperCase().slice(0, digits);
  const full = (p.bytes.toString('hex').match(/.{4}/g) ?? []).join(':');
  // Every fourth hex digit is followed by a colon in the full form.
  return full.slice(0, digits + Math.floor(digits / 4));
}

/**
 * A dotted quad (as the /proc parser decodes one: always well formed) as a number, read
 * without splitting: reads of a million entries take one or two per entry.
 */
export function ipv4Number(text: string): number {
  let n = 0;
  let octet = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x2e) {
      n = n * 256 + octet;
      octet = 0;
    } else octet = octet * 10 + c - 0x30;
  }
  return n * 256 + octet;
}
