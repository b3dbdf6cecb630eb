/**
 * Debian's `prometheus` for lab tests: the exporter's TLS certificate and web config, then a Prometheus that
 * scrapes it every second with a good password (job "ipvstop", the job name of deploy/ and the dashboard) and
 * with a wrong one (job "wrong-password"), and its HTTP API.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import bcrypt from 'bcryptjs';
import { ROOT, sh, shRaw } from './helpers.js';

export const USER = 'prometheus';
const PASSWORD = 'lab-secret';

/**
 * A self-signed certificate for 127.0.0.1 (Prometheus checks the address against the certificate's SAN), and a
 * web config with it and one bcrypt user. Cost 4, bcrypt's least: the exporter compares on every request,
 * twice a second here, and the default cost 10 would take a good part of the guest's one CPU.
 */
export async function writeWebConfig(dir: string): Promise<string> {
  await sh(
    `cd ${dir} && openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 ` +
      `-subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 -keyout tls.key -out tls.crt 2>/dev/null`,
  );
  const file = join(dir, 'web.yml');
  const hash = bcrypt.hashSync(PASSWORD, 4);
  writeFileSync(
    file,
    `tls_server_config:\n  cert_file: tls.crt\n  key_file: tls.key\nbasic_auth_users:\n  ${USER}: '${hash}'\n`,
  );
  return file;
}

function job(name: string, target: string, password: string, dir: string): string {
  return [
    `  - job_name: ${name}`,
    '    scheme: https',
    `    tls_config: { ca_file: ${join(dir, 'tls.crt')} }`,
    `    basic_auth: { username: ${USER}, password: ${password} }`,
    `    static_configs: [{ targets: ['${target}'] }]`,
  ].join('\n');
}

export interface LabPrometheus {
  child: ChildProcess;
  /** Everything it said (shown when it does not answer). */
  log(): string;
  /** `/api/v1/<path>`'s `data`; throws with Prometheus's error when the status is not success. */
  api<T>(path: string, params?: Record<string, string>): Promise<T>;
}

/** Starts Prometheus on `port`, its data in `dir`, scraping `target` every second. */
export function startPrometheus(dir: string, port: number, target: string): LabPrometheus {
  const config = join(dir, 'prometheus.yml');
  writeFileSync(
    config,
    [
      'global: { scrape_interval: 1s, scrape_timeout: 1s, evaluation_interval: 1s }',
      'scrape_configs:',
      job('ipvstop', target, PASSWORD, dir),
      job('wrong-password', target, `${PASSWORD}-not`, dir),
      '',
    ].join('\n'),
  );
  const args = [`--config.file=${config}`, `--storage.tsdb.path=${join(dir, 'data')}`];
  args.push(`--web.listen-address=127.0.0.1:${port}`, '--log.level=warn');
  const child = spawn('prometheus', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let said = '';
  child.stderr?.on('data', (b) => {
    said = (said + b).slice(-4000);
  });
  const api = async <T>(path: string, params: Record<string, string> = {}): Promise<T> => {
    const r = await fetch(`http://127.0.0.1:${port}/api/v1/${path}?${new URLSearchParams(params)}`);
    const body = (await r.json()) as { status: string; data: T; error?: string };
    if (body.status !== 'success') throw new Error(`prometheus ${path} ${JSON.stringify(params)}: ${body.error}`);
    return body.data;
  };
  return { child, log: () => said, api };
}

export interface Target {
  labels: Record<string, string>;
  health: 'up' | 'down' | 'unknown';
  lastError: string;
}

export const activeTargets = async (p: LabPrometheus): Promise<Target[]> =>
  (await p.api<{ activeTargets: Target[] }>('targets', { state: 'active' })).activeTargets;

export interface VectorSample {
  metric: Record<string, string>;
  value: [number, string];
}

/** An instant query's vector (at `time`, in seconds since the epoch, or now). */
export async function instant(p: LabPrometheus, query: string, time?: number): Promise<VectorSample[]> {
  const params: Record<string, string> = { query };
  if (time !== undefined) params.time = String(time);
  const data = await p.api<{ resultType: string; result: VectorSample[] }>('query', params);
  if (data.resultType !== 'vector') throw new Error(`${query}: a ${data.resultType}, not a vector`);
  return data.result;
}

/** The kernel's own connection rate over the whole table: /proc/net/ip_vs_stats, its estimator's Conns/s (hex). */
export async function kernelCps(sh: (cmd: string) => Promise<string>): Promise<number> {
  const lines = (await sh('cat /proc/net/ip_vs_stats')).split('\n');
  const at = lines.findIndex((l) => l.includes('Conns/s'));
  return Number.parseInt(lines[at + 1]!.trim().split(/\s+/)[0]!, 16);
}

export interface FiringAlert {
  labels: Record<string, string>;
  state: 'pending' | 'firing';
}

/**
 * Prometheus in network namespace `netns`, scraping `targets` (plain HTTP, job "ipvstop") every 2 s and
 * evaluating deploy/'s alert rules every second; its API asked with curl in that namespace.
 */
export function startRulesPrometheus(dir: string, port: number, targets: string[], netns: string) {
  const config = join(dir, 'prometheus.yml');
  writeFileSync(
    config,
    [
      'global: { scrape_interval: 2s, scrape_timeout: 2s, evaluation_interval: 1s }',
      `rule_files: ['${ROOT}deploy/prometheus/ipvstop.rules.yml']`,
      'scrape_configs:',
      '  - job_name: ipvstop',
      `    static_configs: [{ targets: [${targets.map((t) => `'${t}'`).join(', ')}] }]`,
      '',
    ].join('\n'),
  );
  const args = [`--config.file=${config}`, `--storage.tsdb.path=${join(dir, 'data')}`];
  args.push(`--web.listen-address=127.0.0.1:${port}`, '--log.level=warn');
  const child = spawn('ip', ['netns', 'exec', netns, 'prometheus', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  let said = '';
  child.stderr?.on('data', (b) => {
    said = (said + b).slice(-4000);
  });
  const get = async <T>(path: string): Promise<T> => {
    const r = await shRaw(`ip netns exec ${netns} curl -sf 'http://127.0.0.1:${port}/api/v1/${path}'`);
    if (r.status !== 0) throw new Error(`prometheus ${path}: curl exit ${r.status}; its log: ${said}`);
    return (JSON.parse(r.stdout) as { data: T }).data;
  };
  return {
    child,
    log: () => said,
    alerts: async (): Promise<FiringAlert[]> => (await get<{ alerts: FiringAlert[] }>('alerts')).alerts,
    /** An instant query's values by the value of label `by`. */
    query: async (q: string, by: string): Promise<Record<string, string>> => {
      const data = await get<{ result: VectorSample[] }>(`query?query=${encodeURIComponent(q)}`);
      return Object.fromEntries(data.result.map((r) => [r.metric[by] ?? '', r.value[1]]));
    },
  };
}
