/**
 * The monitor's view of a drain under live traffic: the server's state word, its detail line with new
 * connections per second and time to empty, then `drained` once its last entry expired. The service
 * drained is the suite's own, 192.0.2.1:8080, whose client (resetClient.mjs) ends each connection with
 * a reset: its entries then expire 10 s after their last packet, where the lab's clients' TIME_WAIT
 * holds a drained server for two minutes more.
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { ROOT, sh, waitUntil } from './helpers.js';
import { Screen } from './tmux.js';

const SERVICE = '192.0.2.1:8080';
let screen: Screen | undefined;

afterEach(() => {
  screen?.kill();
  screen = undefined;
});
afterAll(async () => {
  await sh(`pkill -f 'resetClient[.]mjs'; bash ${ROOT}src/lab/guest/services.sh`);
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
    await sh(
      `ipvsadm -A -t ${SERVICE} -s rr && ipvsadm -a -t ${SERVICE} -r 198.51.100.11:8080 -m && ipvsadm -a -t ${SERVICE} -r 198.51.100.12:8080 -m`,
    );
    await sh(`ip netns exec client node ${ROOT}test/lab/resetClient.mjs 192.0.2.1 8080 > /dev/null 2>&1 &`);
    // Entries on both servers before the drain, so that the drained one has some to lose.
    await waitUntil(
      'connections on 198.51.100.11:8080',
      async () => {
        const seen = await sh(`ipvsadm -Ln -t ${SERVICE}`);
        return { done: /198\.51\.100\.11:8080 +Masq +1 +[1-9]/.test(seen), seen };
      },
      30_000,
    );
    screen = Screen.start('drainview', '', 160, 30);
    const s = screen;
    await s.waitFor(/198\.51\.100\.11:8080 .* active/, 60_000);
    // Down to 198.51.100.11:8080 (below 192.0.2.1:80's servers in the sorted list), then drained: its
    // entries would expire before a monitor started after the drain had drawn it.
    for (
      let i = 0;
      i < 16 && !/^-> 198\.51\.100\.11:8080 {2}masq {2}weight 1\b/.test(selectedDetail(s)?.trim() ?? '');
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
    await sh(`ipvsadm -e -t ${SERVICE} -r 198.51.100.11:8080 -m -w 0`);
    await s.waitFor(
      /-> 198\.51\.100\.11:8080 {2}masq {2}weight 0 {2}\(quiesced\) {2}draining: \d+ active, \d+ inactive, 0 templates {2}\S+ new\/s {2}empty in ≤ \S+/,
      60_000,
    );
    expect(s.text()).toMatch(/^>~ +-> 198\.51\.100\.11:8080 .* draining\s*$/m);
    // No new connections go to it (rr, no persistence): the kept connections are reset within 26 s, and
    // their entries leave CLOSE 10 s later.
    await s.waitFor(/-> 198\.51\.100\.11:8080 {2}masq {2}weight 0 {2}\(quiesced\) {2}drained/, 120_000);
    expect(s.text()).toMatch(/^>~ +-> 198\.51\.100\.11:8080 .* drained\s*$/m);
    // The other server kept its traffic throughout.
    expect(await sh(`ipvsadm -Ln -t ${SERVICE}`)).toMatch(/198\.51\.100\.12:8080 +Masq +1 +[1-9]/);
  }, 300_000);
});
