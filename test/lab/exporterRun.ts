/** An `ipvstop exporter` run in the lab for a test file (in a network namespace or not), scraped with curl. */
import { type ChildProcess, spawn } from 'node:child_process';
import { ROOT, shRaw, waitUntil } from './helpers.js';

export class LabExporter {
  private readonly child: ChildProcess;
  /** What it wrote on stderr so far. */
  stderr = '';

  private readonly netns?: string;

  /**
   * `args`: the exporter's flags beyond the address. `netns`: run in that namespace (`ip netns exec`, which
   * execs: the child is the exporter). `host`: the address to listen on, '' for every one (for a Prometheus
   * in another namespace). `prefix`: a command that execs the exporter (setpriv, to run it unprivileged).
   */
  constructor(
    readonly port: number,
    options: { args?: string; netns?: string; host?: string; prefix?: string } = {},
  ) {
    const { args = '', netns, host = '127.0.0.1', prefix = '' } = options;
    this.netns = netns;
    const where = netns ? `ip netns exec ${netns}` : '';
    const cmd = `exec ${where} ${prefix} ${process.execPath} ${ROOT}bin/ipvstop exporter --web.listen-address ${host}:${port} ${args}`;
    this.child = spawn('bash', ['-c', cmd], { stdio: ['ignore', 'ignore', 'pipe'] });
    this.child.stderr?.on('data', (b) => {
      this.stderr += b;
    });
  }

  /** The metrics as text (curl inside the namespace: 127.0.0.1 there is not ours). */
  async scrape(): Promise<string> {
    const where = this.netns ? `ip netns exec ${this.netns} ` : '';
    const r = await shRaw(`${where}curl -sf http://127.0.0.1:${this.port}/metrics`);
    if (r.status !== 0) throw new Error(`curl: exit ${r.status}; the exporter's stderr: ${this.stderr}`);
    return r.stdout;
  }

  async answering(): Promise<this> {
    await waitUntil(
      `the exporter on port ${this.port} to answer`,
      async () => {
        try {
          return { done: (await this.scrape()).includes('\nipvs_up '), seen: 'answered' };
        } catch (e) {
          return { done: false, seen: String(e) };
        }
      },
      30_000,
    );
    return this;
  }

  stop(): void {
    this.child.kill('SIGTERM');
  }
}

/** The value of one series (name and labels as written), or undefined. */
export function seriesValue(text: string, series: string): string | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line?.slice(series.length + 1);
}

/** The sample lines of one metric name. */
export const linesOf = (text: string, name: string): string[] =>
  text.split('\n').filter((l) => l.startsWith(`${name}{`) || l.startsWith(`${name} `));
