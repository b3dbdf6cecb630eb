/**
 * This process's user as the host knows it, for the line that says who acted: the effective uid,
 * the audit login uid (set at login, kept through sudo and su), the environment, and user names
 * from the passwd database (a directory-service user other than ourselves has none here).
 */
import { readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { loginUidText } from './proc/processes.js';

export interface ActorSources {
  uid: number;
  env: NodeJS.ProcessEnv;
  /** Contents of /proc/self/loginuid ('' when unreadable). */
  loginUid: string;
  /** The user name of a uid, undefined when unknown. */
  userName(uid: number): string | undefined;
}

function readOr(path: string, fallback: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return fallback;
  }
}

/** User names from /etc/passwd, and ours from the system (which asks NSS). */
function passwdName(uid: number): string | undefined {
  if (uid === process.geteuid?.()) {
    try {
      return userInfo().username;
    } catch {
      return undefined;
    }
  }
  const line = readOr('/etc/passwd', '')
    .split('\n')
    .find((l) => l.split(':')[2] === String(uid));
  return line?.split(':')[0];
}

/** What this process's actor is made of. */
export function hostActorSources(): ActorSources {
  const uid = process.geteuid?.() ?? 0;
  return { uid, env: process.env, loginUid: loginUidText('self') ?? '', userName: passwdName };
}
