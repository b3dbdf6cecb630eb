/**
 * Rules over the HA daemon's reading (HaStatus, one shape for every daemon): a peer node that
 * heartbeat reports dead (this node would have no one to fail over to). heartbeat configured and
 * not running is outageRules' ha.daemon-not-running, with the other daemons' configurations.
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

export const HA_RULES: readonly Rule[] = [peerDead];
