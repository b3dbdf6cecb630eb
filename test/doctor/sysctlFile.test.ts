import { describe, expect, it } from 'vitest';
import { parseSysctlFile } from '../../src/kernel/sysctl.js';

describe('sysctl files', () => {
  it('read key = value lines, with / separators, a leading -, comments and blanks', () => {
    const text = '# old guide\n; also a comment\n\nnet.ipv4.tcp_tw_recycle=1\n-net/ipv4/ip_forward = 1\nnonsense\n';
    expect(parseSysctlFile('/etc/sysctl.conf', text)).toEqual([
      { path: '/etc/sysctl.conf', line: 4, key: 'net.ipv4.tcp_tw_recycle', value: '1' },
      { path: '/etc/sysctl.conf', line: 5, key: 'net.ipv4.ip_forward', value: '1' },
    ]);
  });
});
