/**
 * `ipvstop conns` against ipvsadm -Lcn and the kernel's own table: a persistent service
 * with several clients, filters, templates, and top talkers under a SYN flood from
 * chosen source addresses (sent inside the guest's client namespace only).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  expectRows,
  ipvstopInProcess,
  pauseTraffic,
  ROOT,
  resumeTraffic,
  sh,
  shRaw,
  stillReads,
  waitUntil,
} from './helpers.js';
import { holdStillTable, releaseStillTable } from './stillTable.js';
import { Screen } from './tmux.js';

/** Rows with the expiry masked: it ticks between reads. */
const rowsOf = (text: string): string[] =>
  text
    .replace(/^(\S+ +)\d\d:\d\d /gm, '$1mm:ss ')
    .split('\n')
    .filter((l) => l !== '');

/** ours = the rows of ipvsadm -Lcn that `keep` takes, header included, in their order, on a still table. */
async function expectRowsOfIpvsadm(args: string[], keep: (row: string) => boolean): Promise<string[]> {
  const { expected, actual } = await stillReads('-Lcn', args);
  expect(actual.stderr).toBe('');
  expect(actual.status).toBe(0);
  const [want, ours] = [rowsOf(expected), rowsOf(actual.stdout)];
  const wanted = want.slice(2).filter(keep);
  expectRows(ours, [...want.slice(0, 2), ...wanted], `ipvstop ${args.join(' ')} against ipvsadm -Lcn`);
  // Something to compare.
  expect(wanted.length).toBeGreaterThan(0);
  return ours.slice(2);
}

/** mm:ss as seconds (NaN for anything else). */
const seconds = (mmss: string): number => {
  const m = /^(\d\d):(\d\d)$/.exec(mmss);
  return m ? Number(m[1]) * 60 + Number(m[2]) : Number.NaN;
};

const field = (row: string, i: number): string => row.trim().split(/\s+/)[i] ?? '';

describe('conns on a persistent service with several clients, a table held still', () => {
  beforeAll(async () => {
    await sh(`bash ${ROOT}src/lab/guest/services.sh`);
    await holdStillTable();
  }, 300_000);
  afterAll(releaseStillTable);

  it('no filter: the rows of ipvsadm -Lcn, header included', async () => {
    const rows = await expectRowsOfIpvsadm(['conns'], () => true);
    const clients = new Set(rows.filter((r) => field(r, 4) === '192.0.2.2:80').map((r) => field(r, 3).split(':')[0]));
    // The persistent service has connections of several clients and the template of their /24.
    expect(clients.size).toBeGreaterThanOrEqual(3);
    expect(clients).toContain('203.0.113.0');
  });

  it('-t VIP:PORT: the rows of that service, templates included', async () => {
    const rows = await expectRowsOfIpvsadm(['conns', '-t', '192.0.2.2:80'], (r) => field(r, 4) === '192.0.2.2:80');
    expect(rows.some((r) => field(r, 2) === 'ASSURED' || field(r, 2) === 'NONE')).toBe(true);
  });

  it('--client ADDR and --client PREFIX: that client, that network', async () => {
    await expectRowsOfIpvsadm(['conns', '--client', '203.0.113.3'], (r) => field(r, 3).startsWith('203.0.113.3:'));
    await expectRowsOfIpvsadm(['conns', '--client', '2001:db8:203::/64'], (r) =>
      field(r, 3).startsWith('[2001:db8:203::'),
    );
  });

  it('--server, --state, --templates', async () => {
    await expectRowsOfIpvsadm(['conns', '--server', '198.51.100.12:80'], (r) => field(r, 5) === '198.51.100.12:80');
    // TIME_WAIT entries go within 2 min, so a still table has none: ESTABLISHED ones stay.
    await expectRowsOfIpvsadm(['conns', '--state', 'ESTABLISHED'], (r) => field(r, 2) === 'ESTABLISHED');
    await expectRowsOfIpvsadm(['conns', '--templates'], (r) => field(r, 3).endsWith(':0'));
  });

  it('--json: each template names the real server of its row as the one it pins', async () => {
    const r = await ipvstopInProcess(['conns', '--json', '--templates', '-t', '192.0.2.2:80']);
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout) as {
      entries: { client: { address: string }; server: { address: string }; pinnedServer: { address: string } }[];
    };
    expect(doc.entries.length).toBeGreaterThan(0);
    const proc = await sh('ipvsadm -Lcn');
    for (const e of doc.entries) {
      expect(e.pinnedServer).toEqual(e.server);
      expect(proc).toMatch(
        new RegExp(` ${e.client.address.replace(/\./g, '\\.')}:0 +192\\.0\\.2\\.2:80 +${e.server.address}:80`),
      );
    }
  });

  it("the monitor's lookup (c) names the real server of the client's template, and for how long", async () => {
    // The template is kept while it controls connections: each time its timer runs out it starts
    // another minute. Look it up early in one, so that the reads around the lookup see one countdown.
    const template = async (): Promise<{ server: string; left: number }> => {
      const f = (await sh('ipvsadm -Lcn'))
        .split('\n')
        .map((l) => l.trim().split(/\s+/))
        .find((f) => f[3] === '203.0.113.0:0' && f[4] === '192.0.2.2:80');
      return { server: f?.[5] ?? '', left: seconds(f?.[1] ?? '') };
    };
    const screen = Screen.start('lookup', '', 120, 40);
    try {
      await screen.waitFor(/TCP 192\.0\.2\.2:80/, 60_000);
      let before = await template();
      await waitUntil(
        "the client's template to start another minute",
        async () => {
          before = await template();
          return { done: before.left >= 40, seen: JSON.stringify(before) };
        },
        70_000,
      );
      screen.type('c');
      await screen.waitFor(/Client lookup/);
      for (const ch of '203.0.113.3') screen.type(ch);
      screen.keys('Enter');
      const text = await screen.waitFor(/pinned +TCP 192\.0\.2\.2:80 -> \S+ for \d\d:\d\d/, 60_000);
      const [, server, left] = /pinned +TCP 192\.0\.2\.2:80 -> (\S+) for (\d\d:\d\d)/.exec(text)!;
      const after = await template();
      expect(after.server).toBe(server);
      expect(after.left, 'the template started another minute: the lookup took over 40 s').toBeLessThanOrEqual(
        before.left,
      );
      // Read between the two reads of the template's row, so its time left lies between theirs.
      expect(seconds(left!)).toBeLessThanOrEqual(before.left);
      expect(seconds(left!)).toBeGreaterThanOrEqual(after.left);
      expect(text).toMatch(/203\.0\.113\.3:\d+ -> 192\.0\.2\.\d:80 -> 198\.51\.100\.1\d:80/);
    } finally {
      screen.kill();
    }
  }, 120_000);

  it("the Connections pane's entries: the service's as ipvsadm lists them, in client order; / by client", async () => {
    type Entry = { state: string; client: string; virtual: string; dest: string };
    const ipvsadm = async (): Promise<Entry[]> =>
      (await sh('ipvsadm -Lcn'))
        .split('\n')
        .slice(2)
        .map((l) => l.trim().split(/\s+/))
        .filter((f) => f[4] === '192.0.2.2:80')
        .map((f) => ({ state: f[2]!, client: f[3]!, virtual: f[4]!, dest: f[5]! }));
    // After the cursor's mark (`>` or a space).
    const ROW = /^[ >](?:TCP|UDP) \d\d:\d\d {2}(\S+) +(\S+) +(\S+) +(pins )?(\S+)$/;
    const shown = (text: string): (Entry & { template: boolean })[] =>
      text.split('\n').flatMap((l) => {
        const m = ROW.exec(l.trimEnd());
        return m ? [{ state: m[1]!, client: m[2]!, virtual: m[3]!, dest: m[5]!, template: m[4] !== undefined }] : [];
      });
    const key = (e: Entry): string => `${e.client} ${e.virtual} ${e.dest}`;
    const octets = (client: string): number[] => client.split(/[.:]/).map(Number);
    const before = await ipvsadm();
    const screen = Screen.start('browser', '', 120, 40);
    try {
      await screen.waitFor(/TCP 192\.0\.2\.2:80/, 60_000);
      screen.type('/');
      screen.type('192.0.2.2:80');
      screen.keys('Enter');
      await screen.waitFor(/> . TCP 192\.0\.2\.2:80/);
      screen.type('2');
      await new Promise((r) => setTimeout(r, 300));
      screen.type('o');
      let text = await screen.waitFor(/Entries of TCP 192\.0\.2\.2:80, by client: 1-\d+ of \d+/, 60_000);
      const after = await ipvsadm();
      // The table is still: the count is ipvsadm's, read before and after alike.
      const count = Number(/by client: 1-\d+ of (\d+)/.exec(text)![1]);
      expectRows(after.map(key), before.map(key), 'the table held still moved');
      expect(count).toBe(before.length);
      const rows = shown(text);
      expect(rows.length).toBeGreaterThan(3);
      const known = new Map(before.map((e) => [key(e), e]));
      for (const r of rows) {
        const row = known.get(key(r));
        expect(row, `${key(r)} is an entry of ipvsadm -Lcn`).toBeDefined();
        // A template shows as one, with the real server of its row as the one it pins.
        if (r.template) expect(['NONE', 'ASSURED']).toContain(row!.state);
        else expect(r.state).toBe(row!.state);
      }
      expect(rows.some((r) => r.template && r.client === '203.0.113.0:0')).toBe(true);
      const order = rows.map((r) => octets(r.client));
      const sorted = [...order].sort((a, b) => a.reduce((d, x, i) => d || x - b[i]!, 0));
      expect(order).toEqual(sorted);

      screen.type('/');
      screen.type('203.0.113.3');
      screen.keys('Enter');
      text = await screen.waitFor(/by client \/203\.0\.113\.3: 1-\d+ of \d+/, 60_000);
      const filtered = shown(text);
      expect(filtered.length).toBeGreaterThan(0);
      for (const r of filtered) expect(r.client).toMatch(/^203\.0\.113\.3:\d+$/);
      const ofClient = (es: Entry[]): number => es.filter((e) => e.client.startsWith('203.0.113.3:')).length;
      const n = Number(/of (\d+)/.exec(text.split('by client /203.0.113.3:')[1]!)![1]);
      expect(n).toBe(ofClient(before));

      // Enter on the cursor's entry looks its client up: pinned to the server of its network's template.
      screen.keys('Enter');
      text = await screen.waitFor(/pinned +TCP 192\.0\.2\.2:80 -> \S+ for \d\d:\d\d/, 60_000);
      const pinned = /pinned +TCP 192\.0\.2\.2:80 -> (\S+) for/.exec(text)![1];
      const template = before.find((e) => e.client === '203.0.113.0:0');
      expect(pinned).toBe(template?.dest);
    } finally {
      screen.kill();
    }
  }, 150_000);

  it('a service that does not exist, a bad prefix: exit 2, one line', async () => {
    for (const args of [
      ['-t', '192.0.2.99:80'],
      ['--client', '203.0.113.0/40'],
    ]) {
      const r = await ipvstopInProcess(['conns', ...args]);
      expect(r.status).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/^ipvstop: [^\n]+\n$/);
    }
  });
});

/** hping3 SYN floods from spoofed sources, run in the background inside the client namespace. */
const flood = (sources: string[], packets: number): string[] =>
  sources.map(
    (a) => `ip netns exec client hping3 -q -S -p 80 -i u500 -c ${packets} -a ${a} 192.0.2.1 >/dev/null 2>&1 &`,
  );

describe('conns --top under a SYN flood', () => {
  const SOURCES = ['203.0.113.50', '203.0.113.51', '203.0.113.52'];
  beforeAll(async () => {
    await pauseTraffic();
    // Spoofed sources on the client subnet that no host holds: the SYN-ACKs die at ARP on the director.
    await shRaw(`${flood(SOURCES, 1500).join('\n')}\nwait`);
  }, 180_000);
  // The floods' SYN_RECV entries (60 s in IPVS, from the last SYN-ACK a real server retransmits) would be
  // a SYN flood to the suites after this one (the doctor's). The flooded service goes, and its entries
  // with it: with expire_nodest_conn=1 (services.sh) Linux 5.9 and later expire the entries of a removed
  // real server in a work queued at its removal, not at their next packet. Then the lab's table again.
  afterAll(async () => {
    await shRaw('ipvsadm -D -t 192.0.2.1:80');
    // 203.0.113.50-52 and .60-62, as the kernel writes them.
    const floods = "grep -E '^TCP CB0071(3[2-4]|3[C-E]) .* SYN_RECV ' /proc/net/ip_vs_conn || true";
    await waitUntil(
      "the floods' SYN_RECV entries to go",
      async () => {
        const left = (await sh(floods)).trim();
        return { done: left === '', seen: `${left.split('\n').length} entries` };
      },
      150_000,
    );
    await sh(`bash ${ROOT}src/lab/guest/services.sh`);
    await resumeTraffic();
  }, 180_000);

  it('names exactly those sources, by entries and by SYN_RECV', async () => {
    const r = await ipvstopInProcess(['conns', '--top', '3', '--json']);
    expect(r.status).toBe(0);
    type T = { key: string; entries: { count: number }; synRecv: { count: number } };
    const doc = JSON.parse(r.stdout) as { clients: T[]; synClients: T[]; networks: T[] };
    expect(doc.clients.map((c) => c.key).sort()).toEqual(SOURCES);
    expect(doc.synClients.map((c) => c.key).sort()).toEqual(SOURCES);
    expect(doc.networks[0]?.key).toBe('203.0.113.0/24');
    const proc = await sh('cat /proc/net/ip_vs_conn');
    for (const c of doc.synClients) {
      const hex = c.key
        .split('.')
        .map((o) => Number(o).toString(16).padStart(2, '0'))
        .join('')
        .toUpperCase();
      const now = proc.split('\n').filter((l) => l.startsWith(`TCP ${hex} `) && / SYN_RECV /.test(l)).length;
      // Entries only expire meanwhile: the count read first is at least today's and near it.
      expect(c.synRecv.count).toBeGreaterThanOrEqual(now);
      expect(c.synRecv.count).toBeGreaterThan(500);
    }
  });
  it('the Connections pane lists the sources of a new flood as the top talkers of the table', async () => {
    const sources = ['203.0.113.60', '203.0.113.61', '203.0.113.62'];
    const screen = Screen.start('talkers', '', 120, 40);
    try {
      await screen.waitFor(/TCP 192\.0\.2\.1:80/, 60_000);
      screen.type('2');
      await new Promise((r) => setTimeout(r, 300));
      screen.type('o');
      await screen.waitFor(/Top clients, all/, 60_000);
      // Twice the first flood's packets: these sources must overtake the first ones.
      await shRaw(`${flood(sources, 3000).join('\n')}\nwait`);
      const shown = (t: string): string[] =>
        (t.split('Top clients, all')[1] ?? '')
          .split('\n')
          .slice(1, 4)
          .map((l) => l.trim().split(/\s+/)[0] ?? '');
      const text = await screen.waitFor(/Top clients, all[^\n]*\n( +203\.0\.113\.6\d .*\n){3}/, 90_000);
      expect(shown(text).sort()).toEqual(sources);
    } finally {
      screen.kill();
    }
  }, 180_000);
});
