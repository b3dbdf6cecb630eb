/**
 * The monitor's w, d, u and D keys in tmux, checked by their effect on the kernel (ipvsadm), with
 * the weight to go back to found again by a fresh monitor.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, sh } from './helpers.js';
import { Screen } from './tmux.js';

const TABLE = [
  '-A -t 192.0.2.60:80 -s wrr',
  '-a -t 192.0.2.60:80 -r 198.51.100.11:80 -m -w 3 -x 20 -y 5',
  '-A -t 192.0.2.61:80 -s wrr',
  '-a -t 192.0.2.61:80 -r 198.51.100.11:80 -m -w 2',
];

/** `ipvsadm -S -n` and the thresholds of the two services. */
const table = async (): Promise<string> =>
  (await sh('ipvsadm -S -n')) + (await sh('ipvsadm -L -n --thresholds -t 192.0.2.60:80'));

let screen: Screen | undefined;

/** A monitor on the first real server of 192.0.2.60:80 (the first service in the sorted list). */
async function monitorOnServer(args = ''): Promise<Screen> {
  screen = Screen.start('drainkeys', args, 100, 30);
  await screen.waitFor(/198\.51\.100\.11:80[\s\S]*192\.0\.2\.61:80/, 60_000);
  screen.keys('j');
  await screen.waitFor(/>.*198\.51\.100\.11:80/);
  return screen;
}

/** Presses `key`, waits for the confirmation to show `command`, and says yes. */
async function confirmWith(s: Screen, key: string, command: RegExp): Promise<void> {
  s.keys(key);
  await s.waitFor(command);
  s.keys('y');
}

beforeAll(async () => {
  await sh(
    `rm -rf /run/ipvstop; printf '%s\\n' ${TABLE.map((l) => `'${l}'`).join(' ')} | { ipvsadm -C && ipvsadm -R; }`,
  );
});
afterEach(() => {
  screen?.kill();
  screen = undefined;
});
afterAll(async () => {
  await sh(`bash ${ROOT}src/lab/guest/services.sh`);
});

describe('weight keys in the monitor', () => {
  it('d drains, u undrains, w sets a weight, D drains the address everywhere', async () => {
    const s = await monitorOnServer();
    const before = await table();
    await confirmWith(s, 'd', /\$ ipvsadm -e -t 192\.0\.2\.60:80 -r 198\.51\.100\.11:80 -m -w 0 -x 20 -y 5/);
    await s.waitFor(/3 -> 0 \(drained; 3 saved for undrain\)/);
    expect(await table()).toBe(
      before.replace('-t 192.0.2.60:80 -r 198.51.100.11:80 -m -w 3', '-t 192.0.2.60:80 -r 198.51.100.11:80 -m -w 0'),
    );

    await confirmWith(s, 'u', /\$ ipvsadm -e -t 192\.0\.2\.60:80 -r 198\.51\.100\.11:80 -m -w 3 -x 20 -y 5/);
    await s.waitFor(/0 -> 3 \(undrained\)/);
    expect(await table()).toBe(before);

    s.keys('w');
    await s.waitFor(/Weight/);
    s.keys('BSpace');
    s.type('9');
    await confirmWith(s, 'Enter', /\$ ipvsadm -e -t 192\.0\.2\.60:80 -r 198\.51\.100\.11:80 -m -w 9 -x 20 -y 5/);
    await s.waitFor(/weight of -t 192\.0\.2\.60:80 -r 198\.51\.100\.11:80: 3 -> 9/);
    expect(await sh('ipvsadm -S -n')).toContain('-a -t 192.0.2.60:80 -r 198.51.100.11:80 -m -w 9\n');

    s.keys('D');
    await s.waitFor(
      /in all 2 services[\s\S]*-t 192\.0\.2\.60:80 -r 198\.51\.100\.11:80 -m -w 0[\s\S]*-t 192\.0\.2\.61:80 -r 198\.51\.100\.11:80 -m -w 0/,
    );
    s.keys('y');
    await s.waitFor(/all 2 done: weight of -t 192\.0\.2\.60:80 -r 198\.51\.100\.11:80: 9 -> 0/);
    const saved = await sh('ipvsadm -S -n');
    expect(saved).toContain('-a -t 192.0.2.60:80 -r 198.51.100.11:80 -m -w 0\n');
    expect(saved).toContain('-a -t 192.0.2.61:80 -r 198.51.100.11:80 -m -w 0\n');
  }, 180_000);

  it('a fresh monitor undrains to the weight saved before', async () => {
    const s = await monitorOnServer();
    await confirmWith(s, 'u', /\$ ipvsadm -e -t 192\.0\.2\.60:80 -r 198\.51\.100\.11:80 -m -w 9 -x 20 -y 5/);
    await s.waitFor(/0 -> 9 \(undrained\)/);
    expect(await sh('ipvsadm -S -n')).toContain('-a -t 192.0.2.60:80 -r 198.51.100.11:80 -m -w 9\n');
  }, 120_000);

  it('refuses in --read-only and changes nothing', async () => {
    const before = await table();
    const s = await monitorOnServer('--read-only');
    s.keys('d');
    await s.waitFor(/refused: read-only mode/);
    expect(await table()).toBe(before);
  }, 120_000);
});
