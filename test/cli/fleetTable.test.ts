/**
 * `ipvstop fleet HOST...` without --json or --drift: the table of the directors, one a row, and
 * their pairs with the pair checks, against a fake `ssh` that sends each host the watch line a real
 * director writes. With --json the same rows (`summary`) and pairs, valid against fleet.schema.json.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { wantsFleetScreen } from '../../src/cli/fleetScreen.js';
import { watchLineOf } from '../output/directorFixture.js';
import { expectValid } from '../schemas/validate.js';
import { vrrpInstance } from '../ui/fakes.js';
import { fakeSshOnPath, runFleet } from './fakeSsh.js';

const dir = fakeSshOnPath(
  'fleet-table',
  (d) => `const line = require('fs').readFileSync(${JSON.stringify(d)} + '/line-' + host, 'utf8');
process.stdout.write(line);
setInterval(() => process.stdout.write(line), 50);
`,
);

beforeAll(() => {
  const master = { instances: [vrrpInstance({ state: 'MASTER' })], addresses: ['10.5.0.100'] };
  writeFileSync(join(dir, 'line-lb-a'), watchLineOf('lb-a', master));
  writeFileSync(join(dir, 'line-lb-b'), watchLineOf('lb-b', { instances: [vrrpInstance({})] }));
  writeFileSync(join(dir, 'line-lb-x'), watchLineOf('lb-x', master));
});

describe('fleet: the table', () => {
  it('a row per director and its pair; exit 0', async () => {
    const r = await runFleet('lb-a', 'lb-b');
    expect([r.status, r.stderr]).toEqual([0, '']);
    expect(r.stdout).toBe(
      [
        'HOST  READ  HA           VIPS  SVC   RS  ACTIVE  INACT  CPS   IN/s  OUT/s  CRIT  WARN',
        'lb-a  ok    MASTER VI_1     1    1  1/2       4      8   21  12000  30500     0     2',
        'lb-b  ok    BACKUP VI_1     0    1  1/2       4      8   21  12000  30500     0     2',
        '',
        'VI_1 (vrid 51)  10.5.0.100  lb-a MASTER, lb-b BACKUP',
        '',
      ].join('\n'),
    );
  });

  it('a split brain under its pair, and a director not read with the reason; exit 3', async () => {
    const r = await runFleet('lb-a', 'lb-x', 'down-1', '--interval', '1');
    expect(r.status).toBe(3);
    expect(r.stdout.split('\n').slice(3)).toEqual([
      'down-1  unreachable  -               -    -    -       -      -    -      -      -     -     -',
      '',
      'VI_1 (vrid 51)  10.5.0.100  lb-a MASTER, lb-x MASTER',
      '  CRIT VI_1 (vrid 51): MASTER on lb-a and lb-x (split brain)',
      '  CRIT VI_1 (vrid 51): VIP 10.5.0.100 is on lb-a and lb-x',
      '',
      'down-1: ssh: connect to host down-1 port 22: Connection refused',
      '',
    ]);
  });

  it('--json: each host with its row (summary) and the pairs, valid against fleet.schema.json', async () => {
    const r = await runFleet('--json', 'lb-a', 'lb-x');
    const doc = expectValid('fleet', r.stdout) as {
      hosts: { summary: { usable: number; servers: number } }[];
      pairs: { findings: { code: string }[] }[];
    };
    expect(doc.hosts.map((h) => [h.summary.usable, h.summary.servers])).toEqual([
      [1, 2],
      [1, 2],
    ]);
    expect(doc.pairs[0]?.findings.map((f) => f.code)).toEqual(['split-brain', 'vip-twice']);
  });

  it('--once prints the same table and exits (what a terminal gets with it instead of the screen)', async () => {
    const once = await runFleet('--once', 'lb-a', 'lb-b');
    expect([once.status, once.stdout]).toEqual([0, (await runFleet('lb-a', 'lb-b')).stdout]);
  });
});

describe('fleet: the screen or the table', () => {
  const tty = { stdinIsTty: true, stdoutIsTty: true, term: 'xterm' };
  const none = { json: false, drift: false, once: false };
  it('the screen on a terminal without --json, --drift or --once; else the table, as scripts get it', () => {
    expect(wantsFleetScreen(none, tty)).toBe(true);
    for (const flag of ['json', 'drift', 'once'])
      expect(wantsFleetScreen({ ...none, [flag]: true }, tty), flag).toBe(false);
    for (const t of [{ stdoutIsTty: false }, { stdinIsTty: false }, { term: 'dumb' }, { term: undefined }])
      expect(wantsFleetScreen(none, { ...tty, ...t }), JSON.stringify(t)).toBe(false);
  });
});
