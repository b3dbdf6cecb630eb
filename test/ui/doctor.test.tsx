/** The Doctor pane, its place in the layout, and the header's count of findings. */
import { cleanup } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import type { Finding } from '../../src/doctor/types.js';
import { Header } from '../../src/ui/Header.js';
import { boxOf, computeLayout } from '../../src/ui/layout.js';
import { DoctorPane } from '../../src/ui/panes/DoctorPane.js';
import { show } from './ink.js';

afterEach(cleanup);

const f = (severity: Finding['severity'], where: string): Finding => ({
  ruleId: `rule.${severity}`,
  severity,
  where,
  what: 'seen',
  why: 'it matters.',
  remedy: 'do this',
});
const findings = [f('critical', 'TCP 192.0.2.3:81'), f('warning', 'net.ipv4.vs.x'), f('info', 'TCP 192.0.2.2:80')];

const pane = (height: number, over: Partial<Parameters<typeof DoctorPane>[0]> = {}) =>
  show(
    <DoctorPane width={100} height={height} focused tabs={false} findings={findings} zoomKey="o" {...over} />,
  ).frame();

describe('Doctor pane', () => {
  it('shows each finding, worst first, with its fix', () => {
    const at = new Date(2026, 0, 1, 12, 0, 5).getTime();
    const text = pane(10, { at });
    expect(text).toMatch(/5 Doctor +checked 12:00:05/);
    expect(text).toContain('CRIT TCP 192.0.2.3:81: seen  [rule.critical]\n     fix: do this\nWARN net.ipv4.vs.x: seen');
    expect(text).toContain('info TCP 192.0.2.2:80: seen  [rule.info]');
  });

  it('says how many findings did not fit instead of cutting them off silently', () => {
    const text = pane(5);
    expect(text).toContain('CRIT TCP 192.0.2.3:81');
    expect(text).not.toContain('WARN');
    expect(text).toContain('… 2 more: ↓ scrolls, o shows the pane alone');
  });

  it('scrolls by findings: what is above is counted too', () => {
    const text = pane(5, { top: 1 });
    expect(text).toContain('… 1 above (↑ scrolls back)');
    expect(text).not.toContain('CRIT');
    expect(text).toContain('WARN net.ipv4.vs.x: seen');
    expect(text).toContain('… 1 more: ↓ scrolls, o shows the pane alone');
  });

  it('says when it has not looked yet, found nothing, or could not check', () => {
    expect(pane(5, { findings: undefined })).toContain('looking…');
    expect(pane(5, { findings: [] })).toContain('nothing found');
    expect(pane(5, { error: 'EPERM' })).toContain('cannot check: EPERM');
  });

  it('says what is not read yet as such: never a finding, never "run as root"', () => {
    const text = pane(6, { findings: [], notReadYet: ['connection table'] });
    expect(text).toContain('not read yet: connection table (looked at when read)');
    expect(text).toContain('nothing found in what was read');
    expect(text).not.toMatch(/not checked|run as root|info /);
  });

  it('takes the whole bottom row of the split layout while focused, and the screen in a small terminal', () => {
    const big = computeLayout(120, 40, 'doctor');
    expect(boxOf(big, 'doctor')?.width).toBe(120);
    expect(boxOf(big, 'connections')).toBeUndefined();
    expect(boxOf(computeLayout(120, 40, 'services'), 'doctor')).toBeUndefined();
    expect(computeLayout(80, 24, 'doctor').grid).toEqual([[[{ pane: 'doctor', width: 80, height: 19 }]]]);
  });
});

describe('Header', () => {
  const header = (doctor?: { critical: number; warning: number; info: number }) =>
    show(
      <Header
        host={{ hostname: 'lb1', kernelRelease: '6.1.0' }}
        totals={{
          services: 0,
          dests: 0,
          destsComplete: true,
          rates: { cps: 0, inPps: 0, outPps: 0, inBps: 0, outBps: 0 },
        }}
        intervalMs={1000}
        paused={false}
        readOnly={false}
        errorCount={0}
        exact={false}
        width={80}
        doctor={doctor}
      />,
    ).frame();

  it('counts critical and warning findings where they are never cut off, and says when all is well', () => {
    expect(header({ critical: 1, warning: 2, info: 3 }).split('\n')[0]).toMatch(
      /^ 1 CRIT {3}2 WARN {2}lb1 .*doctor: 3 info/,
    );
    expect(header({ critical: 0, warning: 0, info: 1 })).toContain('doctor ok, 1 info');
    expect(header({ critical: 0, warning: 0, info: 0 })).toContain('doctor ok');
    expect(header()).not.toContain('doctor');
  });
});
