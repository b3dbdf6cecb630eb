/** `ipvstop exporter`'s flags, named as exporter-toolkit names them (--web.*), and their checks. */

import { isIP } from 'node:net';
import { type Command, InvalidArgumentError } from 'commander';
import { COLLECT_GROUPS, type CollectGroup, OFF_BY_DEFAULT } from '../output/metrics/ipvsMetrics.js';

/**
 * The default port. The Prometheus wiki's "Default port allocations" gave 9100-9999 to exporters until that
 * range was full; 9100 is node_exporter, 9650 and 9165 keepalived exporters. See docs/prometheus.md.
 */
export const EXPORTER_PORT = 10085;
export const DEFAULT_TELEMETRY_PATH = '/metrics';

export interface ListenAddress {
  /** undefined: every address (IPv6 and IPv4). */
  host?: string;
  port: number;
}

export interface ExporterFlags {
  listen: ListenAddress;
  telemetryPath: string;
  webConfigFile?: string;
  collect: CollectGroup[];
  /** --max-series: at most this many series of the groups; undefined: no cap. */
  maxSeries?: number;
}

/** --max-series: a whole number of series, 1 or more. */
export function parseMaxSeries(text: string): number {
  const n = Number(text);
  if (!/^\d{1,9}$/.test(text.trim()) || n < 1)
    throw new InvalidArgumentError('must be a whole number of series, 1 or more');
  return n;
}

/** What each group's series are, for --help and the man page. */
const GROUP_WORDS: Record<CollectGroup, string> = {
  services: 'per-service series',
  backends: 'per-real-server series',
  settings: 'timeouts, net.ipv4.vs.* sysctls and sync daemons',
  ha: 'VRRP states, VIPs and health checks',
  doctor: "doctor's finding counts",
  'conn-states': 'connection entries by state',
};

/** How commander names an option's value: `collect.conn-states` as `collect.connStates`. */
const optionKey = (group: CollectGroup): string =>
  `collect.${group.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase())}`;

/** `[HOST]:PORT`: `:10085`, `127.0.0.1:10085`, `[::1]:10085`, `localhost:10085`. */
export function parseListenAddress(text: string): ListenAddress {
  const m = /^(?:\[([0-9A-Fa-f:.]+)\]|([A-Za-z0-9.-]*)):(\d{1,5})$/.exec(text.trim());
  const port = Number(m?.[3]);
  if (!m || !(port >= 1 && port <= 65535)) {
    throw new InvalidArgumentError('must be [HOST]:PORT, such as :10085, 127.0.0.1:10085 or [::1]:10085');
  }
  const host = m[1] ?? m[2];
  if (m[1] !== undefined && isIP(m[1]) !== 6) throw new InvalidArgumentError(`not an IPv6 address: [${m[1]}]`);
  if (host && m[1] === undefined && /^[\d.]+$/.test(host) && isIP(host) !== 4) {
    throw new InvalidArgumentError(`not an IPv4 address: ${host}`);
  }
  return host ? { host, port } : { port };
}

/** An absolute path other than `/` (the index page), of plain characters. */
export function parseTelemetryPath(text: string): string {
  if (!/^\/[A-Za-z0-9._~\-/]{1,200}$/.test(text) || text === '/') {
    throw new InvalidArgumentError('must be a path such as /metrics (starting with /, not / alone)');
  }
  return text;
}

/** The command and its options; `run` gets the flags checked. */
export function defineExporterCommand(program: Command, run: (f: ExporterFlags) => Promise<void>): Command {
  const cmd = program
    .command('exporter')
    .description('serve the IPVS table as Prometheus metrics (docs/prometheus.md)')
    .option(
      '--web.listen-address <[host]:port>',
      `address to listen on (default :${EXPORTER_PORT}, every address)`,
      parseListenAddress,
    )
    .option(
      '--web.telemetry-path <path>',
      `path of the metrics (default ${DEFAULT_TELEMETRY_PATH})`,
      parseTelemetryPath,
    )
    .option('--web.config.file <file>', "TLS and basic auth, in exporter-toolkit's web config format")
    .option(
      '--max-series <n>',
      'export at most N series of the groups below, and say what is left out',
      parseMaxSeries,
    );
  for (const group of COLLECT_GROUPS) {
    const off = OFF_BY_DEFAULT.has(group);
    const cost = group === 'conn-states' ? ' (reads the whole connection table at each scrape)' : '';
    cmd.option(`--collect.${group}`, `export the ${GROUP_WORDS[group]}${off ? cost : ' (the default)'}`);
    cmd.option(`--no-collect.${group}`, `leave the ${GROUP_WORDS[group]} out${off ? ' (the default)' : ''}`);
  }
  return cmd.action(async (o: Record<string, unknown>) => {
    await run({
      listen: (o['web.listenAddress'] as ListenAddress | undefined) ?? { port: EXPORTER_PORT },
      telemetryPath: (o['web.telemetryPath'] as string | undefined) ?? DEFAULT_TELEMETRY_PATH,
      ...(typeof o['web.config.file'] === 'string' ? { webConfigFile: o['web.config.file'] } : {}),
      collect: COLLECT_GROUPS.filter((g) => o[optionKey(g)] ?? !OFF_BY_DEFAULT.has(g)),
      ...(typeof o.maxSeries === 'number' ? { maxSeries: o.maxSeries } : {}),
    });
  });
}
