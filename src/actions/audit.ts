/**
 * Who acts, for the syslog line of every action: the user of the process, the user who logged
 * in (the kernel's audit login uid: set at login, kept through sudo and su, unlike the
 * environment), and, where present, SUDO_USER and the SSH client address.
 */
import { shellWord } from '../kernel/exec/shellQuote.js';
import { syslogLines } from '../kernel/exec/syslog.js';
import { runSystemTool, type ToolRunner } from '../kernel/exec/systemTool.js';
import { type ActorSources, hostActorSources } from '../kernel/users.js';

export type { ActorSources };

/** The login uid of a process whose session never had one (a daemon, a container's init). */
const NO_LOGIN_UID = 4294967295;

export interface Actor {
  uid: number;
  /** The effective user's name; undefined without a passwd entry. */
  user?: string;
  /** The login uid, when one is set and it is not `uid`. */
  loginUid?: number;
  login?: string;
  /** SUDO_USER, as sudo set it. */
  sudoUser?: string;
  /** The SSH client's address: first word of SSH_CONNECTION, else of SSH_CLIENT. */
  sshClient?: string;
}

/** The actor of this process. */
export function currentActor(s: ActorSources = hostActorSources()): Actor {
  const actor: Actor = { uid: s.uid, user: s.userName(s.uid) };
  const loginUid = Number(s.loginUid.trim());
  if (s.loginUid.trim() !== '' && Number.isInteger(loginUid) && loginUid !== NO_LOGIN_UID && loginUid !== s.uid) {
    actor.loginUid = loginUid;
    actor.login = s.userName(loginUid);
  }
  if (s.env.SUDO_USER) actor.sudoUser = s.env.SUDO_USER;
  const ssh = (s.env.SSH_CONNECTION ?? s.env.SSH_CLIENT ?? '').split(' ')[0];
  if (ssh) actor.sshClient = ssh;
  return actor;
}

/** `root (uid 0, login alice, sudo alice, ssh 203.0.113.9)`; names and what came from the environment are quoted. */
export function describeActor(a: Actor): string {
  const details = a.user === undefined ? [] : [`uid ${a.uid}`];
  if (a.loginUid !== undefined) {
    details.push(`login ${a.login !== undefined ? shellWord(a.login) : `uid ${a.loginUid}`}`);
  }
  if (a.sudoUser !== undefined) details.push(`sudo ${shellWord(a.sudoUser)}`);
  if (a.sshClient !== undefined) details.push(`ssh ${shellWord(a.sshClient)}`);
  const who = a.user === undefined ? `uid ${a.uid}` : shellWord(a.user);
  return details.length === 0 ? who : `${who} (${details.join(', ')})`;
}

/**
 * A log sink that sends `by ACTOR: LINE` to syslog through logger(1), tag `ipvstop`, priority
 * user.notice; it does nothing where there is no syslog (/dev/log), and never waits or fails.
 */
export function syslogSink(
  run: ToolRunner = runSystemTool,
  actor: Actor = currentActor(),
  hasSyslog?: () => boolean,
): (line: string) => void {
  const by = describeActor(actor);
  const send = syslogLines('ipvstop', run, 'user.notice', hasSyslog);
  return (line) => send(`by ${by}: ${line}`);
}
