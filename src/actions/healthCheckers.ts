/** What to tell an operator changing a weight by hand while a health checker manages the weights. */
import type { HealthChecker } from '../kernel/proc/healthCheckers.js';

export interface Warning {
  /** For a confirmation dialog: fits 80 columns. */
  short: string;
  /** For the command line: the whole story. */
  long: string;
}

const SAFE_WAY: Record<HealthChecker, Warning> = {
  keepalived: {
    short: '! keepalived runs, may undo this: fail a MISC_CHECK/FILE_CHECK, or edit+reload',
    long:
      'keepalived runs: it sets weights itself (on reload and on health-check changes) and may put this one back; ' +
      'drain through it: a failing MISC_CHECK/FILE_CHECK, or remove the server from its configuration and reload',
  },
  ldirectord: {
    short: '! ldirectord runs, may undo this: fail its check, or edit ldirectord.cf+reload',
    long:
      'ldirectord runs: it sets weights itself when it checks and may put this one back; ' +
      'drain through it: make its check fail, or remove the server from ldirectord.cf and reload it',
  },
};

/** One warning per health checker running, or none. */
export const healthCheckerWarnings = (running: readonly HealthChecker[]): Warning[] => running.map((c) => SAFE_WAY[c]);
