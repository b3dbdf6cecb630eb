import { describe, expect, it } from 'vitest';
import { ldirectordConfigPath, parseLdirectordConfig } from '../../../src/kernel/keepalived/ldirectord.js';

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
  it('gives each virtual service its real servers and checks, the global check type as default', () => {
    expect(parseLdirectordConfig(CONFIG)).toEqual([
      {
        service: 'TCP 192.168.6.240:80',
        servers: ['192.168.6.2:80', '192.168.6.3:80'],
        checkType: 'negotiate',
        checkService: 'http',
      },
      { service: 'UDP 192.168.6.240:53', servers: ['192.168.6.2:53'], checkType: 'connect', checkService: null },
      { service: 'FWM 7', servers: ['192.168.6.4:0'], checkType: 'connect', checkService: null },
    ]);
  });

  it('finds the configuration file on the command line, else the default', () => {
    expect(ldirectordConfigPath(['/usr/bin/perl', '-w', '/usr/sbin/ldirectord', 'web.cf', 'start'])).toBe('web.cf');
    expect(ldirectordConfigPath(['/usr/bin/perl', '-w', '/usr/sbin/ldirectord', 'start'])).toBe(
      '/etc/ha.d/ldirectord.cf',
    );
  });
});
