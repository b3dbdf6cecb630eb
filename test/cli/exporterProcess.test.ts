/** The built `ipvstop exporter` as a process: it serves, stops on SIGTERM with 0, and a port in use is one line, 1. */
import { spawn } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';

const MAIN = new URL('../../bin/ipvstop', import.meta.url).pathname;

function exporter(port: number) {
  const child = spawn(process.execPath, [MAIN, 'exporter', '--web.listen-address', `127.0.0.1:${port}`]);
  let stderr = '';
  child.stderr.on('data', (b) => {
    stderr += b;
  });
  const exited = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
  return { child, exited, stderr: () => stderr };
}

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as AddressInfo;
  await new Promise((r) => s.close(r));
  return port;
}

describe('ipvstop exporter, the process', () => {
  it('answers a scrape (ipvs_up 0 here: the host has no IPVS) and exits 0 on SIGTERM', async () => {
    const port = await freePort();
    const e = exporter(port);
    for (let i = 0; i < 100 && !e.stderr().includes('serving'); i++) await new Promise((r) => setTimeout(r, 100));
    const r = await fetch(`http://127.0.0.1:${port}/metrics`);
    expect(r.status).toBe(200);
    expect(await r.text()).toMatch(/^ipvs_up [01]$/m);
    e.child.kill('SIGTERM');
    expect(await e.exited).toBe(0);
  });

  it('says in one line that the port is in use, exit 1', async () => {
    const s = createServer();
    await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
    const { port } = s.address() as AddressInfo;
    const e = exporter(port);
    expect(await e.exited).toBe(1);
    s.close();
    expect(e.stderr()).toBe(`ipvstop: cannot listen on 127.0.0.1:${port}: the address is in use (EADDRINUSE)\n`);
  });
});
