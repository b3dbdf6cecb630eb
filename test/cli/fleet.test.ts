/**
 * `ipvstop fleet HOST... --json` against a fake `ssh` first on PATH: one document for all hosts,
 * exit 0 when each was read and 3 when one was not (the others still reported); host names that
 * ssh would read as options refused (exit 2).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fakeSshOnPath, runFleet } from './fakeSsh.js';

const dir = fakeSshOnPath(
  'fleet-cli',
  () => `let seq = 0;
setInterval(() => process.stdout.write(JSON.stringify({ schema: 1, host, seq: ++seq, takenAtMs: Date.now(), services: [{ port: 80 }] }) + '\\n'), 50);
`,
);

const fleet = runFleet;

interface FleetDoc {
  hosts: { host: string; state: string; reason: string | null; document: { seq: number } | null }[];
}

describe('fleet --json', () => {
  it('every host read: one document, each host reachable with its document, exit 0', async () => {
    const r = await fleet('lb-a', 'lb-b', '--json');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout) as FleetDoc;
    expect(doc.hosts.map((h) => [h.host, h.state, h.reason])).toEqual([
      ['lb-a', 'reachable', null],
      ['lb-b', 'reachable', null],
    ]);
    expect(doc.hosts[0]?.document?.seq).toBeGreaterThanOrEqual(1);
  });

  it("a host that cannot be read: exit 3 at once, ssh's reason, the others still there", async () => {
    const start = Date.now();
    const r = await fleet('lb-a', 'down-1', '--json', '--interval', '1');
    expect(Date.now() - start).toBeLessThan(3000);
    expect(r.status).toBe(3);
    const doc = JSON.parse(r.stdout) as FleetDoc;
    expect(doc.hosts.map((h) => [h.host, h.state])).toEqual([
      ['lb-a', 'reachable'],
      ['down-1', 'unreachable'],
    ]);
    expect(doc.hosts[1]?.reason).toBe('ssh: connect to host down-1 port 22: Connection refused');
  });

  it('--hosts FILE: its hosts after those of the command line, comments and blank lines ignored, each once', async () => {
    const file = join(dir, 'hosts');
    writeFileSync(file, '# the web pair\nlb-b\n\n  lb-c   # the spare\r\nlb-a\n');
    const r = await fleet('lb-a', '--hosts', file, '--json');
    expect(r.status).toBe(0);
    expect((JSON.parse(r.stdout) as FleetDoc).hosts.map((h) => h.host)).toEqual(['lb-a', 'lb-b', 'lb-c']);
  });

  it('--hosts FILE with a bad line or missing: one line naming the file and the line, exit 2, no ssh run', async () => {
    const file = join(dir, 'bad-hosts');
    writeFileSync(file, 'lb-a\n# next\n-oProxyCommand=id\n');
    expect(await fleet('--hosts', file, '--json')).toEqual({
      status: 2,
      stdout: '',
      stderr: `ipvstop: --hosts ${file}: line 3: host '-oProxyCommand=id': starts with -\n`,
    });
    expect(await fleet('--hosts', join(dir, 'none'), '--json')).toEqual({
      status: 2,
      stdout: '',
      stderr: `ipvstop: --hosts ${join(dir, 'none')}: no such file\n`,
    });
  });

  it('--hosts FILE past its bounds: refused', async () => {
    const many = join(dir, 'many-hosts');
    writeFileSync(many, Array.from({ length: 1001 }, (_, i) => `lb-${i}`).join('\n'));
    expect((await fleet('--hosts', many, '--json')).stderr).toBe(`ipvstop: --hosts ${many}: more than 1000 hosts\n`);
    const big = join(dir, 'big-hosts');
    writeFileSync(big, `${'#'.repeat(64 * 1024)}\n`);
    expect((await fleet('--hosts', big, '--json')).stderr).toBe(`ipvstop: --hosts ${big}: larger than 65536 bytes\n`);
  });

  it.each([
    [['--json', '--', '-oProxyCommand=id'], "ipvstop: host '-oProxyCommand=id': starts with -\n"],
    [['--json', 'a b'], "ipvstop: host 'a b': has a space or a control character\n"],
    [['--json'], 'ipvstop: fleet needs a host, on the command line or in --hosts FILE\n'],
    [
      ['lb-a', '--json', '--interval', '0'],
      "ipvstop: --interval: '0' is not a number of seconds from 1 to 60 (e.g. 2 or 2.5)\n",
    ],
  ])('refuses fleet %j: one line, exit 2, no ssh run', async (args, line) => {
    const r = await fleet(...args);
    expect([r.status, r.stderr, r.stdout]).toEqual([2, line, '']);
  });
});
