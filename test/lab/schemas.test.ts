/**
 * Real outputs of the lab kernel hold to the JSON Schemas of docs/schemas/: what scripts read is
 * what the documents say, field for field (the schemas refuse fields they do not name). Each runs in
 * the test's own process: the same code as the binary, without Node's start-up (2-3 s in the lab).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { expectValid } from '../schemas/validate.js';
import { ipvstopInProcess, ROOT, sh } from './helpers.js';

beforeAll(async () => {
  await sh(`rm -rf /run/ipvstop; bash ${ROOT}src/lab/guest/services.sh`);
});

describe('JSON outputs of the lab against docs/schemas', () => {
  it('list --json: the whole table, and one fwmark service', async () => {
    const all = await ipvstopInProcess(['list', '--json']);
    expect(all.status, all.stderr).toBe(0);
    const doc = expectValid('list', all.stdout) as { services: unknown[]; sysctls: Record<string, string> };
    expect(doc.services.length).toBeGreaterThan(3);
    // Every net.ipv4.vs setting, as sysctl itself prints it (tabs between numbers become one space).
    const sysctl = await sh("sysctl -a 2>/dev/null | grep '^net\\.ipv4\\.vs\\.' | sed 's/\\s\\+/ /g; s/ = /=/'");
    const expected = Object.fromEntries(
      sysctl
        .trim()
        .split('\n')
        .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
    );
    expect(doc.sysctls).toEqual(expected);
    expect(doc.sysctls['net.ipv4.vs.conntrack']).toMatch(/^[01]$/);
    const one = await ipvstopInProcess(['list', '--json', '-t', '192.0.2.2:80']);
    expect(one.status, one.stderr).toBe(0);
    expectValid('list', one.stdout);
  });

  it('conns --json and conns --top --json', async () => {
    const entries = await ipvstopInProcess(['conns', '--json']);
    expect(entries.status, entries.stderr).toBe(0);
    expectValid('conns', entries.stdout);
    const top = await ipvstopInProcess(['conns', '--top', '5', '--json']);
    expect(top.status, top.stderr).toBe(0);
    expectValid('conns-top', top.stdout);
  });

  it('doctor --json', async () => {
    const r = await ipvstopInProcess(['doctor', '--json']);
    expect([0, 1, 2], r.stderr).toContain(r.status);
    const doc = expectValid('doctor', r.stdout) as { exitStatus: number };
    expect(doc.exitStatus).toBe(r.status);
  });

  it('drain --wait --json, undrain --json and weight --json', async () => {
    const server = ['-t', '192.0.2.1:80', '-r', '198.51.100.12:80'];
    const drained = await ipvstopInProcess(['drain', ...server, '--wait', '--timeout', '1', '--json']);
    expect([0, 3], drained.stderr).toContain(drained.status);
    const doc = expectValid('drain', drained.stdout) as { changes: unknown[]; drained: boolean };
    expect(doc.changes).toHaveLength(1);
    expect(doc.drained).toBe(drained.status === 0);
    const back = await ipvstopInProcess(['undrain', ...server, '--json']);
    expect(back.status, back.stderr).toBe(0);
    expectValid('drain', back.stdout);
    const weight = await ipvstopInProcess(['weight', ...server, '2', '--json']);
    expect(weight.status, weight.stderr).toBe(0);
    expectValid('drain', weight.stdout);
  });
});
