import { describe, expect, it } from 'vitest';
import { diagnose } from '../../src/doctor/diagnose.js';
import { kernelBefore } from '../../src/doctor/sysctlRules.js';
import { dest, service } from '../ui/fakes.js';
import { ids, input } from './build.js';

const withSysctl = (over: Record<string, number>, release?: string) =>
  ids(diagnose(input({ sysctl: { ...input().sysctl, ...over }, ...(release ? { kernelRelease: release } : {}) })));

describe('the doctor: kernel settings', () => {
  it('finds nothing on a clean director', () => {
    expect(ids(diagnose(input()))).toEqual([]);
  });

  it('compares kernel releases by major and minor', () => {
    expect(kernelBefore('5.8.18', [5, 9])).toBe(true);
    expect(kernelBefore('5.9.0', [5, 9])).toBe(false);
    expect(kernelBefore('4.19.0-26-amd64', [5, 9])).toBe(true);
    expect(kernelBefore('6.1.0', [5, 9])).toBe(false);
    expect(kernelBefore('weird', [5, 9])).toBe(false);
  });

  it('warns of conn_reuse_mode with conntrack=1 only before Linux 5.9', () => {
    const on = { 'net.ipv4.vs.conntrack': 1 };
    expect(withSysctl(on, '5.4.0-150-generic')).toEqual([
      'warning sysctl.conn-reuse-conntrack net.ipv4.vs.conn_reuse_mode',
    ]);
    expect(withSysctl(on, '5.10.0')).toEqual([]);
    expect(withSysctl({ ...on, 'net.ipv4.vs.conn_reuse_mode': 0 }, '5.4.0')).toEqual([
      'warning sysctl.conn-reuse-off net.ipv4.vs.conn_reuse_mode',
    ]);
  });

  it('warns of expire_nodest_conn=0, run_estimation=0, and of a defence on now or always', () => {
    expect(withSysctl({ 'net.ipv4.vs.expire_nodest_conn': 0 })).toEqual([
      'warning sysctl.expire-nodest-conn net.ipv4.vs.expire_nodest_conn',
    ]);
    expect(withSysctl({ 'net.ipv4.vs.run_estimation': 0 })).toEqual([
      'warning sysctl.run-estimation-off net.ipv4.vs.run_estimation',
    ]);
    // 1 is "automatic", not yet on.
    expect(withSysctl({ 'net.ipv4.vs.drop_entry': 1, 'net.ipv4.vs.secure_tcp': 1 })).toEqual([]);
    expect(withSysctl({ 'net.ipv4.vs.drop_entry': 2, 'net.ipv4.vs.secure_tcp': 3 })).toEqual([
      'warning sysctl.defence-active net.ipv4.vs.drop_entry',
      'warning sysctl.defence-active net.ipv4.vs.secure_tcp',
    ]);
  });

  it('warns of expire_quiescent_template=0 only with a weight-0 server of a persistent service', () => {
    const off = { 'net.ipv4.vs.expire_quiescent_template': 0 };
    expect(withSysctl(off)).toEqual([]);
    const persistent = { ...service('192.0.2.1'), flags: 1 | 2, timeout: 300 };
    const services = [{ service: persistent, dests: [dest('198.51.100.11'), dest('198.51.100.12', 0)] }];
    expect(ids(diagnose(input({ services, sysctl: { ...input().sysctl, ...off } })))).toEqual([
      'warning sysctl.expire-quiescent-template net.ipv4.vs.expire_quiescent_template',
    ]);
  });

  it('calls forwarding off critical only with NAT servers of that family', () => {
    expect(withSysctl({ 'net.ipv4.ip_forward': 0 })).toEqual(['critical sysctl.forwarding-off net.ipv4.ip_forward']);
    expect(withSysctl({ 'net.ipv6.conf.all.forwarding': 0 })).toEqual([]);
    const dr = [{ service: service('192.0.2.1'), dests: [dest('192.0.2.11', 1, { forward: 'route' })] }];
    expect(ids(diagnose(input({ services: dr, sysctl: { ...input().sysctl, 'net.ipv4.ip_forward': 0 } })))).toEqual([]);
  });

  it('names a tcp_tw_recycle line of the sysctl files: a warning where the kernel still has it', () => {
    const line = { path: '/etc/sysctl.d/90-lvs.conf', line: 3, key: 'net.ipv4.tcp_tw_recycle', value: '1' };
    const other = { ...line, key: 'net.ipv4.tcp_tw_reuse' };
    expect(ids(diagnose(input({ sysctlFiles: [line, other] })))).toEqual([
      'info sysctl.obsolete-key /etc/sysctl.d/90-lvs.conf:3',
    ]);
    expect(ids(diagnose(input({ sysctlFiles: [line], kernelRelease: '4.9.0' })))).toEqual([
      'warning sysctl.obsolete-key /etc/sysctl.d/90-lvs.conf:3',
    ]);
  });
});
