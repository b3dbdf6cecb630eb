/** ipvsadm's service arguments (`-t ADDR:PORT`, `-u`, `--sctp-service`, `-f MARK`, `-6`). */
import { isIPv4, isIPv6 } from 'node:net';
import { AF_INET, AF_INET6 } from '../kernel/inet.js';
import type { AddressFamily, Protocol, ServiceId } from '../kernel/ipvs/types.js';
import { formatIPv6, parseIPv6 } from '../kernel/netlink/address.js';
import { UsageError } from './errors.js';

/**
 * Parses `192.0.2.1:80`, `192.0.2.1` (port 0) or `[2001:db8::1]:80`. ipvsadm 1.31 reads an
 * IPv4 address in brackets, `[192.0.2.1]:80`, as that address with port 0 (the port is
 * dropped): we read it the same way, so a script gets the answer ipvsadm gives.
 */
export function parseServiceAddress(text: string, protocol: Protocol): ServiceId {
  refuseZoneId(text, 'service address');
  const m = /^\[([0-9a-fA-F:.]+)\]:(\d+)$/.exec(text) ?? /^([0-9.]+)(?::(\d+))?$/.exec(text);
  const address = m?.[1];
  if (!address || !(isIPv4(address) || isIPv6(address))) {
    throw new UsageError(`invalid service address '${text}': expected IP:PORT or [IPv6]:PORT`);
  }
  const port = m[2] === undefined ? 0 : Number(m[2]);
  if (port > 65535) throw new UsageError(`invalid port in '${text}': must be 0-65535`);
  const af: AddressFamily = isIPv4(address) ? 2 : 10;
  const bracketedIPv4 = af === AF_INET && text.startsWith('[');
  return { af, protocol, address: normaliseAddress(address, af), port: bracketedIPv4 ? 0 : port, fwmark: 0 };
}

/**
 * Refuses an IPv6 zone id (`fe80::1%eth0`, `[fe80::1%25eth0]:80`) with a UsageError: IPVS keeps
 * addresses without one, so no service or server has it (Node's isIPv6 takes it, our codec does not).
 */
export function refuseZoneId(text: string, what: string): void {
  const zone = /%[^\]/]*/.exec(text)?.[0];
  if (zone !== undefined) {
    throw new UsageError(
      `invalid ${what} '${text}': IPVS addresses have no zone id (${zone}): give the address without it`,
    );
  }
}

/** Parses `-f MARK` (decimal or 0x hex, 1..2^32-1); `-6` makes it an IPv6 fwmark service. */
export function parseFwmark(text: string, ipv6: boolean): ServiceId {
  const mark = /^(0x[0-9a-f]+|\d+)$/i.test(text) ? Number(text) : NaN;
  if (!Number.isInteger(mark) || mark < 1 || mark > 0xffffffff) {
    throw new UsageError(`invalid fwmark '${text}': expected a number from 1 to 4294967295`);
  }
  return ipv6
    ? { af: AF_INET6, protocol: 0, address: '::', port: 0, fwmark: mark }
    : { af: AF_INET, protocol: 0, address: '0.0.0.0', port: 0, fwmark: mark };
}

/** The same text the codec makes of the kernel's bytes, so lookups compare equal. */
function normaliseAddress(address: string, af: AddressFamily): string {
  return af === AF_INET ? address : formatIPv6(parseIPv6(address));
}
