/**
 * The protocols and state names the kernel prints in /proc/net/ip_vs_conn
 * (ip_vs_proto_name() and the protocols' state name tables): a row naming
 * anything else is not counted but skipped as malformed, so a corrupt line
 * can never become a state.
 */

/** Persistence templates of any protocol (ip_vs_ctpl_state_name_table; older kernels print NONE only). */
const TEMPLATE = ['NONE', 'ASSURED'];

/** tcp_state_name_table. */
const TCP = [
  'NONE',
  'ESTABLISHED',
  'SYN_SENT',
  'SYN_RECV',
  'FIN_WAIT',
  'TIME_WAIT',
  'CLOSE',
  'CLOSE_WAIT',
  'LAST_ACK',
  'LISTEN',
  'SYNACK',
];

/**
 * sctp_state_name_table of current kernels (6.1 prints these; they carry
 * hyphens and a digit), then the older table from before the SCTP state
 * machine was rewritten, whose "ESTABISHED" is the kernel's own spelling.
 */
const SCTP = [
  'NONE',
  'INIT1',
  'INIT',
  'C-SENT',
  'C-REPLIED',
  'C-WAIT',
  'COOKIE',
  'C-ECHOED',
  'ESTABLISHED',
  'S-SENT',
  'S-RECEIVED',
  'S-ACK-SENT',
  'REJECTED',
  'CLOSED',
  'INIT_CLI',
  'INIT_SER',
  'INIT_ACK_CLI',
  'INIT_ACK_SER',
  'COOKIE_ECHO_CLI',
  'COOKIE_ECHO_SER',
  'ESTABISHED',
  'SHUTDOWN_CLI',
  'SHUTDOWN_SER',
  'SHUTDOWN_ACK_CLI',
  'SHUTDOWN_ACK_SER',
];

/**
 * By protocol name. UDP has one state, printed "UDP". IP (a fwmark
 * template), ICMP and ICMPv6 have no state table: the kernel prints "NONE"
 * for IP and a template's name, else "ERR!", which like "BUG!" and "?" (a
 * state out of its table) marks a kernel bug, not a connection state.
 */
const BY_PROTOCOL: ReadonlyMap<string, ReadonlySet<string>> = new Map([
  ['TCP', new Set([...TCP, ...TEMPLATE])],
  ['UDP', new Set(['UDP', ...TEMPLATE])],
  ['SCTP', new Set([...SCTP, ...TEMPLATE])],
  ['IP', new Set(TEMPLATE)],
  ['ICMP', new Set(TEMPLATE)],
  ['ICMPv6', new Set(TEMPLATE)],
]);

/** Every state name of any protocol. */
export const KNOWN_STATES: ReadonlySet<string> = new Set([...BY_PROTOCOL.values()].flatMap((s) => [...s]));

/** The longest known state name ("SHUTDOWN_ACK_CLI"): a longer field is not looked up. */
export const MAX_STATE_LENGTH = Math.max(...[...KNOWN_STATES].map((s) => s.length));

export function isKnownProtocol(protocol: string): boolean {
  return BY_PROTOCOL.has(protocol);
}

/** Whether the kernel prints `state` for a row of `protocol`. */
export function isStateOf(protocol: string, state: string): boolean {
  return BY_PROTOCOL.get(protocol)?.has(state) === true;
}
