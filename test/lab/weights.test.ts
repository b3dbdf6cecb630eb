/**
 * Weight changes are read-modify-write: on NAT, DR and tunnel servers (ipip, gue, gre with their
 * ports and checksum flags), with thresholds, on IPv6 and fwmark services, a change leaves every
 * listing of ipvsadm as it was but for that one weight, and the command the action logs, run by
 * ipvsadm, does exactly what the action did.
 */
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKernelActions } from '../../src/actions/runner.js';
import { savedWeightsIn } from '../../src/actions/savedWeights.js';
import type { KernelActions } from '../../src/actions/types.js';
import { IpvsClient } from '../../src/kernel/ipvs/client.js';
import type { Destination, ServiceId } from '../../src/kernel/ipvs/types.js';
import { NeighbourClient } from '../../src/kernel/neigh/client.js';
import { ROOT, sh } from './helpers.js';

/** Addresses that no traffic of the lab goes to: nothing is ever sent to these servers. */
const TABLE = [
  '-A -t 192.0.2.50:8080 -s wrr',
  '-a -t 192.0.2.50:8080 -r 198.51.100.11:8080 -m -w 5 -x 100 -y 20',
  '-a -t 192.0.2.50:8080 -r 198.51.100.12:8080 -g -w 4',
  '-a -t 192.0.2.50:8080 -r 198.51.100.21:8080 -i --tun-type ipip -w 3 -x 7',
  '-a -t 192.0.2.50:8080 -r 198.51.100.22:8080 -i --tun-type gue --tun-port 6080 --tun-csum -w 2 -x 9 -y 3',
  '-a -t 192.0.2.50:8080 -r 198.51.100.23:8080 -i --tun-type gue --tun-port 6081 --tun-remcsum -w 2',
  '-a -t 192.0.2.50:8080 -r 198.51.100.24:8080 -i --tun-type gue --tun-port 6082 --tun-nocsum -w 2',
  '-a -t 192.0.2.50:8080 -r 198.51.100.25:8080 -i --tun-type gre --tun-csum -w 8',
  '-a -t 192.0.2.50:8080 -r 198.51.100.26:8080 -i --tun-type gre --tun-nocsum -w 9 -x 12 -y 4',
  '-A -t [2001:db8:99::1]:443 -s wlc',
  '-a -t [2001:db8:99::1]:443 -r [2001:db8:198::11]:443 -m -w 7 -x 30 -y 5',
  '-a -t [2001:db8:99::1]:443 -r 198.51.100.27:443 -i --tun-type gue --tun-port 7000 --tun-remcsum -w 1',
  '-A -f 42 -s rr',
  '-a -f 42 -r 198.51.100.11:0 -g -w 6 -x 40',
  '-A -f 43 -6 -s rr',
  '-a -f 43 -6 -r [2001:db8:198::12]:0 -m -w 0',
];

let ipvs: IpvsClient;
let neigh: NeighbourClient;
let actions: KernelActions;
const savedDir = join(mkdtempSync('/tmp/ipvstop-weights-'), 'run');
const logged: string[] = [];

/** Everything ipvsadm shows of the table: the save format (forwarding, weight, tunnel) and the thresholds. */
const listings = async (): Promise<string> =>
  (await sh('ipvsadm -S -n')) + (await sh('ipvsadm -L -n --thresholds')) + (await sh('ipvsadm -L -n --tun-info'));

const server = (d: Destination): string => (d.af === 10 ? `[${d.address}]:${d.port}` : `${d.address}:${d.port}`);

/** The listings with one server's weight changed: its save line's `-w`, and its Weight column with --tun-info. */
function withWeight(text: string, d: Destination, weight: number): string {
  return text
    .split('\n')
    .map((line) => {
      if (line.includes(` -r ${server(d)} `))
        return line.replace(new RegExp(` -w ${d.weight}( |$)`), ` -w ${weight}$1`);
      const m = /^( +-> (\S+) +\S+ +\S+ +)(\d+)( +)(\d+ +\d+ *)$/.exec(line);
      if (!m || m[2] !== server(d)) return line;
      return `${m[1]}${String(weight).padEnd(m[3]!.length + m[4]!.length - 1)} ${m[5]}`;
    })
    .join('\n');
}

beforeAll(async () => {
  await sh(`printf '%s\\n' ${TABLE.map((l) => `'${l}'`).join(' ')} | { ipvsadm -C && ipvsadm -R; }`);
  ipvs = await IpvsClient.open();
  neigh = new NeighbourClient();
  actions = createKernelActions({
    ipvs,
    neigh,
    readOnly: false,
    log: (l) => logged.push(l),
    savedWeights: savedWeightsIn(savedDir),
  });
});
afterAll(async () => {
  ipvs.close();
  neigh.close();
  await sh(`bash ${ROOT}src/lab/guest/services.sh`);
});

describe('weight changes keep every other setting', () => {
  it('on every kind of real server', async () => {
    const services = await ipvs.services();
    let checked = 0;
    for (const service of services) {
      for (const dest of await ipvs.dests(service)) {
        const base = await listings();
        const weight = dest.weight > 0 ? 0 : 3;
        const there = await actions.run({ kind: 'setWeight', service, dest, weight });
        expect(there.ok, there.message).toBe(true);
        const changed = await listings();
        expect(changed).toBe(withWeight(base, dest, weight));
        expect(changed).not.toBe(base);
        const back = await actions.run({ kind: 'setWeight', service, dest: { ...dest, weight }, weight: dest.weight });
        expect(back.ok, back.message).toBe(true);
        expect(await listings()).toBe(base);
        // The logged commands, run by ipvsadm, do the same.
        expect(logged.at(-2)).toContain(there.weightChange!.command);
        await sh(there.weightChange!.command);
        expect(await listings()).toBe(changed);
        await sh(back.weightChange!.command);
        expect(await listings()).toBe(base);
        checked++;
      }
    }
    expect(checked).toBe(TABLE.filter((l) => l.startsWith('-a')).length);
  }, 300_000);
});

describe('drain and undrain through the saved weight', () => {
  const service: ServiceId = { af: 2, protocol: 6, address: '192.0.2.50', port: 8080, fwmark: 0 };
  const nat = { af: 2, address: '198.51.100.11', port: 8080 } as const;

  it('saves the weight in a root-only file and forgets it on undrain', async () => {
    const [dest] = (await ipvs.dests(service)).filter((d) => d.address === nat.address);
    const drained = await actions.run({ kind: 'setWeight', service, dest: dest!, weight: 0 });
    expect(drained.message).toBe(
      'weight of -t 192.0.2.50:8080 -r 198.51.100.11:8080: 5 -> 0 (drained; 5 saved for undrain)',
    );
    expect(await actions.savedWeight(service, nat)).toBe(5);
    const file = join(savedDir, 'saved-weights.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(savedDir).mode & 0o777).toBe(0o700);
    // The weight, when, and the counters that tell this service from one deleted and added again since.
    const counter = expect.stringMatching(/^\d+$/);
    expect(JSON.parse(readFileSync(file, 'utf8')).weights['-t 192.0.2.50:8080 -r 198.51.100.11:8080']).toEqual({
      weight: 5,
      savedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      counters: { serviceConns: counter, serviceInPackets: counter, serverConns: counter, serverInPackets: counter },
    });
    // Draining again keeps the weight saved the first time.
    const again = await actions.run({ kind: 'setWeight', service, dest: dest!, weight: 0 });
    expect(again.message).toMatch(/: already 0$/);
    expect(await actions.savedWeight(service, nat)).toBe(5);
    const undrained = await actions.run({ kind: 'setWeight', service, dest: { ...dest!, weight: 0 }, weight: 5 });
    expect(undrained.message).toBe('weight of -t 192.0.2.50:8080 -r 198.51.100.11:8080: 0 -> 5 (undrained)');
    expect(await actions.savedWeight(service, nat)).toBeUndefined();
    expect(await sh('ipvsadm -S -n')).toContain('-a -t 192.0.2.50:8080 -r 198.51.100.11:8080 -m -w 5\n');
  });

  it("says what is missing in ipvsadm's words", async () => {
    const [dest] = await ipvs.dests(service);
    const noService = await actions.run({
      kind: 'setWeight',
      service: { ...service, port: 8081 },
      dest: dest!,
      weight: 1,
    });
    expect(noService).toEqual({
      ok: false,
      message: expect.stringContaining('failed: Service not defined: -t 192.0.2.50:8081'),
    });
    const noServer = await actions.run({ kind: 'setWeight', service, dest: { ...dest!, port: 1 }, weight: 1 });
    expect(noServer.message).toContain('failed: No such destination: 198.51.100.');
  });

  it('is refused in read-only mode, and nothing changes', async () => {
    const base = await listings();
    const ro = createKernelActions({
      ipvs,
      neigh,
      readOnly: true,
      log: () => {},
      savedWeights: savedWeightsIn(savedDir),
    });
    const [dest] = await ipvs.dests(service);
    const out = await ro.run({ kind: 'setWeight', service, dest: dest!, weight: 0 });
    expect(out).toEqual({ ok: false, message: 'refused: read-only mode (--read-only)' });
    expect(await listings()).toBe(base);
  });
});
