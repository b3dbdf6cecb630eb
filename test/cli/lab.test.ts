import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/cli/errors.js';
import { labJob, monitorArgs } from '../../src/cli/lab.js';

/** The arguments the guest's monitor.sh would get: the job's last line, run through bash with a stand-in script. */
function guestArgs(job: string): string[] {
  const line = job.trim().split('\n').pop()!;
  expect(line).toMatch(/^bash "\$LAB_REPO\/src\/lab\/guest\/monitor\.sh" /);
  const r = spawnSync('bash', ['-c', line.replace(/^bash "[^"]+"/, 'printf "%s\\n"')], { encoding: 'utf8' });
  return r.stdout.split('\n').slice(0, -1);
}

describe('ipvstop lab: what reaches the guest', () => {
  it('passes on only the monitor options given, after the terminal size', () => {
    expect(monitorArgs({})).toEqual([]);
    expect(
      monitorArgs({ interval: 0.5, readOnly: true, iface: 'lab-client', exact: true, color: false, highlight: false }),
    ).toEqual(['-i', '0.5', '--read-only', '--iface', 'lab-client', '--exact', '--no-color', '--no-highlight']);
    expect(monitorArgs({ readOnly: false, exact: false, color: true, highlight: true })).toEqual([]);
    expect(monitorArgs({ history: 0 })).toEqual(['--history', '0s']);
    expect(monitorArgs({ history: 3_600_000 })).toEqual(['--history', '3600s']);
    const args = guestArgs(labJob({ interval: 2, iface: 'lab-rs' }));
    expect(args.slice(2)).toEqual(['-i', '2', '--iface', 'lab-rs']);
    expect(args.slice(0, 2).every((n) => /^\d+$/.test(n))).toBe(true);
  });

  it('quotes an interface name the shell would otherwise expand', () => {
    const iface = `$(touch x)'"\`;`;
    expect(guestArgs(labJob({ iface })).slice(2)).toEqual(['--iface', iface]);
  });

  it('runs the whole command through bash -c, its output and errors into files', () => {
    const job = labJob({ command: 'echo a; echo b; ipvsadm -L -n' });
    expect(job).toContain('bash -c "$LAB_COMMAND" > /run/io/out/stdout 2> /run/io/out/stderr');
    expect(job).not.toContain('echo a');
  });

  it('with --ha starts the pair after the site and runs on director ha-a', () => {
    const job = labJob({ ha: true, command: 'ipvstop list --json' });
    expect(job.indexOf('start-lab.sh')).toBeLessThan(job.indexOf('ha.sh'));
    expect(job).toContain('ip netns exec ha-a bash -c "$LAB_COMMAND"');
    expect(labJob({ ha: true })).toContain('ip netns exec ha-a bash "$LAB_REPO/src/lab/guest/monitor.sh"');
    expect(labJob({})).not.toContain('ha.sh');
  });

  it('refuses --timeout without --command: the monitor runs until it is quit', () => {
    expect(() => labJob({ timeout: 60 })).toThrow(
      new UsageError('--timeout limits --command: the monitor runs until you quit it'),
    );
    expect(labJob({ command: 'true', timeout: 60 })).toContain('bash -c "$LAB_COMMAND"');
  });

  it('with --heartbeat starts the heartbeat pair after the site and runs on node hb-d1 as it sees itself', () => {
    const job = labJob({ heartbeat: true, command: 'ipvstop list --json' });
    expect(job.indexOf('start-lab.sh')).toBeLessThan(job.indexOf('hb.sh'));
    const inNode = 'nsenter -t "$(cat /run/ipvstop-hb/hb-d1.ns)" -m -n -u ';
    expect(job).toContain(`${inNode}bash -c "$LAB_COMMAND"`);
    expect(labJob({ heartbeat: true })).toContain(`${inNode}bash "$LAB_REPO/src/lab/guest/monitor.sh"`);
    expect(labJob({ ha: true })).not.toContain('hb.sh');
    expect(() => labJob({ ha: true, heartbeat: true })).toThrow(
      new UsageError('--ha and --heartbeat each start a pair: choose one'),
    );
  });

  it('refuses monitor options with --command', () => {
    expect(() => labJob({ command: 'true', interval: 2, readOnly: true })).toThrow(
      new UsageError(
        "--command runs a command instead of the monitor: it takes none of the monitor's options (-i --read-only)",
      ),
    );
  });
});
