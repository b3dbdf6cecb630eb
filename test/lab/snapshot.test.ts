/**
 * `ipvstop snapshot` on the lab's live director, with a recorder's store beside it: the archive
 * holds every part, each non-empty, its list.json has the table `list --json` lists, and with
 * --anonymize no address of the lab (the director's, the services', the real servers', the
 * clients') nor its host name is left in any file.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HistoryReader } from '../../src/history/reader.js';
import { ipvstopInProcess, MAIN, ROOT, sh, waitUntil } from './helpers.js';
import { Screen } from './tmux.js';

const SERVICE = '192.0.2.61:8080';
const SERVER = '198.51.100.33:8080';
const dir = mkdtempSync('/tmp/ipvstop-snapshot-');
const store = join(dir, 'store');

/** Every part a snapshot of the lab holds (the lab records, so the history is there too). */
const PARTS = [
  'list.json',
  'ipvsadm-L-n.txt',
  'ipvsadm-L-n-stats.txt',
  'ipvsadm-L-n-rate.txt',
  'ipvsadm-L-n-thresholds.txt',
  'ipvsadm-L-n-tun-info.txt',
  'ipvsadm-L-n-timeout.txt',
  'ipvsadm-L-n-daemon.txt',
  'ipvsadm-L-n-c.txt',
  'doctor.json',
  'ha-daemon.json',
  'sysctls.txt',
  'kernel-log.txt',
  'ip-addr.txt',
  'ip-route.txt',
  'ip-6-route.txt',
  'ip-neigh.txt',
  'history/events.txt',
  'history/now.json',
  'manifest.json',
];

/** Runs snapshot into `name`.tar.gz, unpacks it with tar, and returns its files by path under the top directory. */
async function snapshot(name: string, ...args: string[]): Promise<Map<string, string>> {
  const archive = join(dir, `${name}.tar.gz`);
  const r = await ipvstopInProcess(['snapshot', '-o', archive, '--history-dir', store, ...args]);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  expect(r.stdout).toBe(`${archive}\n`);
  expect((statSync(archive).mode & 0o777).toString(8)).toBe('600');
  return unpack(archive, name);
}

/** Unpacks the archive with tar (every path under `name`/), and returns its files by path under that directory. */
async function unpack(archive: string, name: string): Promise<Map<string, string>> {
  const listed = (await sh(`tar -tzf ${archive}`)).trim().split('\n');
  expect(listed.every((p) => p.startsWith(`${name}/`))).toBe(true);
  const out = join(dir, `${name}-x`);
  mkdirSync(out);
  await sh(`tar -xzf ${archive} -C ${out}`);
  const top = join(out, name);
  const files = (readdirSync(top, { recursive: true }) as string[]).filter((f) => statSync(join(top, f)).isFile());
  return new Map(files.sort().map((f) => [f, readFileSync(join(top, f), 'utf8')]));
}

/** `a` standing alone: not inside a longer address or name. */
const wholeWord = (a: string): RegExp => new RegExp(`(?<![\\w:.-])${a.replaceAll('.', '\\.')}(?![\\w:-]|\\.\\d)`);

interface JsonService {
  [key: string]: unknown;
  dests: Record<string, unknown>[];
}

/** What identifies a service and its servers, without the counters that move under traffic. */
function table(services: JsonService[]) {
  const pick = (o: Record<string, unknown>, keys: string[]) => Object.fromEntries(keys.map((k) => [k, o[k]]));
  const serviceKeys = ['af', 'protocol', 'address', 'port', 'fwmark', 'scheduler', 'flags', 'timeout', 'netmask'];
  const destKeys = ['af', 'address', 'port', 'forward', 'weight', 'upperThreshold', 'lowerThreshold'];
  return services.map((s) => ({ ...pick(s, serviceKeys), dests: s.dests.map((d) => pick(d, destKeys)) }));
}

/** A recorder that runs through the tests and saw a weight change: its events and its latest sample go into the archive. */
let recorder: ChildProcess | undefined;

beforeAll(async () => {
  await sh(`ipvsadm -A -t ${SERVICE} -s wrr && ipvsadm -a -t ${SERVICE} -r ${SERVER} -m -w 5`);
  // A sync daemon, so that the --daemon form has a line (with none, ipvsadm prints nothing, and so does the part).
  await sh('ipvsadm --start-daemon master --mcast-interface lab-client --syncid 5');
  recorder = spawn(process.execPath, [`${ROOT}bin/ipvstop`, 'record', '--dir', store, '--interval', '1']);
  // The change must fall between two samples for the recorder to see it: one before (Node's start in
  // the lab took over 2.5 s once, and the change came before the first sample), one after.
  await recordedSince(0);
  const changedAt = Date.now();
  await sh(`ipvsadm -e -t ${SERVICE} -r ${SERVER} -m -w 9`);
  await recordedSince(changedAt);
}, 90_000);

/** Waits for a sample of the recorder's store taken after `since` (ms since the epoch). */
async function recordedSince(since: number): Promise<void> {
  const times = (): number[] => {
    try {
      return HistoryReader.open(store).times();
    } catch {
      return []; // no segment yet
    }
  };
  await waitUntil(
    `a recorded sample after ${new Date(since).toISOString()}`,
    async () => ({ done: times().some((t) => t > since), seen: `samples at ${times().join(', ') || 'none'}` }),
    60_000,
  );
}
afterAll(async () => {
  const exited = new Promise((resolve) => recorder?.on('exit', resolve));
  recorder?.kill('SIGTERM');
  await exited;
  await sh(`ipvsadm -D -t ${SERVICE} && ipvsadm --stop-daemon master`);
});

describe('ipvstop snapshot', () => {
  it('holds every part, none empty, each ok in the manifest; list.json has the table list --json lists', async () => {
    const files = await snapshot('plain');
    expect([...files.keys()].sort()).toEqual([...PARTS].sort());
    for (const [name, text] of files) expect(text.length, name).toBeGreaterThan(0);
    const manifest = JSON.parse(files.get('manifest.json')!);
    expect(manifest).toMatchObject({ kind: 'ipvstop-snapshot', anonymized: false, problems: [] });
    expect(manifest.parts.map((p: { file: string; status: string }) => [p.file, p.status])).toEqual(
      PARTS.filter((p) => p !== 'manifest.json').map((p) => [p, 'ok']),
    );
    expect(manifest.connections.leftOut).toBe(0);
    const listed = JSON.parse((await ipvstopInProcess(['list', '--json'])).stdout).services as JsonService[];
    expect(table(JSON.parse(files.get('list.json')!).services)).toEqual(table(listed));
    // The forms without counters are ipvsadm's, byte for byte (those with counters: test/lab/list.test.ts).
    expect(files.get('ipvsadm-L-n-timeout.txt')).toBe(await sh('ipvsadm -L -n --timeout'));
    expect(files.get('ipvsadm-L-n-daemon.txt')).toBe(await sh('ipvsadm -L -n --daemon'));
    expect(files.get('history/events.txt')).toContain(`weight of -t ${SERVICE} -r ${SERVER}: 5 -> 9`);
    expect(files.get('kernel-log.txt')).toMatch(/\] IPVS: /);
  }, 60_000);

  it('with --anonymize, leaves no address of the lab nor its host name in any file', async () => {
    const plain = await snapshot('before');
    const files = await snapshot('anon', '--anonymize');
    expect([...files.keys()].sort()).toEqual([...PARTS].sort());
    // The director's own addresses (loopback names no host and is kept), the services', the servers', the clients'.
    const own = (await sh('ip -o addr show'))
      .split('\n')
      .map((l) => /inet6? ([0-9a-f.:]+)\//.exec(l)?.[1])
      .filter((a): a is string => a !== undefined && a !== '127.0.0.1' && a !== '::1');
    const listed = JSON.parse(plain.get('list.json')!).services as JsonService[];
    const services = listed.flatMap((s) => [s.address, ...s.dests.map((d) => d.address)]) as string[];
    const clients = [...plain.get('ipvsadm-L-n-c.txt')!.matchAll(/ (\d+\.\d+\.\d+\.\d+|\[[0-9a-f:]+\]):\d+ /g)].map(
      (m) => m[1]!.replace(/[[\]]/g, ''),
    );
    const lab = [...new Set([...own, ...services, ...clients, 'ipvstop-lab'])];
    expect(own.length).toBeGreaterThan(4);
    expect(clients.length).toBeGreaterThan(0);
    const found = (text: string) => lab.filter((a) => wholeWord(a).test(text));
    // The check finds every one of them in the archive taken without --anonymize.
    expect([...new Set([...plain.values()].flatMap(found))].sort()).toEqual([...lab].sort());
    for (const [name, text] of files) expect(found(text), name).toEqual([]);
    const manifest = JSON.parse(files.get('manifest.json')!);
    expect(manifest.anonymized).toBe(true);
    expect(manifest.host).toBe('host-1');
    // Still the same table, addresses apart.
    expect(JSON.parse(files.get('list.json')!).services.length).toBe(listed.length);
  }, 90_000);
});

describe('X in the monitor', () => {
  it("writes the same archive into the monitor's directory, with its event log and its history, which replay opens", async () => {
    const here = join(dir, 'monitor');
    mkdirSync(here);
    const s = Screen.command('snapshot-key', `cd ${here} && env -u CI TERM=xterm-256color node ${MAIN} -i 1`, 160, 40);
    const row = (w: number) => new RegExp(`-> ${SERVER.replaceAll('.', '\\.')} +Masq +\\*?${w} `);
    try {
      await s.waitFor(/1 Services/, 60_000);
      // Only this service on screen, whatever else the lab's table holds.
      s.type('/');
      s.type(SERVICE);
      s.keys('Enter');
      await s.waitFor(row(9), 60_000);
      const before = Date.now();
      await sh(`ipvsadm -e -t ${SERVICE} -r ${SERVER} -m -w 3`);
      await s.waitFor(row(3), 30_000);
      const after = Date.now();
      s.keys('X');
      const screen = await s.waitFor(/snapshot written: (\S+)/, 60_000);
      const path = /snapshot written: (\S+)/.exec(screen)![1]!;
      expect(path).toMatch(new RegExp(`^${here}/ipvstop-snapshot-ipvstop-lab-\\d{8}T\\d{6}Z\\.tar\\.gz$`));
      expect((statSync(path).mode & 0o777).toString(8)).toBe('600');
      const files = await unpack(path, basename(path, '.tar.gz'));
      // The director's parts as `ipvstop snapshot` takes them; no recorder writes the default store here.
      const mine = ['monitor/events.txt', expect.stringMatching(/^monitor\/history\/segment-\d{15}\.ipvh$/)];
      expect([...files.keys()]).toEqual(
        expect.arrayContaining([...PARTS.filter((p) => !p.startsWith('history/')), ...mine]),
      );
      const manifest = JSON.parse(files.get('manifest.json')!);
      const status = (f: string) => manifest.parts.find((p: { file: string }) => p.file.startsWith(f))?.status;
      expect([status('list.json'), status('monitor/events.txt'), status('monitor/history/')]).toEqual([
        'ok',
        'ok',
        'ok',
      ]);
      expect(files.get('monitor/events.txt')).toContain(`weight of -t ${SERVICE} -r ${SERVER}: 9 -> 3`);
      // The history, untarred, is a store: the weight before the change, and after it.
      const history = join(dir, `${basename(path, '.tar.gz')}-x`, basename(path, '.tar.gz'), 'monitor/history');
      const weightAt = async (t: number) => {
        const r = await ipvstopInProcess([
          'replay',
          '--dir',
          history,
          '--at',
          String(new Date(t).toISOString()),
          '--json',
        ]);
        // The monitor keeps a read that changed something (and a large table's less often): replay may
        // say how far before T the moment it shows is.
        expect(r.stderr).toMatch(/^(ipvstop: replay: warning: the sample nearest before \S+ is of \S+\n)?$/);
        expect(r.status).toBe(0);
        const svc = (JSON.parse(r.stdout).services as JsonService[]).find((x) => `${x.address}:${x.port}` === SERVICE);
        return svc?.dests.find((d) => `${d.address}:${d.port}` === SERVER)?.weight;
      };
      expect([await weightAt(before), await weightAt(after)]).toEqual([9, 3]);
    } finally {
      s.kill();
      await sh(`ipvsadm -e -t ${SERVICE} -r ${SERVER} -m -w 9`);
    }
  }, 150_000);
});
