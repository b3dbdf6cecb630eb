/**
 * `ipvstop exporter`: the IPVS table as Prometheus metrics over HTTP(S) (docs/prometheus.md). Runs until
 * SIGTERM or SIGINT (exit 0). A bad web config is refused at start (exit 2), an address it cannot listen on
 * too (exit 1); IPVS absent or unreadable is no reason to stop: the metrics then say `ipvs_up 0`.
 */
import { errorLine } from '../errors.js';
import { UsageError } from './errors.js';
import type { ExporterFlags } from './exporterArgs.js';
import { exporterServer, listen } from './exporterHttp.js';
import { KernelReader } from './exporterRead.js';
import { readDeadlineMs, Scraper } from './exporterScrape.js';
import type { Io } from './program.js';
import { loadWebConfig, type WebConfig, WebConfigSource } from './webConfig.js';

/**
 * A scrape whose scraper does not say its timeout waits this long for the table: 80% of Prometheus's own
 * default scrape_timeout (10 s), as readDeadlineMs gives for a scraper that says 10 s.
 */
export const SCRAPE_DEADLINE_MS = 8_000;
export async function exporterCommand(f: ExporterFlags, io: Io): Promise<number> {
  const log = (line: string) => io.stderr.write(`ipvstop exporter: ${line}\n`);
  const first: WebConfig = f.webConfigFile ? loadWebConfig(f.webConfigFile) : { users: new Map(), headers: {} };
  const source = f.webConfigFile ? new WebConfigSource(f.webConfigFile, first) : undefined;
  const groups = new Set(f.collect);
  const table = new KernelReader(groups);
  const scraper = new Scraper(table, {
    groups,
    ...(f.maxSeries === undefined ? {} : { maxSeries: f.maxSeries }),
    deadlineMs: SCRAPE_DEADLINE_MS,
    version: process.env.npm_package_version ?? '0.1.0',
    log,
  });
  const options = {
    telemetryPath: f.telemetryPath,
    scrape: (timeoutHeader: string | string[] | undefined) =>
      scraper.scrape(readDeadlineMs(timeoutHeader, SCRAPE_DEADLINE_MS)),
    webConfig: () => source?.current(log) ?? first,
    log,
  };
  let server: ReturnType<typeof exporterServer>;
  try {
    server = exporterServer(options, first.tls);
  } catch (e) {
    // TLS files that cannot be read, or a certificate and key that do not make a TLS context: the file is bad.
    await table.close();
    const line = errorLine(e);
    const why = line.startsWith('tls_server_config.')
      ? line
      : `tls_server_config: not a certificate and its key: ${line}`;
    throw new UsageError(`web config ${f.webConfigFile}: ${why}`);
  }
  try {
    await listen(server, f.listen.host, f.listen.port);
  } catch (e) {
    await table.close();
    throw e;
  }
  const where = `${first.tls ? 'https' : 'http'}://${f.listen.host?.includes(':') ? `[${f.listen.host}]` : (f.listen.host ?? '')}:${f.listen.port}${f.telemetryPath}`;
  log(`serving ${where}${first.users.size ? ' (basic auth)' : ''}`);
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGTERM', stop);
      process.off('SIGINT', stop);
      server.close(() => resolve());
      server.closeAllConnections();
    };
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  });
  await table.close();
  return 0;
}
