/**
 * Types of /proc/net/ip_vs_conn, the kernel's connection table (netlink has
 * no connection dump).
 */
import type { AddressFamily } from '../ipvs/types.js';

/** One row of /proc/net/ip_vs_conn, addresses as text. */
export interface ConnRow {
  /** 'TCP' | 'UDP' | 'SCTP' | 'ICMP' | 'ICMPv6' | 'IP' (IP: fwmark template). */
  protocol: string;
  /** Family of the client and virtual addresses (the entry's). */
  af: AddressFamily;
  clientAddress: string;
  clientPort: number;
  /** The virtual address; for a fwmark template the fwmark in decimal. */
  virtualAddress: string;
  virtualPort: number;
  /** The virtual address field read as an address even for a template (what ipvsadm -Lcn prints). */
  virtualAddressAsIp: string;
  /** Family of the real server's address; may differ from the entry's (kernel 3.18+). */
  destAf: AddressFamily;
  destAddress: string;
  destPort: number;
  /** State name exactly as the kernel prints it (ESTABLISHED, NONE, ASSURED, UDP, ...). */
  state: string;
  /** Seconds until the entry expires. */
  expires: number;
  /** Persistence engine name and data, '' when absent. */
  peName: string;
  peData: string;
  /** Persistence template (client port 0, state NONE or ASSURED), not a connection. */
  template: boolean;
}

/** state name -> count */
export type StateCounts = Record<string, number>;

/**
 * Counts for one (protocol, virtual address, virtual port, destination
 * address, destination port) — the finest grain the model attributes to
 * services and real servers.
 */
export interface ConnGroup {
  protocol: string;
  /** Family of the entries (of their virtual address; a fwmark template's too). */
  af: AddressFamily;
  virtualAddress: string;
  virtualPort: number;
  destAddress: string;
  destPort: number;
  /** Connections by state (templates excluded). */
  states: StateCounts;
  /** Persistence templates by state (NONE / ASSURED). */
  templates: StateCounts;
  /** The longest time left (seconds) before one of its entries expires. */
  maxExpires: number;
}

/**
 * Why a read of the table stopped before its end: it took longer than its
 * deadline, the file was larger than a table can be, or it held more groups
 * than a count holds. Its counts are then partial.
 */
export type ReadCutShort = 'time' | 'size' | 'groups';

/** Summary of a whole read of the connection table, held in O(groups) memory. */
export interface ConnTableSummary {
  /** Rows read (connections + templates). */
  rows: number;
  /** Connections by state over the whole table (templates excluded). */
  states: StateCounts;
  /** Templates by state over the whole table. */
  templates: StateCounts;
  /** Keyed by connGroupKey(). */
  groups: Map<string, ConnGroup>;
  /** Lines that were not table rows (skipped, never fatal). */
  malformed: number;
  /** Set when the read stopped early: the counts are of part of the table. */
  truncated?: ReadCutShort;
  /** Date.now() at the start of the read and its duration in ms. */
  takenAt: number;
  durationMs: number;
  /**
   * /proc/sys/net/ipv4/vs/expire_quiescent_template as read with the table (the monitor only; absent
   * when not read): at 0 the kernel keeps sending clients a template pins to a weight-0 server.
   */
  expireQuiescentTemplate?: number;
}
