/**
 * `ipvstop list` refuses what `ipvsadm -L` 1.31 refuses, word for word. The expected lines
 * are what ipvsadm 1.31 printed for these arguments (its argument checks, observed on a
 * host with its netlink calls stubbed; the lab suite compares with the real one).
 */
import { describe, expect, it } from 'vitest';
import type { ListFlags } from '../../src/cli/program.js';
import { runCaptured, stubHandlers } from './handlers.js';

async function list(...args: string[]): Promise<{ status: number; stderr: string; flags?: ListFlags }> {
  let flags: ListFlags | undefined;
  const h = stubHandlers({
    list: async (f) => {
      flags = f;
      return 0;
    },
  });
  const { status, stderr } = await runCaptured(['list', ...args], h);
  return { status, stderr, flags };
}

const SVC = '192.0.2.1:80';
const conflict = (a: string, b: string): string =>
  `The option '${a}' conflicts with the '${b}' option in the 'list' command`;

describe('list refuses what ipvsadm -L refuses, in its words, exit 2', () => {
  it.each([
    [['-c', '-t', SVC], conflict('service-address', 'connection')],
    [['-t', SVC, '-c'], conflict('service-address', 'connection')],
    [['-c', '-f', '7', '-6'], conflict('service-address', 'connection')],
    [['-c', '--timeout'], conflict('timeout', 'connection')],
    [['--daemon', '-c'], conflict('daemon', 'connection')],
    [['--timeout', '--daemon'], conflict('daemon', 'timeout')],
    [['--daemon', '--timeout'], conflict('daemon', 'timeout')],
    [['-u', SVC, '--timeout'], conflict('timeout', 'service-address')],
    [['--sctp-service', SVC, '--daemon'], conflict('daemon', 'service-address')],
    [['--daemon', '--timeout', '-c'], conflict('timeout', 'connection')],
    [['--stats', '-c', '-t', SVC], conflict('service-address', 'connection')],
    [['-c', '--stats'], 'options conflicts in the list command'],
    [['--rate', '-c'], 'options conflicts in the list command'],
    [['-c', '--thresholds'], 'options conflicts in the list command'],
    [['--timeout', '--stats'], 'options conflicts in the list command'],
    [['--daemon', '--persistent-conn'], 'options conflicts in the list command'],
    [['--persistent-conn', '-c', '--stats'], 'options conflicts in the list command'],
    [['-6'], '-6 used before -f'],
    [['-t', SVC, '-6'], '-6 used before -f'],
    [['-6', '-f', '7'], '-6 used before -f'],
    [['-c', '-6'], '-6 used before -f'],
    [['--stats', '--stats'], "multiple 'stats' options specified"],
    [['-n', '-n'], "multiple 'numeric' options specified"],
    [['--nosort', '--nosort'], "multiple 'nosort' options specified"],
    [['-c', '-c', '--stats'], "multiple 'connection' options specified"],
    [['-t', SVC, '-u', SVC], "multiple 'service-address' options specified"],
    [['-f', '7', '-t', 'nonsense'], "multiple 'service-address' options specified"],
    [['-f', '1', '-6', '-f', '2'], "multiple 'service-address' options specified"],
    [['--stats', '--stats', '-6'], "multiple 'stats' options specified"],
    [['-6', '--stats', '--stats'], '-6 used before -f'],
  ])('list %j', async (args, words) => {
    const r = await list(...args);
    expect(r.stderr).toBe(`ipvstop: ${words}\n`);
    expect(r.status).toBe(2);
    expect(r.flags).toBeUndefined();
  });

  it('takes what ipvsadm takes', async () => {
    for (const args of [
      ['-c', '--persistent-conn'],
      ['-c', '--exact', '--tun-info', '--nosort'],
      ['--timeout', '--exact', '--tun-info'],
      ['--daemon', '-n'],
      ['-f', '7', '-6', '-6'],
      ['--sort', '--sort', '--nosort'],
      ['--stats', '--rate', '--thresholds'],
      ['-t', SVC, '--persistent-conn', '--stats'],
      ['--json', '--json', '-c'],
    ]) {
      const r = await list(...args);
      expect([args, r.stderr, r.status]).toEqual([args, '', 0]);
    }
  });

  it('reads -6 after -f as an IPv6 fwmark service, and [IPv4]:PORT as ipvsadm does (port 0)', async () => {
    expect((await list('-f', '7', '-6')).flags?.service).toEqual({
      af: 10,
      protocol: 0,
      address: '::',
      port: 0,
      fwmark: 7,
    });
    expect((await list('-t', '[10.1.0.100]:80')).flags?.service).toEqual({
      af: 2,
      protocol: 6,
      address: '10.1.0.100',
      port: 0,
      fwmark: 0,
    });
  });
});

describe('list --watch SECONDS (ours): only with --json, a plain number of seconds from 1 to 60', () => {
  it.each([
    [['--watch', '2'], '--watch needs --json: it writes one JSON document per line'],
    [['--stats', '--watch', '2'], '--watch needs --json: it writes one JSON document per line'],
    ...['0', '0.5', '60.01', '61', '-1', '1e1', '0x10', ' 2', '2s', '', 'abc', 'Infinity', 'NaN', '2.', '.5'].map(
      (v) => [['--json', '--watch', v], `--watch: '${v}' is not a number of seconds from 1 to 60 (e.g. 2 or 2.5)`],
    ),
    [
      ['--json', '--watch', 'abc', '--watch', '2'],
      "--watch: 'abc' is not a number of seconds from 1 to 60 (e.g. 2 or 2.5)",
    ],
  ])('refuses list %j: one line, exit 2', async (args, words) => {
    const r = await list(...args);
    expect(r.stderr).toBe(`ipvstop: ${words}\n`);
    expect(r.status).toBe(2);
    expect(r.flags).toBeUndefined();
  });

  it('takes 1, 2.5 and 60, in any place; the last of two counts; absent, no watch', async () => {
    for (const [args, seconds] of [
      [['--json', '--watch', '1'], 1],
      [['--watch', '2.5', '--json'], 2.5],
      [['-t', SVC, '--json', '--watch', '60'], 60],
      [['--json', '--watch', '5', '--watch', '3'], 3],
    ] as const) {
      const r = await list(...args);
      expect([args, r.stderr, r.status, r.flags?.watch]).toEqual([args, '', 0, seconds]);
    }
    const plain = await list('--json');
    expect(plain.flags).not.toHaveProperty('watch');
  });

  it('needs its SECONDS', async () => {
    const r = await list('--json', '--watch');
    expect(r.status).toBe(2);
    expect(r.stderr).toBe("ipvstop: option '--watch <seconds>' argument missing (see ipvstop --help)\n");
  });
});
