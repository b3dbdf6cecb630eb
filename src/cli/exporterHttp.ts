/**
 * The exporter's HTTP side, minimal and hardened: GET and HEAD only (405), `/` and the telemetry path only
 * (404), basic auth from the web config (401), headers bounded (node answers 431 past maxHeaderSize) and
 * slow clients cut off (headersTimeout, requestTimeout). Nothing of a request is read but its method, path,
 * Accept, Accept-Encoding, Authorization and X-Prometheus-Scrape-Timeout-Seconds headers; a body is never read.
 */
import { readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import { pipeline, type Writable } from 'node:stream';
import { createGzip } from 'node:zlib';
import Negotiator from 'negotiator';
import { fsReason } from '../kernel/fs/fsReason.js';
import { CONTENT_TYPES, exposition, type MetricFamily, negotiateFormat } from '../output/metrics/exposition.js';
import { PIECE_BYTES, sent } from '../output/metrics/expositionWriter.js';
import { authorized, type TlsFiles, type WebConfig } from './webConfig.js';

export interface HttpOptions {
  telemetryPath: string;
  /** One scrape; `timeoutHeader`: the scraper's X-Prometheus-Scrape-Timeout-Seconds, as sent (readDeadlineMs). */
  scrape(timeoutHeader: string | string[] | undefined): Promise<MetricFamily[]>;
  /** The web config now (re-read as it changes), or why it is unusable. */
  webConfig(): WebConfig | Error;
  log(line: string): void;
  /** Shorter timeouts, for tests. */
  limits?: Partial<typeof LIMITS>;
}

/**
 * Request line and headers at most 8 KiB (Prometheus sends well under 1 KiB); a client has 10 s to send its
 * headers and 15 s for the whole request (node checks both every connectionsCheckingInterval); an idle
 * keep-alive connection is closed after 5 s.
 */
export const LIMITS = {
  maxHeaderSize: 8 * 1024,
  headersTimeout: 10_000,
  requestTimeout: 15_000,
  keepAliveTimeout: 5_000,
  connectionsCheckingInterval: 1_000,
};

function indexPage(path: string): string {
  return `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>ipvstop exporter</title></head>
<body><h1>ipvstop exporter</h1><p>The Linux IPVS table as Prometheus metrics: <a href="${path}">${path}</a></p></body></html>
`;
}

function send(res: ServerResponse, status: number, type: string, body: string, extra: Record<string, string> = {}) {
  res.writeHead(status, {
    'Content-Type': type,
    'Content-Length': Buffer.byteLength(body),
    'X-Content-Type-Options': 'nosniff',
    ...extra,
  });
  res.end(body);
}

const plain = 'text/plain; charset=utf-8';

export function requestHandler(o: HttpOptions) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const config = o.webConfig();
    if (config instanceof Error) return send(res, 500, plain, 'Internal Server Error\n');
    for (const [name, value] of Object.entries(config.headers)) res.setHeader(name, value);
    if (!(await authorized(config.users, req.headers.authorization))) {
      return send(res, 401, plain, 'Unauthorized\n', { 'WWW-Authenticate': 'Basic realm="ipvstop"' });
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return send(res, 405, plain, 'Method Not Allowed\n', { Allow: 'GET, HEAD' });
    }
    const path = (req.url ?? '').split('?')[0];
    if (path === '/') return send(res, 200, 'text/html; charset=utf-8', indexPage(o.telemetryPath));
    if (path !== o.telemetryPath) return send(res, 404, plain, 'Not Found\n');
    const format = negotiateFormat(req.headers.accept);
    const gzip = new Negotiator(req).encoding(['gzip', 'identity']) === 'gzip';
    const families = await o.scrape(req.headers['x-prometheus-scrape-timeout-seconds']);
    // Chunked, without Content-Length: the text is written as it is made (exposition()), never whole.
    res.writeHead(200, {
      'Content-Type': CONTENT_TYPES[format],
      'X-Content-Type-Options': 'nosniff',
      Vary: 'Accept-Encoding',
      ...(gzip ? { 'Content-Encoding': 'gzip' } : {}),
    });
    if (req.method === 'HEAD') return void res.end();
    await writeAll(gzip ? gzipInto(res) : res, exposition(families, format));
  };
}

/**
 * A gzip stream into the response, for a scraper that accepts it (Prometheus does, by default). The text's
 * labels repeat from line to line: at 1,000 x 10 the 25.7 MB of the services' and real servers' series
 * became 0.97 MB at level 1, for 35-55 ms of CPU natively (level 6: 146 ms, 0.86 MB). Output chunks of a
 * piece's size, not zlib's 16 KiB: each chunk is a trip to the thread pool and back, and in the lab that
 * took 200-220 ms of CPU against 270-290. A client that goes destroys the gzip stream too (pipeline), which
 * ends the writes.
 */
function gzipInto(res: ServerResponse): Writable {
  const gzip = createGzip({ level: 1, chunkSize: PIECE_BYTES });
  pipeline(gzip, res, () => {});
  return gzip;
}

/**
 * Writes the pieces, waiting for the socket (or gzip) to drain when its buffer is full; stops if the client
 * goes. A piece is given back to be filled again once the socket, or gzip, has taken it (the write's
 * callback: gzip calls it once it has compressed the piece).
 */
async function writeAll(res: Writable, pieces: Iterable<Buffer>): Promise<void> {
  for (const piece of pieces) {
    if (res.destroyed) return;
    if (!res.write(piece, (error) => (error ? undefined : sent(piece))))
      await new Promise<void>((r) => {
        const done = () => {
          res.off('drain', done).off('close', done);
          r();
        };
        res.on('drain', done).on('close', done);
      });
  }
  res.end();
}

/** One of the TLS files, or an error that names its key and path ("cert_file /x.crt: no such file or directory"). */
function tlsFile(key: string, path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (e) {
    throw new Error(`tls_server_config.${key} ${path}: ${fsReason(e)}`);
  }
}

function tlsOptions(t: TlsFiles) {
  return {
    cert: tlsFile('cert_file', t.certFile),
    key: tlsFile('key_file', t.keyFile),
    ...(t.clientCaFile
      ? { ca: tlsFile('client_ca_file', t.clientCaFile), requestCert: true, rejectUnauthorized: true }
      : {}),
    ...(t.minVersion ? { minVersion: t.minVersion } : {}),
    ...(t.maxVersion ? { maxVersion: t.maxVersion } : {}),
  };
}

/** What says the TLS files changed: their names and modification times. */
function tlsFilesStamp(t: TlsFiles): string {
  const mtime = (f: string | undefined) => {
    try {
      return f === undefined ? '' : String(statSync(f).mtimeMs);
    } catch {
      return 'gone';
    }
  };
  return JSON.stringify([t, mtime(t.certFile), mtime(t.keyFile), mtime(t.clientCaFile)]);
}

/**
 * The server, plain or TLS as the web config says at start. The certificate and key are read again when the
 * config's TLS part or the files change (checked per request, as the config is), for the handshakes after.
 */
export function exporterServer(o: HttpOptions, tls: TlsFiles | undefined): Server {
  const limits = { ...LIMITS, ...o.limits };
  const handle = requestHandler(o);
  let tlsStamp = tls && tlsFilesStamp(tls);
  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    const now = o.webConfig();
    if (tls && !(now instanceof Error) && now.tls && tlsFilesStamp(now.tls) !== tlsStamp) {
      tlsStamp = tlsFilesStamp(now.tls);
      try {
        (server as ReturnType<typeof createTlsServer>).setSecureContext(tlsOptions(now.tls));
        o.log('TLS certificate and key read again');
      } catch (e) {
        o.log(`TLS files not read again, the old ones stay: ${(e as Error).message.split('\n')[0]}`);
      }
    }
    handle(req, res).catch((e: unknown) => {
      o.log(`request failed: ${(e as Error).message.split('\n')[0]}`);
      if (!res.headersSent) send(res, 500, plain, 'Internal Server Error\n');
      else res.destroy();
    });
  };
  const server = tls ? createTlsServer({ ...limits, ...tlsOptions(tls) }, onRequest) : createServer(limits, onRequest);
  server.maxHeadersCount = 64;
  server.maxConnections = 256;
  return server;
}

/** Listens; a refusal (address in use, not here, no rights) rejects with one line. */
export function listen(server: Server, host: string | undefined, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (e: NodeJS.ErrnoException) => {
      const where = host?.includes(':') ? `[${host}]:${port}` : `${host ?? ''}:${port}`;
      const why: Record<string, string> = {
        EADDRINUSE: 'the address is in use',
        EADDRNOTAVAIL: 'no such local address',
        EACCES: 'not allowed',
        ENOTFOUND: 'no such host',
      };
      reject(new Error(`cannot listen on ${where}: ${why[e.code ?? ''] ?? e.message} (${e.code ?? 'error'})`));
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
}
