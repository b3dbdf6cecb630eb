/**
 * Rules over the HA daemon's reading (HaStatus, one shape for every daemon): a peer node that
 * heartbeat reports dead (this node would have no one to fail over to), and heartbeat configured
 * here (an ha.cf) but not running (this node takes no part in its pair).
 */
import type { Rule } from './types.js';
import { finding } from './where.js';

const peerDead: Rule = ({ ha }) =>
  (ha?.cluster?.nodes ?? [])
    .filter((n) => !n.local && n.status === 'dead')
    .map((n) =>
      finding('ha.peer-dead', 'warning')(
        `heartbeat node ${n.name}`,
        `heartbeat reports ${n.name} dead`,
        'this director has no peer to fail over to: if it fails, the VIPs go down with it.',
        `start heartbeat on ${n.name}, or see why its heartbeats stopped (cl_status hblinkstatus ${n.name} LINK)`,
      ),
    );

const configuredNotRunning: Rule = ({ ha }) =>
  (ha?.configuredNotRunning ?? []).map((daemon) =>
    finding('ha.daemon-not-running', 'warning')(
      daemon,
      `${daemon} is configured here (/etc/ha.d/ha.cf) but not running`,
      'this director takes no part in its pair: its peer cannot fail over to it.',
      `start ${daemon} (systemctl start ${daemon})`,
    ),
  );

export const HA_RULES: readonly Rule[] = [peerDead, configuredNotRunning];
