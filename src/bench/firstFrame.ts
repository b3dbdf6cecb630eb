/**
 * The monitor's start-up to its first full frame, natively (`npm run bench`), on a host without IPVS: the
 * monitor's own code (ui/run), loaded the way the program loads it (a dynamic import in one bundle, started
 * like bin/ipvstop), with the kernel replaced by a fixed 100 x 10 table and the terminal by an 80x24 sink.
 * The command line is not in it (bench may not import cli; the --version row times that part).
 * It exits at the first frame that shows a service and the footer; the bench times the whole process.
 */
import { EventEmitter } from 'node:events';
import type { KernelActions } from '../actions/types.js';
import { AF_INET, IPPROTO_TCP } from '../kernel/inet.js';
import type { Destination, Service, ServiceTable, Stats } from '../kernel/ipvs/types.js';
import type { MonitorSources } from '../kernel/sources.js';

const SERVICES = 100;
const DESTS = 10;
/** In the first frame: a service (198.18.0.0/15 is the benchmark range) and the footer's keys. */
const FULL_FRAME = [/198\.18\.0\.1\b/, /\? Help/];

const stats = (n: number): Stats => ({
  connections: BigInt(n),
  inPackets: BigInt(n * 10),
  outPackets: BigInt(n * 9),
  inBytes: BigInt(n * 1000),
  outBytes: BigInt(n * 5000),
  cps: 0,
  inPps: 0,
  outPps: 0,
  inBps: 0,
  outBps: 0,
});
const address = (base: number, i: number): string =>
  `198.${18 + (base >> 16)}.${((base + i) >> 8) & 255}.${(base + i) & 255}`;
const service = (i: number): Service => ({
  af: AF_INET,
  protocol: IPPROTO_TCP,
  address: address(0, i + 1),
  port: 80,
  fwmark: 0,
  scheduler: 'wrr',
  flags: 2,
  timeout: 0,
  netmask: '255.255.255.255',
  peName: '',
  stats: stats(100 + i),
  stats64: true,
});
const dest = (i: number): Destination => ({
  af: AF_INET,
  address: address(1 << 16, i + 1),
  port: 80,
  forward: 'masq',
  connFlags: 0,
  weight: 1,
  upperThreshold: 0,
  lowerThreshold: 0,
  activeConns: 2,
  inactiveConns: 5,
  persistentConns: 0,
  stats: stats(10),
  stats64: true,
});

const table = (): ServiceTable => ({
  takenAt: Date.now(),
  latencyMs: 1,
  info: { versionCode: 66049, version: '1.2.1', connTableSize: 4096 },
  timeouts: { tcp: 900, tcpFin: 120, udp: 300 },
  daemons: [],
  services: Array.from({ length: SERVICES }, (_, i) => service(i)),
});
const sources: MonitorSources = {
  readServices: async () => table(),
  readDests: async () => Array.from({ length: DESTS }, (_, i) => dest(i)),
  readConnTable: async () => ({
    rows: 0,
    states: {},
    templates: {},
    groups: new Map(),
    malformed: 0,
    takenAt: Date.now(),
    durationMs: 0,
  }),
  readNeighbours: async () => [],
  readConnRows: async () => ({ rows: [], matched: 0, malformed: 0 }),
};
const actions: KernelActions = {
  refusal: 'benchmark',
  run: async () => ({ ok: false, message: 'benchmark' }),
  interfaces: async () => [],
  interfaceFor: async () => undefined,
  weightWarnings: () => [],
  serversAt: async () => [],
  savedWeight: async () => undefined,
  localAddresses: async () => [],
};

/** An 80x24 terminal that ends the process once a full frame has been written to it. */
function terminal(): NodeJS.WriteStream {
  let screen = '';
  const out = Object.assign(new EventEmitter(), {
    columns: 80,
    rows: 24,
    isTTY: true,
    writable: true,
    write(s: string): boolean {
      screen += s;
      if (FULL_FRAME.every((p) => p.test(screen))) process.exit(0);
      return true;
    },
  });
  return out as unknown as NodeJS.WriteStream;
}

const keyboard = Object.assign(new EventEmitter(), { isTTY: true, setRawMode: () => {} });

async function firstFrame(): Promise<number> {
  process.env.NODE_ENV ??= 'production';
  const { runMonitor } = await import('../ui/run.js');
  return runMonitor({
    sources,
    actions,
    host: { hostname: 'bench', kernelRelease: 'bench' },
    intervalSec: 1,
    readOnly: true,
    exact: false,
    noColor: false,
    stdout: terminal(),
    stdin: keyboard as unknown as NodeJS.ReadStream,
  });
}

void firstFrame().then((code) => {
  process.stderr.write(`first-frame: the monitor ended (status ${code}) before a full frame\n`);
  process.exit(3);
});
