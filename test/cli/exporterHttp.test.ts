/** The exporter's HTTP side on 127.0.0.1 with a fake table: methods, paths, limits, basic auth, TLS. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { request as httpRequest, type IncomingHttpHeaders, type Server } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import bcrypt from 'bcryptjs';
import { afterEach, describe, expect, it } from 'vitest';
import { exporterServer, type HttpOptions, listen } from '../../src/cli/exporterHttp.js';
import { parseWebConfig, type WebConfig } from '../../src/cli/webConfig.js';
import { exposition, formatExposition, type MetricFamily } from '../../src/output/metrics/exposition.js';

const FAMILIES: MetricFamily[] = [{ name: 'ipvs_up', type: 'gauge', help: 'up', samples: [{ labels: {}, value: 1 }] }];
const NO_CONFIG: WebConfig = { users: new Map(), headers: {} };

let servers: Server[] = [];
afterEach(async () => {
  for (const s of servers) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
  servers = [];
});

async function start(over: Partial<HttpOptions> = {}, config: WebConfig = NO_CONFIG): Promise<number> {
  const server = exporterServer(
    { telemetryPath: '/metrics', scrape: async () => FAMILIES, webConfig: () => config, log: () => {}, ...over },
    config.tls,
  );
  servers.push(server);
  await listen(server, '127.0.0.1', 0);
  return (server.address() as AddressInfo).port;
}

interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
  /** The body's bytes as sent (gzip's, when the reply is compressed). */
  raw: Buffer;
}

interface GetOptions {
  method?: string;
  headers?: Record<string, string>;
  tls?: boolean;
  /** Reads nothing of the body for this long: the server's writes wait on the socket meanwhile. */
  pauseMs?: number;
}

function get(port: number, path: string, o: GetOptions = {}) {
  return new Promise<Reply>((resolve, reject) => {
    const req = (o.tls ? httpsRequest : httpRequest)(
      { host: '127.0.0.1', port, path, method: o.method ?? 'GET', headers: o.headers, rejectUnauthorized: false },
      (res) => {
        const pieces: Buffer[] = [];
        res.on('data', (b: Buffer) => pieces.push(b));
        res.on('end', () => {
          const raw = Buffer.concat(pieces);
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: raw.toString('utf8'), raw });
        });
        if (o.pauseMs) {
          res.pause();
          setTimeout(() => res.resume(), o.pauseMs);
        }
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** One family of `series` counters with big values, about 70 bytes of text each. */
const bigScrape = (series: number): MetricFamily[] => [
  {
    name: 'ipvs_backend_bytes',
    type: 'counter',
    help: 'bytes',
    samples: Array.from({ length: series }, (_, i) => ({
      labels: { backend: `10.0.${i >> 8}.${i & 255}` },
      value: BigInt(i) * 1_000_000_007n,
    })),
  },
];

const basic = (user: string, password: string) => ({
  Authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`,
});

describe('methods and paths', () => {
  it('serves the metrics on GET, headers alone on HEAD', async () => {
    const port = await start();
    const r = await get(port, '/metrics?x=1');
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(r.body).toBe('# HELP ipvs_up up\n# TYPE ipvs_up gauge\nipvs_up 1\n');
    const head = await get(port, '/metrics', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
    expect(head.headers['content-type']).toBe(r.headers['content-type']);
  });

  it('streams a large scrape in pieces (chunked), whole and in order, the same as the text made at once', async () => {
    const big = bigScrape(50_000);
    const port = await start({ scrape: async () => big });
    const r = await get(port, '/metrics');
    expect(r.headers['transfer-encoding']).toBe('chunked');
    expect(r.headers['content-length']).toBeUndefined();
    expect(r.body).toBe(formatExposition(big, 'text'));
    expect([...exposition(big, 'text')].length).toBeGreaterThan(10);
    expect(r.body.split('\n')).toHaveLength(50_000 + 3);
  });

  it('fills a piece again only once the socket has sent it: slow scrapes side by side get their text whole', async () => {
    // 12 MB: more than loopback's socket buffers hold, so writes wait while the clients read nothing.
    const big = bigScrape(160_000);
    const port = await start({ scrape: async () => big });
    const want = formatExposition(big, 'text');
    const slow = () => get(port, '/metrics', { pauseMs: 300 });
    const replies = await Promise.all([slow(), slow(), get(port, '/metrics')]);
    for (const r of replies) expect(r.body === want).toBe(true);
    // 36 MB sent and compared: 4-5 s on an idle core, 5.4 s beside two lab guests in one CI run.
  }, 30_000);

  it('compresses with gzip when the scraper accepts it, as Prometheus does, and only then', async () => {
    const big = bigScrape(50_000);
    const port = await start({ scrape: async () => big });
    const want = formatExposition(big, 'text');
    // Prometheus's header; two slow readers beside a fast one, so that pieces wait on gzip and the socket.
    const gz = { 'Accept-Encoding': 'gzip' };
    const slow = () => get(port, '/metrics', { headers: gz, pauseMs: 300 });
    const replies = await Promise.all([slow(), slow(), get(port, '/metrics', { headers: gz })]);
    for (const r of replies) {
      expect(r.headers['content-encoding']).toBe('gzip');
      expect(r.headers.vary).toBe('Accept-Encoding');
      expect(gunzipSync(r.raw).toString('utf8') === want).toBe(true);
      expect(r.raw.length).toBeLessThan(want.length / 4); // 7x for these values, each different
    }
    for (const refused of ['gzip;q=0', 'br', 'identity', '']) {
      const r = await get(port, '/metrics', { headers: { 'Accept-Encoding': refused } });
      expect(r.headers['content-encoding']).toBeUndefined();
      expect(r.body === want).toBe(true);
    }
    const head = await get(port, '/metrics', { method: 'HEAD', headers: { 'Accept-Encoding': 'deflate, gzip;q=0.9' } });
    expect(head.headers['content-encoding']).toBe('gzip');
    expect(head.raw.length).toBe(0);
  }, 30_000);

  it("hands the scrape the scraper's timeout header, as sent", async () => {
    const seen: (string | string[] | undefined)[] = [];
    const port = await start({
      scrape: async (timeout) => {
        seen.push(timeout);
        return [];
      },
    });
    await get(port, '/metrics', { headers: { 'X-Prometheus-Scrape-Timeout-Seconds': '30' } });
    await get(port, '/metrics');
    expect(seen).toEqual(['30', undefined]);
  });

  it('answers OpenMetrics when the Accept header asks for it', async () => {
    const port = await start();
    const r = await get(port, '/metrics', {
      headers: { Accept: 'application/openmetrics-text;version=1.0.0;q=0.5,text/plain;version=0.0.4;q=0.4' },
    });
    expect(r.headers['content-type']).toBe('application/openmetrics-text; version=1.0.0; charset=utf-8');
    expect(r.body.endsWith('# EOF\n')).toBe(true);
  });

  it('links the metrics from an index page at /', async () => {
    const port = await start({ telemetryPath: '/ipvs/metrics' });
    const r = await get(port, '/');
    expect(r.status).toBe(200);
    expect(r.body).toContain('<a href="/ipvs/metrics">');
    expect((await get(port, '/metrics')).status).toBe(404);
    expect((await get(port, '/ipvs/metrics')).status).toBe(200);
  });

  it.each(['POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH'])('refuses %s with 405 and says what is allowed', async (m) => {
    const port = await start();
    const r = await get(port, '/metrics', { method: m });
    expect(r.status).toBe(405);
    expect(r.headers.allow).toBe('GET, HEAD');
  });

  it.each(['/metrics/', '/favicon.ico', '/../etc/passwd', '//metrics', '/index.html'])('answers %s 404', async (p) => {
    const port = await start();
    expect((await get(port, p)).status).toBe(404);
  });
});

describe('limits', () => {
  it('refuses headers past 8 KiB (431), and serves the next request', async () => {
    const port = await start();
    expect((await get(port, '/metrics', { headers: { 'X-Big': 'a'.repeat(9000) } })).status).toBe(431);
    expect((await get(port, '/metrics')).status).toBe(200);
  });

  it('closes a connection whose headers never finish', async () => {
    const port = await start({
      limits: { headersTimeout: 300, requestTimeout: 400, connectionsCheckingInterval: 100 },
    });
    const socket = connect(port, '127.0.0.1');
    socket.write('GET /metrics HTTP/1.1\r\nHost: x\r\n'); // and nothing more
    let answer = '';
    socket.on('data', (b) => {
      answer += b;
    });
    const started = Date.now();
    await new Promise((r) => socket.on('close', r));
    expect(Date.now() - started).toBeLessThan(3000);
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
  });

  it('says in one line that the port is in use', async () => {
    const port = await start();
    const second = exporterServer(
      { telemetryPath: '/metrics', scrape: async () => FAMILIES, webConfig: () => NO_CONFIG, log: () => {} },
      undefined,
    );
    await expect(listen(second, '127.0.0.1', port)).rejects.toThrow(
      `cannot listen on 127.0.0.1:${port}: the address is in use (EADDRINUSE)`,
    );
  });
});

describe('basic auth', () => {
  const hash = bcrypt.hashSync('s3cret', 10);
  const config = parseWebConfig(`basic_auth_users:\n  prom: ${hash}\n  other: ${hash}\n`, '/');

  // Each bcrypt comparison takes 0.2 s on an idle core: these tests get the time of a loaded CI machine.
  it('lets the right user and password in, and no one else', async () => {
    const port = await start({}, config);
    expect((await get(port, '/metrics', { headers: basic('prom', 's3cret') })).status).toBe(200);
    const none = await get(port, '/metrics');
    expect(none.status).toBe(401);
    expect(none.headers['www-authenticate']).toBe('Basic realm="ipvstop"');
    expect((await get(port, '/metrics', { headers: basic('prom', 'wrong') })).status).toBe(401);
    expect((await get(port, '/metrics', { headers: basic('nobody', 's3cret') })).status).toBe(401);
    expect((await get(port, '/', { headers: basic('prom', 'wrong') })).status).toBe(401);
  }, 30_000);

  it('takes as long for an unknown user as for a known one (a bcrypt comparison either way)', async () => {
    const port = await start({}, config);
    const time = async (user: string, pw: string) => {
      const t = performance.now();
      await get(port, '/metrics', { headers: basic(user, pw) });
      return performance.now() - t;
    };
    // The fastest of three, taken in turn: a busy machine only adds time, so the minimum is each case's
    // own cost (one sample each failed once on CI's loaded machine, 2026-12-07).
    const known: number[] = [];
    const unknown: number[] = [];
    const noHeader: number[] = [];
    for (let round = 0; round < 3; round++) {
      known.push(await time('prom', 'wrong'));
      unknown.push(await time('nobody', 'wrong'));
      noHeader.push(await time('', ''));
    }
    const fastest = (ms: number[]) => Math.min(...ms);
    // A cost-10 bcrypt comparison takes tens of ms in JavaScript; a lookup that stops at the user takes < 1 ms.
    expect(fastest(known)).toBeGreaterThan(10);
    expect(fastest(unknown)).toBeGreaterThan(fastest(known) / 2);
    expect(fastest(noHeader)).toBeGreaterThan(fastest(known) / 2);
  }, 30_000);
});

describe('TLS', () => {
  it('serves HTTPS with the certificate of the web config', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ipvstop-tls-'));
    execFileSync(
      'openssl',
      [
        ...['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '1'],
        ...['-subj', '/CN=127.0.0.1', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')],
      ],
      { stdio: 'ignore' },
    );
    const config = parseWebConfig('tls_server_config:\n  cert_file: cert.pem\n  key_file: key.pem\n', dir);
    const port = await start({}, config);
    const r = await get(port, '/metrics', { tls: true });
    expect(r.status).toBe(200);
    expect(r.body).toContain('ipvs_up 1');
    await expect(get(port, '/metrics')).rejects.toThrow(); // plain HTTP on the TLS port
  });
});
