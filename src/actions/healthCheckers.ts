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
  // ldirectord 4.12 writes a weight only when a server's check changes state (0 or removed on
  // failure, the configured weight on recovery) and when it starts or reloads: a server it
  // already counts as up keeps a weight set by hand until then.
  ldirectord: {
    short: "! ldirectord keeps this until the server's check fails+recovers or it reloads",
    long:
      "ldirectord runs: it leaves a weight set by hand until the server's check fails and recovers, " +
      'or ldirectord restarts or reloads, and then writes its configured weight back; ' +
      'drain through it: make its check fail, or remove the server from ldirectord.cf and reload it',
  },
};

/** One warning per health checker running, or none. */
export const healthCheckerWarnings = (running: readonly HealthChecker[]): Warning[] => running.map((c) => SAFE_WAY[c]);
