/** The doctor: a director that stopped working while traffic still comes (an emptied table, its HA daemon gone). */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diagnose } from '../../src/doctor/diagnose.js';
import { haConfigs } from '../../src/doctor/gather.js';
import type { DoctorInput } from '../../src/doctor/types.js';
import { ids, input } from './build.js';

const found = (over: Partial<DoctorInput>) => ids(diagnose(input(over)));
const text = (over: Partial<DoctorInput>) => diagnose(input(over)).map((f) => `${f.what} | ${f.remedy}`);

describe('the doctor: an empty table while clients still come', () => {
  it('is critical when connection attempts are turned away, naming the VIPs the connection table still has', () => {
    const refused = { perSec: 23.4, overSec: 10 };
    expect(found({ services: [], refused })).toEqual(['critical table.empty-with-traffic IPVS table']);
    expect(text({ services: [], refused, connVirtualAddresses: ['192.0.2.1', '192.0.2.2'] })[0]).toMatch(
      /^no service, while this host turns away 23 connection attempts a second \(over 10 s\); the connection table still has entries for 192\.0\.2\.1, 192\.0\.2\.2 \| restore the table/,
    );
  });

  it('says nothing of an empty, quiet table, of a table with services, or when refusals were not counted', () => {
    expect(found({ services: [], refused: { perSec: 0.5, overSec: 10 } })).toEqual([]);
    expect(found({ refused: { perSec: 50, overSec: 10 } })).not.toContain(
      'critical table.empty-with-traffic IPVS table',
    );
    expect(found({ services: [], refused: undefined })).toEqual([]);
    // The monitor's view of a big table before any of its real servers were read is not an empty table.
    expect(found({ services: [], servicesNotRead: 300, refused: { perSec: 50, overSec: 10 } })).toEqual([]);
  });
});

describe('the doctor: the HA daemon', () => {
  const configs = [{ daemon: 'keepalived' as const, path: '/etc/keepalived/keepalived.conf' }];

  it('is critical when the one seen running is gone, a warning when one is configured and not running', () => {
    expect(found({ haDaemon: { running: null, seen: 'keepalived', configs } })).toEqual([
      'critical ha.daemon-stopped keepalived',
    ]);
    expect(found({ haDaemon: { running: null, configs } })).toEqual(['warning ha.daemon-not-running keepalived']);
    expect(text({ haDaemon: { running: null, configs } })[0]).toBe(
      'configured (/etc/keepalived/keepalived.conf) and not running | systemctl start keepalived (or remove /etc/keepalived/keepalived.conf if this director no longer uses it)',
    );
  });

  it('says nothing while it runs, when none is configured or seen, or when it was not read', () => {
    expect(found({ haDaemon: { running: 'keepalived', seen: 'keepalived', configs } })).toEqual([]);
    expect(found({ haDaemon: { running: null, configs: [] } })).toEqual([]);
    expect(found({ haDaemon: undefined })).toEqual([]);
  });

  it('names each daemon once: a configured one beside the one seen stopped, heartbeat beside a running ldirectord', () => {
    const all = [...configs, { daemon: 'heartbeat' as const, path: '/etc/ha.d/ha.cf' }];
    expect(found({ haDaemon: { running: null, configs: all } })).toEqual([
      'warning ha.daemon-not-running keepalived',
      'warning ha.daemon-not-running heartbeat',
    ]);
    expect(found({ haDaemon: { running: null, seen: 'keepalived', configs: all } })).toEqual([
      'critical ha.daemon-stopped keepalived',
      'warning ha.daemon-not-running heartbeat',
    ]);
    // heartbeat runs: ldirectord, its resource, is not expected to run on the backup.
    const ld = [{ daemon: 'ldirectord' as const, path: '/etc/ha.d/ldirectord.cf' }, all[1]!];
    expect(found({ haDaemon: { running: 'heartbeat', configs: ld } })).toEqual([]);
    expect(found({ haDaemon: { running: 'ldirectord', configs: ld } })).toEqual([
      'warning ha.daemon-not-running heartbeat',
    ]);
  });
});

describe('an HA daemon configured here', () => {
  const root = mkdtempSync(join(tmpdir(), 'ipvstop-ha-conf-'));
  mkdirSync(join(root, 'etc/keepalived'), { recursive: true });
  mkdirSync(join(root, 'etc/ha.d'), { recursive: true });

  it("is a configuration file that configures something: not Debian's ldirectord.cf of comments, not a FIFO", () => {
    // What Debian's ldirectord package installs.
    writeFileSync(join(root, 'etc/ha.d/ldirectord.cf'), '# Dummy configuration file.\n#\n# See examples.\n');
    writeFileSync(join(root, 'etc/keepalived/keepalived.conf'), '! Configuration File for keepalived\n\n');
    writeFileSync(join(root, 'etc/ha.d/ha.cf'), '# ha.cf\n\n');
    expect(haConfigs(root)).toEqual([]);
    writeFileSync(join(root, 'etc/ha.d/ha.cf'), 'node hb-d1\nnode hb-d2\n');
    expect(haConfigs(root)).toEqual([{ daemon: 'heartbeat', path: '/etc/ha.d/ha.cf' }]);
    rmSync(join(root, 'etc/ha.d/ha.cf'));
    writeFileSync(join(root, 'etc/keepalived/keepalived.conf'), '! keepalived\nvrrp_instance VI_1 {\n}\n');
    writeFileSync(join(root, 'etc/ha.d/ldirectord.cf'), 'virtual=192.0.2.1:80\n\treal=198.51.100.11:80 gate\n');
    expect(haConfigs(root)).toEqual([
      { daemon: 'keepalived', path: '/etc/keepalived/keepalived.conf' },
      { daemon: 'ldirectord', path: '/etc/ha.d/ldirectord.cf' },
    ]);
    rmSync(join(root, 'etc/ha.d/ldirectord.cf'));
    execFileSync('mkfifo', [join(root, 'etc/ha.d/ldirectord.cf')]);
    expect(haConfigs(root).map((c) => c.daemon)).toEqual(['keepalived']);
  });
});
