/**
 * `ipvstop record` over the real table, and `replay --at TIME --json` after: a weight changed
 * while it records is the old weight before the change and the new one after; SIGTERM ends it
 * with status 0, and after kill -9 the store still replays.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ipvstop, ROOT, sh } from './helpers.js';

const SERVICE = '192.0.2.60:8080';
const SERVER = '198.51.100.31:8080';
const dir = mkdtempSync('/tmp/ipvstop-history-');

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function recorder(store: string) {
  const p = spawn(process.execPath, [`${ROOT}bin/ipvstop`, 'record', '--dir', store, '--interval', '1']);
  let stderr = '';
  p.stderr.on('data', (b: Buffer) => {
    stderr += b.toString();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    p.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return { p, exited, stderr: () => stderr };
}

async function weightAt(store: string, ms: number): Promise<number> {
  const r = await ipvstop(['replay', '--dir', store, '--at', `@${(ms / 1000).toFixed(3)}`, '--json']);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  const doc = JSON.parse(r.stdout) as { services: { address: string; dests: { address: string; weight: number }[] }[] };
  const service = doc.services.find((s) => s.address === '192.0.2.60');
  return service!.dests.find((d) => d.address === '198.51.100.31')!.weight;
}

beforeAll(async () => {
  await sh(`ipvsadm -A -t ${SERVICE} -s wrr && ipvsadm -a -t ${SERVICE} -r ${SERVER} -m -w 5`);
});
afterAll(async () => {
  await sh(`ipvsadm -D -t ${SERVICE}`);
});

describe('record and replay', () => {
  it('gives the weight before and after a change, and ends whole on SIGTERM', async () => {
    const rec = recorder(`${dir}/a`);
    await sleep(3500);
    const before = Date.now();
    await sh(`ipvsadm -e -t ${SERVICE} -r ${SERVER} -m -w 9`);
    await sleep(2500);
    const after = Date.now();
    await sleep(1200);
    rec.p.kill('SIGTERM');
    expect(await rec.exited).toEqual({ code: 0, signal: null });
    expect(rec.stderr()).toBe('');
    expect(await weightAt(`${dir}/a`, before)).toBe(5);
    expect(await weightAt(`${dir}/a`, after)).toBe(9);
  }, 30_000);

  it('replays to its end after kill -9', async () => {
    const rec = recorder(`${dir}/b`);
    await sleep(3500);
    rec.p.kill('SIGKILL');
    await rec.exited;
    expect(await weightAt(`${dir}/b`, Date.now())).toBe(9);
  }, 30_000);
});
