/** Rules over the kernel's IPVS and forwarding settings, and the sysctl files that set them at boot. */

import { isPersistent } from '../domain/flags.js';
import { AF_INET6 } from '../kernel/ipvs/types.js';
import { THRESHOLDS } from './thresholds.js';
import type { Rule } from './types.js';
import { finding } from './where.js';

/** The sysctls the rules read. */
export const DOCTOR_SYSCTLS = [
  'net.ipv4.vs.conn_reuse_mode',
  'net.ipv4.vs.conntrack',
  'net.ipv4.vs.expire_nodest_conn',
  'net.ipv4.vs.expire_quiescent_template',
  'net.ipv4.vs.drop_entry',
  'net.ipv4.vs.drop_packet',
  'net.ipv4.vs.secure_tcp',
  'net.ipv4.vs.run_estimation',
  'net.ipv4.ip_forward',
  'net.ipv6.conf.all.forwarding',
] as const;

/** [major, minor] of a release like '5.4.0-150-generic', or undefined. */
export function kernelVersion(release: string): [number, number] | undefined {
  const m = /^(\d+)\.(\d+)/.exec(release);
  return m ? [Number(m[1]), Number(m[2])] : undefined;
}

/** True when the kernel is older than [major, minor] (false when its version is unknown). */
export function kernelBefore(release: string, [major, minor]: readonly [number, number]): boolean {
  const v = kernelVersion(release);
  return v !== undefined && (v[0] < major || (v[0] === major && v[1] < minor));
}

const setting = (name: string, value: number): string => `${name}=${value}`;
const sysctlFix = (name: string, value: number): string => `sysctl -w ${name}=${value} (and in /etc/sysctl.d/)`;

const connReuseConntrack: Rule = ({ sysctl, kernelRelease }) => {
  const mode = sysctl['net.ipv4.vs.conn_reuse_mode'];
  const conntrack = sysctl['net.ipv4.vs.conntrack'];
  if (!mode || conntrack !== 1 || !kernelBefore(kernelRelease, THRESHOLDS.connReuseFixedIn)) return [];
  return [
    finding('sysctl.conn-reuse-conntrack', 'warning')(
      'net.ipv4.vs.conn_reuse_mode',
      `${setting('conn_reuse_mode', mode)} with conntrack=1 on Linux ${kernelRelease}`,
      'a new connection on a reused client port waits one second for a retransmitted SYN (fixed in Linux 5.9).',
      `upgrade to Linux 5.9 or later, or ${sysctlFix('net.ipv4.vs.conntrack', 0)} if nothing needs conntrack`,
    ),
  ];
};

const connReuseOff: Rule = ({ sysctl }) =>
  sysctl['net.ipv4.vs.conn_reuse_mode'] === 0
    ? [
        finding('sysctl.conn-reuse-off', 'warning')(
          'net.ipv4.vs.conn_reuse_mode',
          'conn_reuse_mode=0',
          'a client reusing a source port is sent to the server of its old entry, even one removed or drained.',
          sysctlFix('net.ipv4.vs.conn_reuse_mode', 1),
        ),
      ]
    : [];

const expireNodest: Rule = ({ sysctl, services }) =>
  sysctl['net.ipv4.vs.expire_nodest_conn'] === 0 && services.length > 0
    ? [
        finding('sysctl.expire-nodest-conn', 'warning')(
          'net.ipv4.vs.expire_nodest_conn',
          'expire_nodest_conn=0',
          'clients of a removed real server hang until their entry times out instead of reconnecting.',
          sysctlFix('net.ipv4.vs.expire_nodest_conn', 1),
        ),
      ]
    : [];

const expireQuiescent: Rule = ({ sysctl, services }) => {
  if (sysctl['net.ipv4.vs.expire_quiescent_template'] !== 0) return [];
  const quiesced = services.filter((s) => isPersistent(s.service) && s.dests.some((d) => d.weight === 0));
  if (quiesced.length === 0) return [];
  return [
    finding('sysctl.expire-quiescent-template', 'warning')(
      'net.ipv4.vs.expire_quiescent_template',
      `expire_quiescent_template=0 while ${quiesced.length} persistent service(s) have weight-0 servers`,
      'persistence templates keep sending returning clients to a server drained with weight 0.',
      sysctlFix('net.ipv4.vs.expire_quiescent_template', 1),
    ),
  ];
};

/** 2: switched on by the kernel under memory pressure (from 1); 3: always on. */
const defenceActive: Rule = ({ sysctl }) =>
  (['drop_entry', 'drop_packet', 'secure_tcp'] as const).flatMap((name) => {
    const value = sysctl[`net.ipv4.vs.${name}`];
    if (value === undefined || value < 2) return [];
    return [
      finding('sysctl.defence-active', 'warning')(
        `net.ipv4.vs.${name}`,
        value === 2 ? `${name}=2: on now, the director is short of memory` : `${name}=3: always on`,
        'the director drops connection entries or packets to defend itself, and clients see failures.',
        value === 2
          ? 'find what fills memory (ipvsadm -Lnc | wc -l, a SYN flood?); raise net.ipv4.vs.amemthresh if too low'
          : sysctlFix(`net.ipv4.vs.${name}`, 1),
      ),
    ];
  });

const runEstimationOff: Rule = ({ sysctl }) =>
  sysctl['net.ipv4.vs.run_estimation'] === 0
    ? [
        finding('sysctl.run-estimation-off', 'warning')(
          'net.ipv4.vs.run_estimation',
          'run_estimation=0',
          "the kernel's rate estimates (CPS, PPS, BPS) are frozen, so rates shown by any tool are stale.",
          sysctlFix('net.ipv4.vs.run_estimation', 1),
        ),
      ]
    : [];

const forwardingOff: Rule = ({ sysctl, services }) =>
  ([2, AF_INET6] as const).flatMap((af) => {
    const name = af === AF_INET6 ? 'net.ipv6.conf.all.forwarding' : 'net.ipv4.ip_forward';
    const nat = services.filter((s) => s.dests.some((d) => d.forward === 'masq' && d.af === af));
    if (sysctl[name] !== 0 || nat.length === 0) return [];
    return [
      finding('sysctl.forwarding-off', 'critical')(
        name,
        `${name}=0 with ${nat.length} NAT service(s)`,
        'replies of NAT real servers are not forwarded back to the clients: NAT services do not work.',
        sysctlFix(name, 1),
      ),
    ];
  });

const OBSOLETE_KEYS = ['net.ipv4.tcp_tw_recycle'];

const obsoleteKeys: Rule = ({ sysctlFiles, kernelRelease }) => {
  const harmful = kernelBefore(kernelRelease, THRESHOLDS.twRecycleRemovedIn);
  return sysctlFiles
    .filter((l) => OBSOLETE_KEYS.includes(l.key))
    .map((l) =>
      finding('sysctl.obsolete-key', harmful ? 'warning' : 'info')(
        `${l.path}:${l.line}`,
        `${l.key} = ${l.value}`,
        harmful
          ? 'tcp_tw_recycle drops connections of clients behind NAT.'
          : 'tcp_tw_recycle is gone since Linux 4.12: sysctl reports an error for it at every boot.',
        `delete the line ${l.line} of ${l.path}`,
      ),
    );
};

export const SYSCTL_RULES: readonly Rule[] = [
  connReuseConntrack,
  connReuseOff,
  expireNodest,
  expireQuiescent,
  defenceActive,
  runEstimationOff,
  forwardingOff,
  obsoleteKeys,
];
