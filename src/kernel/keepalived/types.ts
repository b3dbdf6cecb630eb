/** What keepalived says about itself, as read from its dump files (see vrrpJson.ts, checkData.ts). */

export type VrrpState = 'INIT' | 'BACKUP' | 'MASTER' | 'FAULT';

/** One VRRP instance from keepalived's JSON dump. */
export interface VrrpInstance {
  name: string;
  state: VrrpState;
  /** The state keepalived is moving to (equal to `state` when settled). */
  wantState: VrrpState;
  vrid: number;
  interface: string;
  priority: number;
  effectivePriority: number;
  /** Addresses with their prefix length, as configured: "10.5.0.100/24". */
  vips: string[];
  /** Epoch milliseconds of the last state change; null when keepalived has none. */
  lastTransition: number | null;
  advertsReceived: number;
  advertsSent: number;
  becameMaster: number;
  releasedMaster: number;
}

/** One real server as keepalived's health checker sees it. */
export interface CheckedServer {
  /** `TCP 10.5.0.100:80`, `FWM 7`: the service key ipvsadm prints. */
  service: string;
  /** `10.5.0.21:80` (IPv6 in brackets). */
  server: string;
  up: boolean;
  /** The weight keepalived configured and the one it means the kernel to have now. */
  weight: number;
  effectiveWeight: number;
  /** The checks that watch this server: TCP_CHECK, HTTP_GET, ... */
  checkers: string[];
  failedCheckers: number;
  /** Whether a failed server stays in IPVS with weight 0 (else keepalived removes it). */
  inhibitOnFailure: boolean;
  /** Seconds between checks, where the daemon says (ldirectord's checkinterval). */
  interval?: number;
}
