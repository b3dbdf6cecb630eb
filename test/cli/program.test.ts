import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/cli/errors.js';
import type { ExporterFlags } from '../../src/cli/exporterArgs.js';
import type { Handlers, ListFlags, MonitorOptions } from '../../src/cli/program.js';
import type { SnapshotFlags } from '../../src/cli/snapshotArgs.js';
import type { WeightRequest } from '../../src/cli/weightArgs.js';
import { runCaptured } from './handlers.js';

function harness(list: (f: ListFlags) => number = () => 0) {
  const calls: {
    monitor?: MonitorOptions;
    list?: ListFlags;
    lab?: object;
    weights?: WeightRequest;
    doctor?: object;
    exporter?: ExporterFlags;
    snapshot?: SnapshotFlags;
  } = {};
  // What every run printed, in order (a test may run several).
  let stdout = '';
  let stderr = '';
  const h: Handlers = {
    monitor: async (o) => {
      calls.monitor = o;
      return 0;
    },
    list: async (f) => {
      calls.list = f;
      return list(f);
    },
    lab: async (f) => {
      calls.lab = f;
      return 3;
    },
    weights: async (r) => {
      calls.weights = r;
      return 0;
    },
    conns: async () => 0,
    fleet: async () => 0,
    doctor: async (f) => {
      calls.doctor = f;
      return 1;
    },
    record: async () => 0,
    replay: async () => 0,
    snapshot: async (f) => {
      calls.snapshot = f;
      return 0;
    },
    exporter: async (f) => {
      calls.exporter = f;
      return 0;
    },
  };
  const go = async (...argv: string[]): Promise<number> => {
    const r = await runCaptured(argv, h);
    stdout += r.stdout;
    stderr += r.stderr;
    return r.status;
  };
  return { go, calls, io: () => ({ stdout, stderr }) };
}

describe('ipvstop command line', () => {
  it('runs the monitor with defaults', async () => {
    const t = harness();
    expect(await t.go()).toBe(0);
    expect(t.calls.monitor).toEqual({
      interval: 1,
      readOnly: false,
      exact: false,
      color: true,
      highlight: true,
      history: 900_000,
    });
  });

  it('takes monitor options', async () => {
    const t = harness();
    await t.go(
      '-i',
      '0.5',
      '--read-only',
      '--iface',
      'eth0',
      '--exact',
      '--no-color',
      '--no-highlight',
      '--history',
      '1h',
    );
    expect(t.calls.monitor).toEqual({
      interval: 0.5,
      readOnly: true,
      iface: 'eth0',
      exact: true,
      color: false,
      highlight: false,
      history: 3_600_000,
    });
    await t.go('--history', '0');
    expect(t.calls.monitor?.history).toBe(0);
  });

  it.each([['30s'], ['3h'], ['soon'], ['']])('refuses --history %j in one line, exit 2', async (v) => {
    const t = harness();
    expect(await t.go('--history', v)).toBe(2);
    expect(t.io().stderr).toMatch(
      /^ipvstop: option '--history <duration>' argument '.*' is invalid\. must be a duration from 1m to 2h, such as 15m or 1h \(0: no history\) \(see ipvstop --help\)\n$/,
    );
  });

  it.each([['0'], ['0.1'], ['61'], ['abc'], ['-1'], ['1e3'], ['']])(
    'refuses interval %j in one line, exit 2',
    async (v) => {
      const t = harness();
      expect(await t.go('-i', v)).toBe(2);
      expect(t.calls.monitor).toBeUndefined();
      expect(t.io().stderr).toMatch(
        /^ipvstop: option '-i, --interval <seconds>' argument '.*' is invalid\. must be a number of seconds from 0\.2 to 60 \(see ipvstop --help\)\n$/,
      );
    },
  );

  it('refuses an unknown option and an unknown command', async () => {
    const t = harness();
    expect(await t.go('--bogus')).toBe(2);
    expect(await t.go('list', '--bogus')).toBe(2);
    expect(t.io().stderr.split('\n').filter(Boolean)).toEqual([
      "ipvstop: unknown option '--bogus' (see ipvstop --help)",
      "ipvstop: unknown option '--bogus' (see ipvstop --help)",
    ]);
  });

  it('names an unknown command as one, with the commands there are', async () => {
    const t = harness();
    expect(await t.go('bogus')).toBe(2);
    expect(t.calls.monitor).toBeUndefined();
    expect(t.io().stderr).toBe(
      "ipvstop: unknown command 'bogus': the commands are list, lab, weight, drain, undrain, conns, fleet, doctor, record, replay, snapshot, exporter (see ipvstop --help)\n",
    );
  });

  it.each([
    ['weight', '-t', '192.0.2.1:80', '-r', '198.51.100.11', '-1'],
    ['weight', '-1', '-t', '192.0.2.1:80', '-r', '198.51.100.11'],
    ['undrain', '-t', '192.0.2.1:80', '-r', '198.51.100.11', '--weight', '-1'],
  ])('says a negative weight is an invalid weight, not an unknown option: %j', async (...argv) => {
    const t = harness();
    expect(await t.go(...argv)).toBe(2);
    expect(t.io().stderr).toBe("ipvstop: invalid weight '-1': expected a whole number from 0 to 65535\n");
  });

  it('maps ipvsadm listing flags', async () => {
    const t = harness();
    await t.go('list', '-n', '--stats', '--exact', '--nosort', '-t', '192.0.2.1:80', '--json');
    expect(t.calls.list).toMatchObject({
      numeric: true,
      stats: true,
      exact: true,
      sort: false,
      json: true,
      service: { af: 2, protocol: 6, address: '192.0.2.1', port: 80, fwmark: 0 },
    });
    await t.go('list', '-f', '7', '-6');
    expect(t.calls.list?.service).toEqual({ af: 10, protocol: 0, address: '::', port: 0, fwmark: 7 });
    await t.go('list', '-c');
    expect(t.calls.list).toMatchObject({ connection: true, sort: true });
  });

  it('turns a handler error into one line and its exit code', async () => {
    const t = harness(() => {
      throw new UsageError('bad thing');
    });
    expect(await t.go('list')).toBe(2);
    expect(t.io().stderr).toBe('ipvstop: bad thing\n');
  });

  it('runs the doctor, with --json, and passes its plugin exit status through', async () => {
    const t = harness();
    expect(await t.go('doctor')).toBe(1);
    expect(t.calls.doctor).toEqual({ json: false, arp: false });
    await t.go('doctor', '--json', '--arp');
    expect(t.calls.doctor).toEqual({ json: true, arp: true });
  });

  it("takes the snapshot flags: -o, --anonymize and the history store, defaulting to record's", async () => {
    const t = harness();
    expect(await t.go('snapshot')).toBe(0);
    expect(t.calls.snapshot).toEqual({ anonymize: false, historyDir: '/var/log/ipvstop' });
    await t.go('snapshot', '-o', '/tmp/x.tar.gz', '--anonymize', '--history-dir', '/srv/h');
    expect(t.calls.snapshot).toEqual({ output: '/tmp/x.tar.gz', anonymize: true, historyDir: '/srv/h' });
  });

  it('passes the lab exit code through', async () => {
    const t = harness();
    expect(await t.go('lab', '--command', 'true')).toBe(3);
    expect(t.calls.lab).toEqual({ command: 'true' });
  });

  it('takes --timeout for the lab as seconds, or with s, m or h; refuses anything else in one line', async () => {
    const t = harness();
    for (const [typed, seconds] of [
      ['90', 90],
      ['90s', 90],
      ['30m', 1800],
      ['2h', 7200],
      ['0', 0],
      ['24h', 86400],
    ] as const) {
      await t.go('lab', '--command', 'true', '--timeout', typed);
      expect(t.calls.lab).toEqual({ command: 'true', timeout: seconds });
    }
    for (const bad of ['-1', '1.5', '10x', '25h', '', 'm']) {
      const lab = harness();
      expect(await lab.go('lab', '--command', 'true', '--timeout', bad)).toBe(2);
      expect(lab.calls.lab).toBeUndefined();
      expect(lab.io().stderr).toMatch(/^ipvstop: option '--timeout <duration>' argument '.*' is invalid\. .+\n$/);
    }
  });

  it('takes the monitor options for the lab, only those typed, refused as the monitor refuses them', async () => {
    const t = harness();
    await t.go('lab', '-i', '0.5', '--read-only', '--iface', 'lab-client', '--exact', '--no-color', '--no-highlight');
    expect(t.calls.lab).toEqual({
      interval: 0.5,
      readOnly: true,
      iface: 'lab-client',
      exact: true,
      color: false,
      highlight: false,
    });
    await t.go('lab');
    expect(t.calls.lab).toEqual({});
    t.calls.lab = undefined;
    const bad = [
      ['-i', '0.1'],
      ['--iface', 'a/b'],
    ];
    for (const args of bad) {
      const lab = harness();
      const monitor = harness();
      expect(await lab.go('lab', ...args)).toBe(2);
      expect(await monitor.go(...args)).toBe(2);
      expect(lab.calls.lab).toBeUndefined();
      expect(lab.io().stderr).toMatch(/^ipvstop: option '.*' argument '.*' is invalid\. .+\n$/);
      expect(lab.io().stderr).toBe(monitor.io().stderr);
    }
  });

  it('prints help and exits 0', async () => {
    const t = harness();
    expect(await t.go('--help')).toBe(0);
    expect(t.io().stdout).toMatch(/Usage: ipvstop/);
  });

  it('takes the exporter flags as exporter-toolkit names them, with defaults', async () => {
    const t = harness();
    expect(await t.go('exporter')).toBe(0);
    expect(t.calls.exporter).toEqual({
      listen: { port: 10085 },
      telemetryPath: '/metrics',
      // conn-states is off unless asked for: it reads the whole connection table.
      collect: ['services', 'backends', 'settings', 'ha', 'doctor'],
    });
    await t.go(
      'exporter',
      ...['--web.listen-address', '[::1]:9999', '--web.telemetry-path', '/ipvs', '--web.config.file', 'w.yml'],
      '--no-collect.backends',
    );
    expect(t.calls.exporter).toEqual({
      listen: { host: '::1', port: 9999 },
      telemetryPath: '/ipvs',
      webConfigFile: 'w.yml',
      collect: ['services', 'settings', 'ha', 'doctor'],
    });
    await t.go('exporter', '--web.listen-address', ':80', '--no-collect.services', '--collect.backends');
    expect(t.calls.exporter).toMatchObject({ listen: { port: 80 }, collect: ['backends', 'settings', 'ha', 'doctor'] });
    await t.go(
      'exporter',
      ...['--no-collect.settings', '--no-collect.ha', '--no-collect.doctor', '--collect.conn-states'],
      ...['--max-series', '5000'],
    );
    expect(t.calls.exporter).toMatchObject({ collect: ['services', 'backends', 'conn-states'], maxSeries: 5000 });
    await t.go('exporter', '--collect.conn-states', '--no-collect.conn-states');
    expect(t.calls.exporter).toMatchObject({ collect: ['services', 'backends', 'settings', 'ha', 'doctor'] });
    await t.go('exporter', '--web.listen-address', 'localhost:80');
    expect(t.calls.exporter).toMatchObject({ listen: { host: 'localhost', port: 80 } });
  });

  it.each([
    ['--web.listen-address', '10085'],
    ['--web.listen-address', ':0'],
    ['--web.listen-address', ':65536'],
    ['--web.listen-address', '1.2.3:80'],
    ['--web.listen-address', '[nothex]:80'],
    ['--web.listen-address', '::1:80'],
    ['--web.telemetry-path', 'metrics'],
    ['--web.telemetry-path', '/'],
    ['--web.telemetry-path', '/a b'],
    ['--collect.nothing', ''],
    ['--max-series', '0'],
    ['--max-series', '-3'],
    ['--max-series', '1e5'],
    ['--max-series', 'many'],
  ])('refuses exporter %s %j in one line, exit 2', async (flag, value) => {
    const t = harness();
    expect(await t.go('exporter', flag, ...(value ? [value] : []))).toBe(2);
    expect(t.calls.exporter).toBeUndefined();
    expect(t.io().stderr).toMatch(/^ipvstop: .+\n$/);
  });
});
