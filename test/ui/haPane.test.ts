import { describe, expect, it } from 'vitest';
import { haStatus } from '../../src/domain/ha.js';
import type { HaReading } from '../../src/kernel/keepalived/haReading.js';
import { computeLayout } from '../../src/ui/layout.js';
import { haLines } from '../../src/ui/panes/haLines.js';
import { NO_HA_DAEMON, vrrpInstance } from './fakes.js';

const base: HaReading = NO_HA_DAEMON;

describe('the HA pane', () => {
  it('without an HA daemon says so and still shows the sync daemons', () => {
    const s = haStatus(base, [], [{ state: 'backup', mcastInterface: 'eth0', syncId: 51 }]);
    expect(haLines(s, []).map((l) => l.text)).toEqual([
      'no HA daemon (keepalived, heartbeat, ldirectord)',
      'sync: backup eth0 id 51',
      'events: none yet',
    ]);
  });

  it('warns when a BACKUP holds its VIP, shows a down server and its mismatch', () => {
    const reading: HaReading = {
      ...base,
      daemon: 'keepalived',
      pid: 3,
      addresses: ['10.5.0.100'],
      keepalived: {
        masters: new Map(),
        instances: [vrrpInstance()],
        checks: [
          {
            service: 'TCP 10.5.0.100:80',
            server: '10.5.0.22:80',
            up: false,
            weight: 2,
            effectiveWeight: 2,
            checkers: ['TCP_CHECK'],
            failedCheckers: 1,
            inhibitOnFailure: false,
          },
        ],
      },
    };
    const text = haLines(haStatus(reading, [], []), [{ at: 0, text: 'VI_1 MASTER -> BACKUP' }]).map((l) => l.text);
    expect(text).toContain('  VIP 10.5.0.100/24 present !');
    expect(text.some((t) => /10\.5\.0\.22:80 +DOWN +TCP_CHECK +- +2$/.test(t))).toBe(true);
    expect(text.at(-1)).toMatch(/^ {2}\d\d:\d\d:\d\d VI_1 MASTER -> BACKUP$/);
    expect(text[0]).toMatch(/\(0 changes\)$/);
    const once = { ...reading.keepalived!, instances: [{ ...reading.keepalived!.instances[0]!, becameMaster: 1 }] };
    expect(haLines(haStatus({ ...reading, keepalived: once }, [], []), [])[0]?.text).toMatch(/\(1 change\)$/);
  });

  it('takes the whole bottom row of the split layout while focused', () => {
    const grid = computeLayout(120, 40, 'ha').grid;
    expect(grid[1]).toEqual([[{ pane: 'ha', width: 120, height: expect.any(Number) }]]);
    expect(computeLayout(80, 24, 'ha').grid).toEqual([[[{ pane: 'ha', width: 80, height: expect.any(Number) }]]]);
  });
});
