import type { Destination, IpvsSnapshot, Service, ServiceWithDests, Stats } from '../../src/kernel/ipvs/types.js';

export const stats = (over: Partial<Stats> = {}): Stats => ({
  connections: 0n,
  inPackets: 0n,
  outPackets: 0n,
  inBytes: 0n,
  outBytes: 0n,
  cps: 0,
  inPps: 0,
  outPps: 0,
  inBps: 0,
  outBps: 0,
  ...over,
});

export const service = (over: Partial<Service>): Service => ({
  af: 2,
  protocol: 6,
  address: '192.0.2.1',
  port: 80,
  fwmark: 0,
  scheduler: 'rr',
  flags: 0x2,
  timeout: 0,
  netmask: '255.255.255.255',
  peName: '',
  stats: stats(),
  stats64: true,
  ...over,
});

export const dest = (over: Partial<Destination>): Destination => ({
  af: 2,
  address: '198.51.100.11',
  port: 80,
  forward: 'masq',
  connFlags: 0,
  weight: 1,
  upperThreshold: 0,
  lowerThreshold: 0,
  activeConns: 3,
  inactiveConns: 4,
  persistentConns: 0,
  stats: stats(),
  stats64: true,
  ...over,
});

/** One whole read of the table (kernel IPVS 1.2.1, default timeouts, no sync daemon), `over` on top. */
export const snapshot = (services: ServiceWithDests[], over: Partial<IpvsSnapshot> = {}): IpvsSnapshot => ({
  takenAt: 0,
  latencyMs: 1,
  info: { versionCode: 0x10201, version: '1.2.1', connTableSize: 4096 },
  timeouts: { tcp: 900, tcpFin: 120, udp: 300 },
  daemons: [],
  services,
  ...over,
});
