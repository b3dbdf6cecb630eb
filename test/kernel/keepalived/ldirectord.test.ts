import { describe, expect, it } from 'vitest';
import {
  ldirectordConfigPath,
  parseLdirectordConfig,
  parseLdirectordFile,
} from '../../../src/kernel/keepalived/ldirectord.js';

// The layout of ldirectord's documented example configuration.
const CONFIG = `
checktimeout=3
checkinterval=1
checktype=connect
# Sample for an http virtual service
virtual=192.168.6.240:80
        real=192.168.6.2:80 gate
        real=192.168.6.3:80 gate 2
        service=http
        checktype=negotiate
        scheduler=rr
virtual=192.168.6.240:53
        real=192.168.6.2:53 gate
        protocol=udp
virtual=7
        real=192.168.6.4:0 gate
        protocol=fwm
`;

describe('ldirectord.cf', () => {
  it('gives each virtual service its real servers and checks, the global check type as default, quiescent no', () => {
    // quiescent: ldirectord 4.12's manual says the default is yes; its code (set_defaults) sets no, and removes failed servers.
    expect(parseLdirectordConfig(CONFIG)).toEqual([
      {
        service: 'TCP 192.168.6.240:80',
        servers: ['192.168.6.2:80', '192.168.6.3:80'],
        reals: [
          { server: '192.168.6.2:80', forwarding: 'gate', weight: 1 },
          { server: '192.168.6.3:80', forwarding: 'gate', weight: 2 },
        ],
        checkType: 'negotiate',
        checkService: 'http',
        checkInterval: 1,
        quiescent: false,
      },
      {
        service: 'UDP 192.168.6.240:53',
        servers: ['192.168.6.2:53'],
        reals: [{ server: '192.168.6.2:53', forwarding: 'gate', weight: 1 }],
        checkType: 'connect',
        checkService: null,
        checkInterval: 1,
        quiescent: false,
      },
      {
        service: 'FWM 7',
        servers: ['192.168.6.4:0'],
        reals: [{ server: '192.168.6.4:0', forwarding: 'gate', weight: 1 }],
        checkType: 'connect',
        checkService: null,
        checkInterval: 1,
        quiescent: false,
      },
    ]);
  });

  it('reads quiescent per service, autoreload, and skips garbage, huge lines and control characters', () => {
    const text = [
      'quiescent=no',
      'autoreload=yes',
      '\u0000\u0007 garbage ===',
      `checktype=${'x'.repeat(100_000)}`,
      'virtual=10.6.0.100:80',
      '\treal=10.6.0.21:80 gate 5',
      '\treal=10.6.0.2\u001b[31m2:80 masq',
      '\tquiescent=yes',
      'virtual=10.6.0.100:8080',
      '\treal=10.6.0.21:8080 gate nonsense',
    ].join('\n');
    const { services, autoreload } = parseLdirectordFile(text);
    expect(autoreload).toBe(true);
    expect(services.map((s) => [s.service, s.quiescent, s.reals])).toEqual([
      [
        'TCP 10.6.0.100:80',
        true,
        [
          { server: '10.6.0.21:80', forwarding: 'gate', weight: 5 },
          { server: '10.6.0.2\\x1b[31m2:80', forwarding: 'masq', weight: 1 },
        ],
      ],
      ['TCP 10.6.0.100:8080', false, [{ server: '10.6.0.21:8080', forwarding: 'gate', weight: 1 }]],
    ]);
    // The huge check type is cut, not kept whole.
    expect(services[0]?.checkType.length).toBeLessThanOrEqual(128);
  });

  it('finds the configuration file on the command line (a bare name in /etc/ha.d, as ldirectord reads it), else the default', () => {
    // As heartbeat starts it for `ldirectord::web.cf` in haresources.
    expect(ldirectordConfigPath(['/usr/bin/perl', '-w', '/etc/ha.d//resource.d/ldirectord', 'web.cf', 'start'])).toBe(
      '/etc/ha.d/web.cf',
    );
    expect(ldirectordConfigPath(['/usr/bin/perl', '-w', '/usr/sbin/ldirectord', '/srv/lvs/web.cf', 'start'])).toBe(
      '/srv/lvs/web.cf',
    );
    expect(ldirectordConfigPath(['/usr/bin/perl', '-w', '/usr/sbin/ldirectord', 'start'])).toBe(
      '/etc/ha.d/ldirectord.cf',
    );
  });
});
