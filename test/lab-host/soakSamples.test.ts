import { describe, expect, it } from 'vitest';
import {
  parseMinutes,
  parseSample,
  type SoakSample,
  sampleLine,
  soakVerdict,
  warmupMinutes,
} from '../../src/lab/soak/samples.js';

/** Samples a minute apart with these RSS (MiB) and descriptor counts; 6 s of CPU a minute (10%). */
function run(rssMiB: number[], fds: number[]): SoakSample[] {
  return rssMiB.map((r, minute) => ({
    minute,
    rssKiB: r * 1024,
    fds: fds[minute]!,
    cpuTicks: minute * 600,
    atSec: 100 + minute * 60,
  }));
}

describe('soak samples', () => {
  it('reads the guest report, and nothing else', () => {
    expect(parseSample('sample 3 99328 23 4512 812.55')).toEqual({
      minute: 3,
      rssKiB: 99328,
      fds: 23,
      cpuTicks: 4512,
      atSec: 812.55,
    });
    expect(parseSample('starting the monitor')).toBeUndefined();
    expect(parseSample('sample 3 99328 23')).toBeUndefined();
  });

  it('prints a minute as RSS, descriptors and CPU over the minute before', () => {
    const [a, b] = run([97, 98.5], [23, 23]);
    expect(sampleLine(a!)).toBe('minute   0  RSS   97.0 MiB  fds  23  CPU      -');
    expect(sampleLine(b!, a)).toBe('minute   1  RSS   98.5 MiB  fds  23  CPU  10.0%');
  });

  it('passes a run that levels off after warm-up', () => {
    const v = soakVerdict(run([80, 95, 97, 98, 99, 98.5, 99, 99.5, 99, 99.2, 99.4], Array(11).fill(23)), 2);
    expect(v.pass).toBe(true);
    expect(v.line).toBe(
      'soak: PASS: from minute 2 to 10: RSS 97.0 -> 99.4 MiB ' +
        '(+2.4, peak 99.5; target: grows < 5 MiB), ' +
        'fds 23 -> 23 (target: no growth), CPU 10.0% of a core',
    );
  });

  it('fails RSS that keeps growing, a peak over the limit, and descriptors that grow', () => {
    expect(soakVerdict(run([90, 95, 97, 99, 101, 103], Array(6).fill(23)), 2).pass).toBe(false);
    expect(soakVerdict(run([90, 95, 97, 103, 97.5], Array(5).fill(23)), 2).pass).toBe(false);
    expect(soakVerdict(run([90, 95, 97, 97, 97], [20, 23, 23, 24, 24]), 2).pass).toBe(false);
    expect(soakVerdict(run([90, 95, 97], [23, 23, 23]), 2).line).toMatch(/^soak: FAIL: 1 sample\(s\) after 2 min/);
  });

  it('takes --minutes N (whole, 2 to 1440), 10 by default, and warms up 1 or 2 minutes', () => {
    expect(parseMinutes([])).toBe(10);
    expect(parseMinutes(['--minutes', '3'])).toBe(3);
    const bad = [['--minutes'], ['--minutes', '1'], ['--minutes', '2.5'], ['--minutes', '1441'], ['-m', '3'], ['3']];
    for (const argv of bad) {
      expect(parseMinutes(argv)).toMatch(/^usage: npm run soak/);
    }
    expect([2, 3, 9, 10, 60].map(warmupMinutes)).toEqual([1, 1, 1, 2, 2]);
  });
});
