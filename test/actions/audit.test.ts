/** Each action's syslog line says who acted: user, login user, sudo user, SSH client. */
import { describe, expect, it } from 'vitest';
import { type ActorSources, currentActor, describeActor, syslogSink } from '../../src/actions/audit.js';
import type { ToolRunner } from '../../src/kernel/exec/systemTool.js';

const USERS = new Map([
  [0, 'root'],
  [1000, 'alice'],
]);

function sources(over: Partial<ActorSources> = {}): ActorSources {
  return { uid: 0, env: {}, loginUid: '4294967295\n', userName: (uid) => USERS.get(uid), ...over };
}

describe('who acts', () => {
  it('is the user of the process when nothing else is known', () => {
    expect(describeActor(currentActor(sources()))).toBe('root (uid 0)');
    expect(describeActor(currentActor(sources({ uid: 4242, loginUid: '' })))).toBe('uid 4242');
  });

  it('adds the login user, SUDO_USER and the SSH client', () => {
    const actor = currentActor(
      sources({
        loginUid: '1000',
        env: { SUDO_USER: 'alice', SSH_CONNECTION: '203.0.113.9 51234 192.0.2.10 22', SSH_CLIENT: '198.51.100.1 1 22' },
      }),
    );
    expect(describeActor(actor)).toBe('root (uid 0, login alice, sudo alice, ssh 203.0.113.9)');
    expect(
      describeActor(currentActor(sources({ loginUid: '1234', env: { SSH_CLIENT: '2001:db8::7 40000 22' } }))),
    ).toBe('root (uid 0, login uid 1234, ssh 2001:db8::7)');
  });

  it('quotes what came from the environment', () => {
    const actor = currentActor(sources({ env: { SUDO_USER: 'x\nFAKE LINE', SSH_CONNECTION: '$(id) 1 2 3' } }));
    expect(describeActor(actor)).toBe("root (uid 0, sudo $'x\\x0aFAKE LINE', ssh '$(id)')");
  });
});

describe('the syslog sink', () => {
  it('runs logger with the line after --, prefixed with who acts', () => {
    const calls: string[][] = [];
    const run: ToolRunner = async (tool, args) => {
      calls.push([tool, ...args]);
      return { stdout: '', stderr: '' };
    };
    const log = syslogSink(run, { uid: 0, user: 'root', sudoUser: 'alice' }, () => true);
    log("ip neigh flush dev '$(id>x)': flushed 0 neighbour entries on '$(id>x)'");
    expect(calls).toEqual([
      [
        'logger',
        '-t',
        'ipvstop',
        '-p',
        'user.notice',
        '--',
        "by root (uid 0, sudo alice): ip neigh flush dev '$(id>x)': flushed 0 neighbour entries on '$(id>x)'",
      ],
    ]);
    syslogSink(run, { uid: 0 }, () => false)('no syslog here');
    expect(calls).toHaveLength(1);
  });
});
