/**
 * Domain types of the kernel's IPVS tables, in our words. Kernel names and
 * numbers live in constants.ts; these are what the rest of ipvstop sees.
 *
 * Identity (what a service or real server *is*) is kept apart from what
 * changes every poll (stats, connection counts), as cloudflare/ipvs does.
 */

import type { AddressFamily, Protocol } from '../inet.js';

export { type AddressFamily, AF_INET, AF_INET6, type Protocol } from '../inet.js';

/**
 * Counters and kernel rate estimates of a service or real server.
 * Counters are u64 in the kernel (STATS64) and kept exact as bigint;
 * rates are the kernel's ~8 s moving averages, per second.
 */
export interface Stats {
  connections: bigint;
  inPackets: bigint;
  outPackets: bigint;
  inBytes: bigint;
  outBytes: bigint;
  cps: number;
  inPps: number;
  outPps: number;
  inBps: number;
  outBps: number;
}

/** What identifies a virtual service: (af, protocol, address, port) or (af, fwmark). */
export interface ServiceId {
  af: AddressFamily;
  /** 6 TCP, 17 UDP, 132 SCTP; 0 for a fwmark service. */
  protocol: Protocol;
  /** Textual IPv4 or IPv6 address; '0.0.0.0' / '::' for a fwmark service. */
  address: string;
  port: number;
  /** Firewall mark; 0 for an address service. */
  fwmark: number;
}

/** A virtual service as the kernel reports it. */
export interface Service extends ServiceId {
  scheduler: string;
  /** IP_VS_SVC_F_* bits as reported (the internal HASHED bit included). */
  flags: number;
  /** Persistence timeout in seconds (meaningful when persistent). */
  timeout: number;
  /** IPv4: the mask as dotted quad; IPv6: the prefix length as a decimal string. */
  netmask: string;
  /** Persistence engine name ('sip'), or '' when none. */
  peName: string;
  stats: Stats;
  /** True when the kernel sent STATS64 (kernel 4.1+), false when only STATS (u32 packets). */
  stats64: boolean;
}

/** Forwarding methods (IP_VS_CONN_F_* & IP_VS_CONN_F_FWD_MASK). */
export type ForwardMethod = 'masq' | 'local' | 'tunnel' | 'route' | 'bypass';

/** Tunnel encapsulation of a tunnel real server (kernel 5.2+). */
export type TunnelType = 'ipip' | 'gue' | 'gre';

/** A real server ("destination") of a service. */
export interface Destination {
  /** Family of the real server address; may differ from the service's (kernel 3.18+). */
  af: AddressFamily;
  address: string;
  port: number;
  forward: ForwardMethod;
  /** Raw conn flags as the kernel reports them (forward method in the low bits). */
  connFlags: number;
  weight: number;
  upperThreshold: number;
  lowerThreshold: number;
  activeConns: number;
  inactiveConns: number;
  persistentConns: number;
  stats: Stats;
  stats64: boolean;
  /** Present for tunnel servers on kernels that report it. */
  tunnelType?: TunnelType;
  tunnelPort?: number;
  /** IP_VS_TUNNEL_ENCAP_FLAG_* bits. */
  tunnelFlags?: number;
}

/** GET_INFO: IPVS version and connection hash table size. */
export interface IpvsInfo {
  /** Raw version code, e.g. 0x010201. */
  versionCode: number;
  /** Dotted version, e.g. '1.2.1'. */
  version: string;
  connTableSize: number;
}

/** GET_CONFIG: connection timeouts in seconds. */
export interface Timeouts {
  tcp: number;
  tcpFin: number;
  udp: number;
}

/** A running sync daemon (GET_DAEMON). */
export interface SyncDaemon {
  state: 'master' | 'backup';
  mcastInterface: string;
  syncId: number;
  /** Optional attributes (kernel 4.3+). */
  syncMaxLen?: number;
  mcastGroup?: string;
  mcastPort?: number;
  mcastTtl?: number;
}

/** A service together with its real servers, as one poll saw them. */
export interface ServiceWithDests {
  service: Service;
  dests: Destination[];
}

/** One service dump and the small global reads that go with it (real servers are read apart). */
export interface ServiceTable {
  /** Date.now() when the read started. */
  takenAt: number;
  /** How long the netlink reads took, in ms. */
  latencyMs: number;
  info: IpvsInfo;
  timeouts: Timeouts;
  daemons: SyncDaemon[];
  services: Service[];
}

/** One consistent read of the IPVS tables. */
export interface IpvsSnapshot {
  /** Date.now() when the poll started. */
  takenAt: number;
  /** How long the netlink reads took, in ms. */
  latencyMs: number;
  info: IpvsInfo;
  timeouts: Timeouts;
  daemons: SyncDaemon[];
  services: ServiceWithDests[];
}
