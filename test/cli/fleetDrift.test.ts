/**
 * `ipvstop fleet --drift` against a fake `ssh` first on PATH that sends, for each host, the watch
 * line a real director would write (formatWatchLine over a fixture table): identical tables exit 0
 * and print nothing, a weight that differs exits 1 with its line, an unreachable host exits 3 with
 * the others still compared; with --json, the fleet document carries the drift and holds to
 * docs/schemas/fleet.schema.json.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatWatchLine } from '../../src/output/watchJson.js';
import { dest, service, snapshot } from '../output/fixtures.js';
import { expectValid, isValid } from '../schemas/validate.js';
import { fakeSshOnPath, runFleet } from './fakeSsh.js';

const dir = fakeSshOnPath(
  'fleet-drift',
  (d) => `const fs = require('fs');
if (host === 'loud') {
  process.stderr.write('ipvstop: \\u001b]0;owned\\u0007 no IPVS\\n');
  process.exit(1);
}
const line = fs.readFileSync(${JSON.stringify(d)} + '/line-' + host, 'utf8');
process.stdout.write(line);
setInterval(() => process.stdout.write(line), 50);
`,
);

/** A director whose web service sends to 10.0.0.11 with this weight (and 10.0.0.12 with 1). */
function directorLine(host: string, weight: number): string {
  const services = [
    {
      service: service({ address: '192.0.2.10', port: 80 }),
      dests: [dest({ address: '10.0.0.11', weight }), dest({ address: '10.0.0.12' })],
    },
  ];
  return formatWatchLine({ snap: snapshot(services, { latencyMs: 0 }) }, { host, seq: 1, doctor: null });
}

beforeAll(() => {
  for (const [host, weight] of [
    ['lb-a', 5],
    ['lb-b', 5],
    ['lb-c', 3],
  ] as const) {
    writeFileSync(join(dir, `line-${host}`), directorLine(host, weight));
  }
});

const fleet = runFleet;
const WEIGHT_LINE = 'TCP 192.0.2.10:80: weight of 10.0.0.11:80 is 5 on lb-a, 3 on lb-c\n';

describe('fleet --drift', () => {
  it('identical tables: nothing printed, exit 0', async () => {
    expect(await fleet('--drift', 'lb-a', 'lb-b')).toEqual({ status: 0, stdout: '', stderr: '' });
  });

  it('a weight that differs: its line naming both hosts, exit 1', async () => {
    expect(await fleet('--drift', 'lb-a', 'lb-c')).toEqual({ status: 1, stdout: WEIGHT_LINE, stderr: '' });
  });

  it("an unreachable host: exit 3, ssh's reason on stderr, the others still compared", async () => {
    const r = await fleet('--drift', 'lb-a', 'down-1', 'lb-c', '--interval', '1');
    expect(r).toEqual({
      status: 3,
      stdout: WEIGHT_LINE,
      stderr: 'ipvstop: down-1: not read: ssh: connect to host down-1 port 22: Connection refused\n',
    });
  });

  it("a host's reason with control characters: escaped on stderr, never sent to the terminal", async () => {
    const r = await fleet('--drift', 'lb-a', 'loud', '--interval', '1');
    expect(r.status).toBe(3);
    expect(r.stderr).toBe('ipvstop: loud: not read: ipvstop: \\x1b]0;owned\\x07 no IPVS\n');
  });

  it('with --json: the fleet document with the drift as objects, valid against fleet.schema.json', async () => {
    const r = await fleet('--drift', '--json', 'lb-a', 'lb-c', 'down-1', '--interval', '1');
    expect(r.status).toBe(3);
    const doc = expectValid('fleet', r.stdout) as { drift: unknown[]; driftUnread: unknown[] };
    expect(doc.drift).toEqual([
      {
        kind: 'weight',
        service: 'TCP 192.0.2.10:80',
        server: '10.0.0.11:80',
        values: { 'lb-a': 5, 'lb-c': 3 },
        line: WEIGHT_LINE.trim(),
      },
    ]);
    expect(doc.driftUnread).toEqual([]);
    const odd = { ...doc, drift: [{ ...(doc.drift[0] as object), kind: 'colour' }] };
    expect(isValid('fleet', odd)).toBe(false);
  });

  it('--json alone: the fleet document without drift, valid against fleet.schema.json', async () => {
    const r = await fleet('--json', 'lb-a', 'lb-b');
    expect(r.status).toBe(0);
    expect(expectValid('fleet', r.stdout)).not.toHaveProperty('drift');
  });

  it('one host is nothing to compare: one line, exit 2', async () => {
    expect(await fleet('--drift', 'lb-a')).toEqual({
      status: 2,
      stdout: '',
      stderr: 'ipvstop: fleet --drift compares two hosts or more\n',
    });
  });
});
