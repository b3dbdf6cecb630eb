/**
 * keepalived's health-check dump (/tmp/keepalived_check.data, written on SIGUSR1). Lines of
 * interest, in "LVS Topology" and "Health checkers" sections:
 *   VS VIP = 10.5.0.100, VPORT = 80      (or VS FWMARK = 7)
 *   protocol = TCP
 *   RIP = 10.5.0.21, RPORT = 80, WEIGHT = 1 EFF WEIGHT = 1
 *   Inhibit on failure is ON             (inside a real server)
 *   alive = 0 | 1, num failed checkers = N
 *   [10.5.0.100]:tcp:80 -> [10.5.0.21]:tcp:80   then   Keepalive method = TCP_CHECK
 */
import type { CheckedServer } from './types.js';

const bracket = (address: string): string => (address.includes(':') ? `[${address}]` : address);

interface VirtualServer {
  vip?: string;
  port?: number;
  fwmark?: number;
  protocol: string;
}

const serviceKey = (vs: VirtualServer): string =>
  vs.fwmark !== undefined ? `FWM ${vs.fwmark}` : `${vs.protocol} ${bracket(vs.vip ?? '')}:${vs.port ?? 0}`;

/** The key of a health checker line: the real server as `[rip]:proto:port`, lower case. */
const checkerKey = (rip: string, protocol: string, port: string): string =>
  `[${rip}]:${protocol.toLowerCase()}:${port}`;

/** A real server section's own lines: its state and how a failure is handled. */
function serverDetail(rs: CheckedServer, t: string): void {
  const alive = /^alive = (\d)/.exec(t);
  if (alive) rs.up = alive[1] === '1';
  const failed = /^num failed checkers = (\d+)/.exec(t);
  if (failed) rs.failedCheckers = Number(failed[1]);
  const inhibit = /^Inhibit on failure is (ON|OFF)/.exec(t);
  if (inhibit) rs.inhibitOnFailure = inhibit[1] === 'ON';
}

function newServer(vs: VirtualServer, m: RegExpExecArray): CheckedServer {
  return {
    service: serviceKey(vs),
    server: `${bracket(m[1] as string)}:${m[2]}`,
    up: false,
    weight: Number(m[3]),
    effectiveWeight: Number(m[4]),
    checkers: [],
    failedCheckers: 0,
    inhibitOnFailure: false,
  };
}

/** Real servers with their state, from the "LVS Topology" section. */
function topology(lines: string[]): { servers: CheckedServer[]; keys: string[] } {
  const servers: CheckedServer[] = [];
  const keys: string[] = [];
  let vs: VirtualServer | undefined;
  let rs: CheckedServer | undefined;
  for (const line of lines) {
    const t = line.trim();
    const vip = /^VS VIP = (\S+), VPORT = (\d+)/.exec(t);
    const mark = /^VS FWMARK = (\d+)/.exec(t);
    const rip = /^RIP = (\S+), RPORT = (\d+), WEIGHT = (-?\d+) EFF WEIGHT = (-?\d+)/.exec(t);
    const protocol = /^protocol = (\w+)/.exec(t);
    if (vip || mark) {
      vs = vip
        ? { vip: vip[1], port: Number(vip[2]), protocol: 'TCP' }
        : { fwmark: Number(mark?.[1]), protocol: 'TCP' };
      rs = undefined;
    } else if (vs && !rs && protocol) vs.protocol = protocol[1] as string;
    else if (vs && rip) {
      rs = newServer(vs, rip);
      servers.push(rs);
      keys.push(checkerKey(rip[1] as string, vs.protocol, rip[2] as string));
    } else if (rs) serverDetail(rs, t);
  }
  return { servers, keys };
}

/** Checker methods by the real server they watch, from the "Health checkers" section. */
function checkers(lines: string[]): Map<string, string[]> {
  const byServer = new Map<string, string[]>();
  let current: string | undefined;
  for (const line of lines) {
    const t = line.trim();
    const watched = /-> (\[[^\]]+\]:\w+:\d+)$/.exec(t);
    const method = /^Keepalive method = ([A-Z_]+)/.exec(t);
    if (watched) current = (watched[1] as string).toLowerCase();
    else if (current && method) byServer.set(current, [...(byServer.get(current) ?? []), method[1] as string]);
  }
  return byServer;
}

/** Every real server keepalived checks, with its state and checks. */
export function parseCheckData(text: string): CheckedServer[] {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l.includes('< Health checkers >'));
  const { servers, keys } = topology(start < 0 ? lines : lines.slice(0, start));
  const methods = checkers(start < 0 ? [] : lines.slice(start));
  return servers.map((s, i) => ({ ...s, checkers: methods.get(keys[i] ?? '') ?? [] }));
}
