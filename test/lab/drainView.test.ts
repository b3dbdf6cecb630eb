/**
 * The monitor's view of a drain under live traffic (the lab's clients keep using 192.0.2.1:80): the
 * server's state word, its detail line with new connections per second and time to empty, then
 * `drained` once its last entry expired.
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { ROOT, sh, waitUntil } from './helpers.js';
import { Screen } from './tmux.js';

let screen: Screen | undefined;

afterEach(() => {
  screen?.kill();
  screen = undefined;
});
afterAll(async () => {
  await sh(`bash ${ROOT}src/lab/guest/services.sh`);
});

/** The detail line of the selected row (the pane's last line above the status line). */
const selectedDetail = (s: Screen): string | undefined =>
  s
    .lines()
    .filter((l) => /^-> /.test(l.trim()))
    .at(-1);

/** What the cursor's row (marked `>`) stands for: a service or a real server's address. */
const cursorAt = (s: Screen): string =>
  /(?:TCP|UDP|SCTP|FWM) \S+|-> \S+/.exec(s.lines().find((l) => l.startsWith('>')) ?? '')?.[0] ?? '';

describe('draining a server in the monitor', () => {
  it('shows draining with new/s and time to empty, then drained', async () => {
    await sh(`rm -rf /run/ipvstop; bash ${ROOT}src/lab/guest/services.sh`);
    await sh('ipvsadm -e -t 192.0.2.1:80 -r 198.51.100.11:80 -m -w 0');
    screen = Screen.start('drainview', '', 160, 30);
    const s = screen;
    await s.waitFor(/198\.51\.100\.11:80 .* draining/, 60_000);
    // Down to the drained server of 192.0.2.1:80 (the first service in the sorted list).
    for (
      let i = 0;
      i < 12 && !/^-> 198\.51\.100\.11:80 {2}masq {2}weight 0/.test(selectedDetail(s)?.trim() ?? '');
      i++
    ) {
      // One row down, seen on the screen before the next look (a busy guest draws late).
      const from = cursorAt(s);
      s.keys('j');
      await waitUntil(
        'the cursor to move down a row',
        async () => ({ done: cursorAt(s) !== from, seen: `${from} -> ${cursorAt(s)}` }),
        30_000,
      );
    }
    await s.waitFor(
      /-> 198\.51\.100\.11:80 {2}masq {2}weight 0 {2}\(quiesced\) {2}draining: \d+ active, \d+ inactive, 0 templates {2}\S+ new\/s {2}empty in ≤ \S+/,
      60_000,
    );
    expect(s.text()).toMatch(/^>~ +-> 198\.51\.100\.11:80 .* draining\s*$/m);
    // No new connections go to it (rr, no persistence): the keep-alive clients close within ~40 s, and
    // TIME_WAIT (2 min in IPVS) is the last to expire.
    await s.waitFor(/-> 198\.51\.100\.11:80 {2}masq {2}weight 0 {2}\(quiesced\) {2}drained/, 280_000);
    expect(s.text()).toMatch(/^>~ +-> 198\.51\.100\.11:80 .* drained\s*$/m);
  }, 400_000);
});
