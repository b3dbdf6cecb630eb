/**
 * The Debian packages the lab needs. Installed on demand when we are root
 * (CI and a fresh machine), otherwise named in a clear error.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { LabError } from './labError.js';

export const LAB_PACKAGES = [
  'user-mode-linux',
  'ipvsadm',
  'iproute2',
  'kmod',
  'procps',
  'iputils-arping',
  'tcpdump',
  'tmux',
  'hping3',
  // The HA pair's directors (src/lab/guest/ha.sh).
  'keepalived',
  // The heartbeat pair's directors (src/lab/guest/hb.sh): heartbeat 3 with ldirectord.
  'heartbeat',
  'ldirectord',
  // promtool checks the exporter's metrics and the alert rules in deploy/prometheus (test/lab/exporter.test.ts).
  'prometheus',
  // node_exporter's IPVS collector, the anchor of the exporter's figures in `npm run bench`.
  'prometheus-node-exporter',
  // sshd in each director's namespace and the ssh client for ipvstop fleet (test/lab/fleet.test.ts).
  'openssh-server',
  'openssh-client',
  // The C compiler builds the kernel's XSAVE preload (src/lab/xstatePreload.ts).
  'gcc',
  'libc6-dev',
] as const;

/** Packages of `names` that dpkg does not have installed. */
export function missingPackages(names: readonly string[] = LAB_PACKAGES): string[] {
  return names.filter((name) => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: dpkg-query's own format field, not a template
    const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' });
    return r.status !== 0 || !r.stdout.includes('install ok installed');
  });
}

/** Installs what is missing (apt-get, as root); throws a LabError saying what to do otherwise. */
export function ensureLabPackages(log: (line: string) => void = () => {}): void {
  const missing = missingPackages();
  if (missing.length === 0) return;
  if (process.getuid?.() !== 0) {
    throw new LabError(
      `the lab needs these Debian packages: ${missing.join(' ')}; install them with: sudo apt-get install ${missing.join(' ')}`,
    );
  }
  log(`lab: installing ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  try {
    execFileSync('apt-get', ['update', '-qq'], { stdio: ['ignore', 'ignore', 'inherit'], env });
    execFileSync('apt-get', ['install', '-y', '-qq', ...missing], { stdio: ['ignore', 'ignore', 'inherit'], env });
  } catch {
    throw new LabError(`apt-get could not install ${missing.join(' ')}; install them by hand and try again`);
  }
  const still = missingPackages();
  if (still.length) throw new LabError(`still missing after apt-get: ${still.join(' ')}`);
}
