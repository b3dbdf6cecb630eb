/** Health checkers found by their process, in a /proc made for the test. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { healthCheckerWarnings } from '../../../src/actions/healthCheckers.js';
import { runningHealthCheckers } from '../../../src/kernel/proc/healthCheckers.js';

const root = mkdtempSync(join(tmpdir(), 'ipvstop-proc-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function proc(name: string, processes: Record<string, { comm: string; cmdline: string[] }>): string {
  const dir = join(root, name);
  mkdirSync(join(dir, 'self'), { recursive: true });
  for (const [pid, p] of Object.entries(processes)) {
    mkdirSync(join(dir, pid));
    writeFileSync(join(dir, pid, 'comm'), `${p.comm}\n`);
    writeFileSync(join(dir, pid, 'cmdline'), `${p.cmdline.join('\0')}\0`);
  }
  return dir;
}

describe('runningHealthCheckers', () => {
  it('finds keepalived by its name and ldirectord behind perl', () => {
    const dir = proc('both', {
      '1': { comm: 'systemd', cmdline: ['/sbin/init'] },
      '310': { comm: 'keepalived', cmdline: ['/usr/sbin/keepalived', '--dont-fork'] },
      '412': { comm: 'perl', cmdline: ['/usr/bin/perl', '-w', '/usr/sbin/ldirectord'] },
      '413': { comm: 'ldirectord', cmdline: ['/usr/bin/perl', '/usr/sbin/ldirectord', 'start'] },
    });
    expect(runningHealthCheckers(dir)).toEqual(['keepalived', 'ldirectord']);
    expect(healthCheckerWarnings(runningHealthCheckers(dir)).map((w) => w.long)).toEqual([
      expect.stringContaining(
        'a failing MISC_CHECK/FILE_CHECK, or remove the server from its configuration and reload',
      ),
      expect.stringContaining('ldirectord runs'),
    ]);
  });

  it('finds none where none runs, nor a process that only mentions one', () => {
    const dir = proc('none', {
      '7': { comm: 'vim', cmdline: ['vim', '/etc/keepalived/keepalived.conf'] },
    });
    expect(runningHealthCheckers(dir)).toEqual([]);
    expect(runningHealthCheckers(join(root, 'missing'))).toEqual([]);
  });

  it('keeps the confirmation warnings within 80 columns', () => {
    for (const w of healthCheckerWarnings(['keepalived', 'ldirectord']))
      expect(`  ${w.short}`.length).toBeLessThanOrEqual(80);
  });
});
