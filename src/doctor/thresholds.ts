/** Every number the doctor's rules compare against, in one place, each with why it is that value. */
export const THRESHOLDS = {
  /**
   * Connections (active + inactive, over the servers with weight) below which a spread says
   * nothing about the scheduler: with 100, a server's share is known to within a few percent.
   */
  spreadMinConnections: 100,
  /**
   * A server's share of connections this many times above or below its weight's share is
   * "far": wlc balances active*256 + inactive, so shares of all connections drift by tens
   * of percent in health, but not by half.
   */
  spreadFactor: 2,
  /**
   * SYN_RECV entries on a service: a healthy one holds a few (each lasts one round trip),
   * a dead or unreachable server holds every SYN for the 60 s SYN_RECV timeout.
   */
  synRecvPileup: 20,
  /** ...and as a share of the service's connections, so a busy healthy service is not flagged. */
  synRecvShare: 0.1,
  /** SYN_RECV entries on a server with no ESTABLISHED one: one or two are a client that gave up. */
  synRecvOnlyMin: 5,
  /**
   * Connection attempts turned away a second (TCP resets sent, UDP to no port) that make an empty
   * IPVS table a finding: a host sends a few resets of its own (an aborted download, a stray scan),
   * while a VIP's clients turned away come at the service's rate (the lab's, 29 a second).
   */
  refusedPerSecWithEmptyTable: 2,
  /** IPVS kernel messages this recent are a warning; older ones stay as information. */
  kernelLogRecentMs: 60 * 60 * 1000,
  /** Kernels before 5.9 delay a SYN on a reused port by 1 s with conn_reuse_mode=1 and conntrack=1. */
  connReuseFixedIn: [5, 9],
  /** tcp_tw_recycle broke clients behind NAT until Linux 4.12 removed it. */
  twRecycleRemovedIn: [4, 12],
} as const;
