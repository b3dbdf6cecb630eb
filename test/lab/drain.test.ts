/**
 * `ipvstop weight`, `drain` and `undrain`, checked by their effect on the kernel as ipvsadm reads it,
 * and by their exit statuses. What is about processes runs the built binary: a fresh process that
 * undrains to the weights another saved, three at once, a signal during --wait. The rest runs the same
 * code in the test's own process (Node's start-up is 2-3 s in the lab).
 */
import { spawn } from 'node:child_process';
import { beforeEach, describe, expect, it } from 'vitest';
import { ipvstop, ipvstopInProcess, type Ran, ROOT, sh } from './helpers.js';
import { pollUntil } from './polling.js';

/** `ipvstop ARGS`, sent `signal` once it printed its first progress line. */
function interrupted(args: string[], signal: NodeJS.Signals): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [`${ROOT}bin/ipvstop`, ...args]);
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (b: Buffer) => {
      stdout += b.toString();
    });
    p.stderr.on('data', (b: Buffer) => {
      if (!stderr.includes('waiting: ') && (stderr + b.toString()).includes('waiting: ')) p.kill(signal);
      stderr += b.toString();
    });
    p.on('error', reject);
    p.on('close', (code) => resolve({ status: code ?? -1, stdout, stderr }));
  });
}

/** The `-a` line of `ipvsadm -S -n` for one real server of one service. */
async function saved(service: string, server: string): Promise<string | undefined> {
  return (await sh('ipvsadm -S -n')).split('\n').find((l) => l.startsWith(`-a ${service} -r ${server} `));
}

beforeEach(async () => {
  await sh(`rm -rf /run/ipvstop; bash ${ROOT}src/lab/guest/services.sh`);
});

describe('ipvstop weight', () => {
  it('sets one weight and keeps forwarding and thresholds', async () => {
    const r = await ipvstopInProcess(['weight', '-t', '192.0.2.1:80', '-r', '198.51.100.13:80', '9']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(
      'ipvsadm -e -t 192.0.2.1:80 -r 198.51.100.13:80 -m -w 9 -x 5000 -y 1000: ' +
        'weight of -t 192.0.2.1:80 -r 198.51.100.13:80: 3 -> 9\n',
    );
    expect(await saved('-t 192.0.2.1:80', '198.51.100.13:80')).toBe('-a -t 192.0.2.1:80 -r 198.51.100.13:80 -m -w 9');
    expect(await sh('ipvsadm -L -n --thresholds -t 192.0.2.1:80')).toMatch(/198\.51\.100\.13:80 +5000 +1000 /);
  });

  it.each([
    [
      ['weight', '-t', '192.0.2.9:80', '-r', '198.51.100.13:80', '1'],
      1,
      'ipvstop: Service not defined: -t 192.0.2.9:80\n',
    ],
    [['weight', '-t', '192.0.2.1:80', '-r', '198.51.100.99:80', '1'], 1, /^ipvstop: No such destination: /],
    [['drain', '-u', '192.0.2.1:53', '-r', '198.51.100.11:80'], 1, /^ipvstop: No such destination: /],
    [['weight', '-t', '192.0.2.1:80', '-r', '198.51.100.13:80', '70000'], 2, /invalid weight/],
    [['drain', '-t', '192.0.2.1:80', '-r', '198.51.100.300'], 2, /invalid real server/],
    [['drain', '-t', '192.0.2.1:80', '-r', '198.51.100.13:80', '--read-only'], 1, /refused: read-only mode/],
  ] as const)('%j exits %i and changes nothing', async (argv, status, stderr) => {
    const before = await sh('ipvsadm -S -n');
    const r = await ipvstopInProcess([...argv]);
    expect(r.status).toBe(status);
    expect(r.stderr).toMatch(stderr);
    expect(r.stdout).toBe('');
    expect(await sh('ipvsadm -S -n')).toBe(before);
  });
});

describe('ipvstop drain and undrain', () => {
  it('drains an address in every service, and a fresh process undrains it to the saved weights', async () => {
    await sh('ipvsadm -e -t 192.0.2.2:80 -r 198.51.100.12:80 -m -w 4');
    const r = await ipvstop(['drain', '--server', '198.51.100.12', '--json']);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as { changes: { service: string; weightBefore: number; weightAfter: number }[] };
    expect(out.changes.map((c) => [c.service, c.weightBefore, c.weightAfter]).sort()).toEqual([
      ['-t 192.0.2.1:80', 2, 0],
      ['-t 192.0.2.2:80', 4, 0],
      ['-u 192.0.2.1:53', 1, 0],
    ]);
    expect(await saved('-t 192.0.2.1:80', '198.51.100.12:80')).toMatch(/ -m -w 0$/);
    expect(await saved('-t 192.0.2.2:80', '198.51.100.12:80')).toMatch(/ -m -w 0$/);
    expect(await saved('-u 192.0.2.1:53', '198.51.100.12:53')).toMatch(/ -m -w 0$/);
    expect(await sh('stat -c %a /run/ipvstop /run/ipvstop/saved-weights.json')).toBe('700\n600\n');

    const back = await ipvstop(['undrain', '--server', '198.51.100.12']);
    expect(back.stderr).toBe('');
    expect(back.status).toBe(0);
    expect(await saved('-t 192.0.2.1:80', '198.51.100.12:80')).toMatch(/ -m -w 2$/);
    expect(await saved('-t 192.0.2.2:80', '198.51.100.12:80')).toMatch(/ -m -w 4$/);
    expect(await saved('-u 192.0.2.1:53', '198.51.100.12:53')).toMatch(/ -m -w 1$/);
    expect(await sh('cat /run/ipvstop/saved-weights.json')).toBe('{\n  "weights": {}\n}\n');
  });

  it('refuses to undrain without a known weight (exit 2), and takes --weight', async () => {
    const args = ['undrain', '-t', '192.0.2.2:80', '-r', '198.51.100.13'];
    const r = await ipvstopInProcess(args);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/the weight to go back to is not known .* give --weight W\n$/);
    expect(await saved('-t 192.0.2.2:80', '198.51.100.13:80')).toMatch(/ -w 0$/);
    expect((await ipvstopInProcess([...args, '--weight', '5'])).status).toBe(0);
    expect(await saved('-t 192.0.2.2:80', '198.51.100.13:80')).toMatch(/ -m -w 5$/);
  });

  it('--wait exits 0 at once for a server nothing goes to', async () => {
    await sh('ipvsadm -A -t 192.0.2.60:80 && ipvsadm -a -t 192.0.2.60:80 -r 198.51.100.11:80 -m -w 3');
    const r = await ipvstopInProcess(['drain', '-t', '192.0.2.60:80', '-r', '198.51.100.11:80', '--wait', '--json']);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ drained: true, left: [] });
  });

  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)('--wait stopped by %s says the server is still drained and how to undrain it', async (signal, status) => {
    const r = await interrupted(['drain', '-t', '192.0.2.1:80', '-r', '198.51.100.11:80', '--wait', '--json'], signal);
    expect(r.stderr).toMatch(
      new RegExp(
        `\nipvstop: interrupted \\(${signal}\\); still drained \\(weight 0\\); ` +
          'undrain with: ipvstop undrain -t 192\\.0\\.2\\.1:80 -r 198\\.51\\.100\\.11:80\n$',
      ),
    );
    expect(r.status).toBe(status);
    expect(JSON.parse(r.stdout)).toMatchObject({
      changes: [{ service: '-t 192.0.2.1:80', server: '198.51.100.11:80', weightBefore: 1, weightAfter: 0 }],
      drained: false,
      interrupted: true,
      left: [{ server: '198.51.100.11:80', weight: 0 }],
    });
    expect(await saved('-t 192.0.2.1:80', '198.51.100.11:80')).toMatch(/ -m -w 0$/);
  });

  it('--wait exits 3 at its timeout with what is left, for a server clients still use', async () => {
    // beforeEach made the services anew, without entries: the lab's traffic must reach this server first
    // (a slow guest drained it at once, exit 0, with no entry yet).
    const entries = () => sh('ipvsadm -L -n -t 192.0.2.1:80');
    await pollUntil(
      'an entry for 198.51.100.11:80',
      entries,
      (t) => /198\.51\.100\.11:80 +\S+ +\d+ +(?:[1-9]\d* +\d+|\d+ +[1-9]\d*)\s*$/m.test(t),
      30_000,
    );
    const r = await ipvstopInProcess([
      'drain',
      '-t',
      '192.0.2.1:80',
      '-r',
      '198.51.100.11:80',
      '--wait',
      '--timeout',
      '2',
    ]);
    expect(r.status).toBe(3);
    expect(r.stderr).toMatch(/^ipvstop: waiting: -t 192\.0\.2\.1:80 -r 198\.51\.100\.11:80: \d+ active, \d+ inactive/m);
    expect(r.stderr).toMatch(
      /ipvstop: not drained after 2 s:\n-t 192\.0\.2\.1:80 -r 198\.51\.100\.11:80: .*empty in \d+ s at worst\n$/,
    );
    expect(await saved('-t 192.0.2.1:80', '198.51.100.11:80')).toMatch(/ -m -w 0$/);
  });
});

describe('drain and undrain: saved weights', () => {
  it('three drains at once keep all three weights, and three undrains at once put them back', async () => {
    const args = (cmd: string, n: number) => [cmd, '-t', '192.0.2.1:80', '-r', `198.51.100.1${n}:80`];
    const drains = await Promise.all([1, 2, 3].map((n) => ipvstop(args('drain', n))));
    expect(drains.map((r) => [r.status, r.stderr])).toEqual([
      [0, ''],
      [0, ''],
      [0, ''],
    ]);
    const file = JSON.parse(await sh('cat /run/ipvstop/saved-weights.json')) as { weights: Record<string, unknown> };
    expect(Object.keys(file.weights).sort()).toEqual([1, 2, 3].map((n) => `-t 192.0.2.1:80 -r 198.51.100.1${n}:80`));
    const undrains = await Promise.all([1, 2, 3].map((n) => ipvstop(args('undrain', n))));
    expect(undrains.map((r) => [r.status, r.stderr])).toEqual([
      [0, ''],
      [0, ''],
      [0, ''],
    ]);
    for (const n of [1, 2, 3]) expect(await saved('-t 192.0.2.1:80', `198.51.100.1${n}:80`)).toMatch(` -m -w ${n}`);
  });

  it('a weight saved for a service deleted and added again is not restored to the new one', async () => {
    const args = ['-t', '192.0.2.1:80', '-r', '198.51.100.12:80'];
    // Traffic goes to this service: its server's counters are above 0 when it is drained.
    await sh('sleep 3');
    expect((await ipvstopInProcess(['drain', ...args])).status).toBe(0);
    await sh(
      'ipvsadm -D -t 192.0.2.1:80 && ipvsadm -A -t 192.0.2.1:80 -s rr && ' +
        'ipvsadm -a -t 192.0.2.1:80 -r 198.51.100.11:80 -m -w 1 && ipvsadm -a -t 192.0.2.1:80 -r 198.51.100.12:80 -m -w 0',
    );
    const r = await ipvstopInProcess(['undrain', ...args]);
    expect(r.stderr).toMatch(
      /^ipvstop: the weight saved for -t 192\.0\.2\.1:80 -r 198\.51\.100\.12:80 \(2\) may be another server's: its counters went back since it was saved on \S+: the service was deleted and added again, or zeroed; give the weight to set with --weight W \(--weight 2 if it is this server's\)\n$/,
    );
    expect(r.status).toBe(2);
    expect(await saved('-t 192.0.2.1:80', '198.51.100.12:80')).toMatch(/ -m -w 0$/);
  });

  it('a service that is gone loses its saved weights at the next save, and a server back at a weight is left alone', async () => {
    expect((await ipvstopInProcess(['drain', '-t', '192.0.2.2:80', '-r', '198.51.100.11:80'])).status).toBe(0);
    expect((await ipvstopInProcess(['drain', '-t', '192.0.2.1:80', '-r', '198.51.100.11:80'])).status).toBe(0);
    await sh('ipvsadm -D -t 192.0.2.2:80');
    expect((await ipvstopInProcess(['drain', '-u', '192.0.2.1:53', '-r', '198.51.100.11:53'])).status).toBe(0);
    const file = JSON.parse(await sh('cat /run/ipvstop/saved-weights.json')) as { weights: Record<string, unknown> };
    expect(Object.keys(file.weights).sort()).toEqual([
      '-t 192.0.2.1:80 -r 198.51.100.11:80',
      '-u 192.0.2.1:53 -r 198.51.100.11:53',
    ]);
    await sh('ipvsadm -e -t 192.0.2.1:80 -r 198.51.100.11:80 -m -w 7');
    const r = await ipvstopInProcess(['undrain', '-t', '192.0.2.1:80', '-r', '198.51.100.11:80']);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('-t 192.0.2.1:80 -r 198.51.100.11:80: not drained (weight 7), left alone\n');
    expect(await saved('-t 192.0.2.1:80', '198.51.100.11:80')).toMatch(/ -m -w 7$/);
  });
});

describe('a DR or tunnel real server named with another port', () => {
  // ipvsadm gives DR and tunnel servers the service's port whatever port was typed: ipvstop follows it.
  beforeEach(async () => {
    await sh(
      'ipvsadm -A -t 192.0.2.70:80 && ipvsadm -a -t 192.0.2.70:80 -r 198.51.100.11:9000 -g -w 4 && ' +
        'ipvsadm -a -t 192.0.2.70:80 -r 198.51.100.21:9000 -i -w 5',
    );
  });

  it('is where ipvsadm puts it: at the service port', async () => {
    expect(await saved('-t 192.0.2.70:80', '198.51.100.11:80')).toBe('-a -t 192.0.2.70:80 -r 198.51.100.11:80 -g -w 4');
    expect(await saved('-t 192.0.2.70:80', '198.51.100.21:80')).toBe(
      '-a -t 192.0.2.70:80 -r 198.51.100.21:80 -i -w 5 --tun-type ipip',
    );
  });

  it.each([
    ['198.51.100.11', '-g', 4, ''],
    ['198.51.100.21', '-i', 5, ' --tun-type ipip'],
  ])('%s (%s): drain, undrain and weight find it as ipvsadm does', async (address, method, weight, tunnel) => {
    const args = ['-t', '192.0.2.70:80', '-r', `${address}:9000`];
    const line = (w: number) => `-a -t 192.0.2.70:80 -r ${address}:80 ${method} -w ${w}${tunnel}`;
    const drain = await ipvstopInProcess(['drain', ...args]);
    expect(drain.stderr).toBe('');
    expect(drain.status).toBe(0);
    expect(await saved('-t 192.0.2.70:80', `${address}:80`)).toBe(line(0));
    expect((await ipvstopInProcess(['undrain', ...args])).status).toBe(0);
    expect(await saved('-t 192.0.2.70:80', `${address}:80`)).toBe(line(weight));
    expect((await ipvstopInProcess(['weight', ...args, '9'])).status).toBe(0);
    expect(await saved('-t 192.0.2.70:80', `${address}:80`)).toBe(line(9));
  });

  it('a NAT server keeps its own port: another port is no such destination', async () => {
    await sh('ipvsadm -a -t 192.0.2.70:80 -r 198.51.100.12:9000 -m -w 2');
    const r = await ipvstopInProcess(['drain', '-t', '192.0.2.70:80', '-r', '198.51.100.12:9001']);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('ipvstop: No such destination: -t 192.0.2.70:80 -r 198.51.100.12:9001\n');
  });
});
