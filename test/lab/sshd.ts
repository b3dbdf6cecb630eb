/**
 * A real sshd (Debian's openssh-server) in a director's network namespace, and `ipvstop fleet` run
 * from another namespace through the real ssh client, as an operator's laptop would: keys made for
 * the test, host names in ~/.ssh/config. ssh reads that file from the home directory in the
 * password database (/root, read-only in the guest), so each fleet run gets its own mount
 * namespace with a tmpfs over /root holding the config. sshd gets an empty /root too: the remote
 * shell would otherwise run the host's own ~/.bashrc. Without GSSAPI (Debian's ssh_config turns
 * it on) and DNS lookups, which wait for resolvers the namespaces cannot reach, a login took 9 s
 * in the lab; now about 1 s.
 */
import { type Ran, ROOT, sh, shRaw } from './helpers.js';
import { pollUntilTrue } from './polling.js';
import { Screen } from './tmux.js';

const DIR = '/tmp/ipvstop-fleet';
/** What the directors run: the repository's ipvstop, as the single executable would be on their PATH. */
export const REMOTE_IPVSTOP = `${DIR}/ipvstop`;

/** Keys, the client's config naming each host, and the remote ipvstop; once per boot. */
export async function sshSetup(hosts: Record<string, string>): Promise<void> {
  const config = [
    ...Object.entries(hosts).map(([name, address]) => `Host ${name}\n  HostName ${address}`),
    `Host *\n  User root\n  IdentityFile ${DIR}/id\n  StrictHostKeyChecking no\n  UserKnownHostsFile /dev/null\n  LogLevel ERROR\n  GSSAPIAuthentication no`,
  ].join('\n');
  await sh(`set -e; mkdir -p ${DIR} /run/sshd; cd ${DIR}
    [ -f id ] || ssh-keygen -q -t ed25519 -N '' -f id
    [ -f host ] || ssh-keygen -q -t ed25519 -N '' -f host
    cp id.pub authorized_keys
    printf '%s\\n' '${config}' > config
    printf '#!/bin/sh\\nexec ${process.execPath} ${ROOT}bin/ipvstop "$@"\\n' > ipvstop
    chmod 755 ipvstop`);
}

/** Starts sshd in `ns`, listening on `address`; returns once it accepts connections. */
export async function startSshd(ns: string, address: string): Promise<void> {
  const conf = `${DIR}/sshd-${ns}.conf`;
  await sh(`printf '%s\\n' 'ListenAddress ${address}:22' 'HostKey ${DIR}/host' \\
    'AuthorizedKeysFile ${DIR}/authorized_keys' 'StrictModes no' 'UsePAM no' 'PidFile ${DIR}/sshd-${ns}.pid' \\
    'UseDNS no' 'PrintMotd no' 'PrintLastLog no' > ${conf}
    unshare --mount --propagation private sh -c 'mount -t tmpfs tmpfs /root && exec ip netns exec ${ns} /usr/sbin/sshd -f ${conf}'`);
  const listening = async (): Promise<boolean> =>
    (await shRaw(`ip netns exec ${ns} ss -Htln 'sport = :22' | grep -q LISTEN`)).status === 0;
  await pollUntilTrue(`sshd in ${ns} to listen on ${address}:22`, listening, 60_000, { minPauseMs: 100 });
}

export async function stopSshd(ns: string): Promise<void> {
  await shRaw(`kill $(cat ${DIR}/sshd-${ns}.pid)`);
}

/** The shell command that runs `ipvstop fleet ARGS` from namespace `from`, with ssh's config in place; the hosts' ipvstop is REMOTE_IPVSTOP. */
export function fleetCommandLine(from: string, args: string): string {
  const inner = `mount -t tmpfs tmpfs /root && mkdir -m 700 /root/.ssh && cp ${DIR}/config /root/.ssh/config && exec ip netns exec ${from} ${process.execPath} ${ROOT}bin/ipvstop fleet --remote-command ${REMOTE_IPVSTOP} ${args}`;
  return `unshare --mount --propagation private sh -c '${inner}'`;
}

/** `ipvstop fleet ARGS` run to its end (fleetCommandLine); no terminal, so the table or the documents. */
export function fleetFrom(from: string, args: string): Promise<Ran> {
  return shRaw(fleetCommandLine(from, args));
}

/** The remote ipvstop (REMOTE_IPVSTOP) replaced by one that fails as a missing program would; returns the undo. */
export async function breakRemoteIpvstop(): Promise<() => Promise<void>> {
  await sh(`cp ${REMOTE_IPVSTOP} ${DIR}/ipvstop.good
    printf '#!/bin/sh\\necho "ipvstop: not here (test)" >&2\\nexit 127\\n' > ${DIR}/ipvstop.bad && chmod 755 ${DIR}/ipvstop.bad
    mv ${DIR}/ipvstop.bad ${REMOTE_IPVSTOP}`);
  return async () => {
    await sh(`mv ${DIR}/ipvstop.good ${REMOTE_IPVSTOP}`);
  };
}

/** The HA pair's addresses (src/lab/guest/ha-topology.sh), as the client's ~/.ssh/config names them. */
export const PAIR_HOSTS = { 'ha-a': '10.5.0.11', 'ha-b': '10.5.0.12', 'ha-rs1': '10.5.0.21' };

/** sshd on both directors of the HA pair, for a fleet run from the client's namespace. */
export async function startPairSshd(): Promise<void> {
  await sshSetup(PAIR_HOSTS);
  await startSshd('ha-a', PAIR_HOSTS['ha-a']);
  await startSshd('ha-b', PAIR_HOSTS['ha-b']);
}

export async function stopPairSshd(): Promise<void> {
  await stopSshd('ha-a');
  await stopSshd('ha-b');
}

/** The fleet screen of the pair, from the client's namespace in tmux at 80x24. */
export const pairFleetScreen = (name: string, args = ''): Screen =>
  Screen.command(name, `env -u CI TERM=xterm-256color ${fleetCommandLine('ha-client', `ha-a ha-b ${args}`)}`);
