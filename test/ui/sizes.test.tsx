/**
 * The monitor at the sizes on-call engineers use (80x24 over SSH, 120x36, 160x48, 200x50), on a
 * table with a persistent service, an IPv6 one and a UDP one: what must be read shows whole.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Finding } from '../../src/doctor/types.js';
import { parseConnTable } from '../../src/kernel/proc/connParser.js';
import type { DoctorSource } from '../../src/state/poller.js';
import type { MonitorConfig } from '../../src/state/types.js';
import { App } from '../../src/ui/App.js';
import { dest, FakeActions, FakeKernel, group, service, summary } from './fakes.js';
import { idle, KEY, plain, renderWithKeyboard, until } from './ink.js';

let unmount: (() => void) | undefined;
afterEach(() => unmount?.());

/** A template, an IPv4 connection, and an IPv6 one from a long client address to a long server address. */
const ROWS = parseConnTable(
  [
    'TCP 0A000009 0000 C0000201 0050 C633640C 0050 NONE            300',
    'TCP 0A00000A 1000 C0000201 0050 C633640B 0050 ESTABLISHED     800',
    'TCP 2001:0db8:1234:5678:0000:0000:0000:abcd D431 2001:0db8:0000:0000:0000:0000:0000:0001 01BB' +
      ' 2001:0db8:ffff:0000:0000:0000:0000:0011 01BB ESTABLISHED     800',
  ].join('\n'),
);

function sizesKernel(): FakeKernel {
  const k = new FakeKernel();
  // Flags 1: persistent, for 300 s.
  k.services = [
    { ...service('192.0.2.1'), flags: 1, timeout: 300 },
    { ...service('2001:db8::1', 443), af: 10 },
    service('192.0.2.53', 53, 10, 17),
  ];
  k.dests.set('2001:db8::1', [{ ...dest('2001:db8:ffff::11'), af: 10, port: 443 }]);
  k.dests.set('192.0.2.53', [{ ...dest('198.51.100.21'), port: 53 }]);
  k.conn = summary({ ESTABLISHED: 12, TIME_WAIT: 13, UDP: 6 }, { NONE: 3 }, [
    group('192.0.2.1', 80, '198.51.100.11', 80, { ESTABLISHED: 8, TIME_WAIT: 10 }, { NONE: 2 }),
    group('192.0.2.1', 80, '198.51.100.12', 80, { ESTABLISHED: 3, TIME_WAIT: 3 }, { NONE: 1 }),
    group('2001:db8::1', 443, '2001:db8:ffff::11', 443, { ESTABLISHED: 1 }),
    group('192.0.2.53', 53, '198.51.100.21', 53, { UDP: 6 }, {}, 'UDP'),
  ]);
  k.connRows = ROWS;
  return k;
}

async function startAt(columns: number, rows: number, kernel = sizesKernel(), doctor?: DoctorSource) {
  const config: MonitorConfig = { intervalMs: 40, exact: false };
  const actions = new FakeActions();
  const r = renderWithKeyboard(
    (keyReads) => (
      <App
        sources={kernel}
        doctor={doctor}
        actions={actions}
        host={{ hostname: 'lb1', kernelRelease: '6.1.0' }}
        config={config}
        readOnly={false}
        keyReads={keyReads}
      />
    ),
    { columns, rows },
  );
  unmount = r.unmount;
  const frame = (): string => plain(r.lastFrame());
  await until(() => frame().includes('198.51.100.12'), 5000);
  const press = async (...keys: string[]): Promise<void> => {
    for (const k of keys) {
      r.stdin.write(k);
      await idle(() => r.frames.length);
    }
  };
  return { frame, press, actions, kernel };
}

/**
 * The Connections pane's lines: from its title to the status line, left of ARP's title when
 * the panes are side by side.
 */
function connectionsPane(frame: string): string[] {
  const lines = frame.split('\n');
  const top = lines.findIndex((l) => /^ 2 Connections|\[2 Conn/.test(l));
  const arp = lines[top]!.indexOf(' 4 ARP');
  return lines.slice(top, -2).map((l) => (arp < 0 ? l : l.slice(0, arp)).trimEnd());
}

/** Text as read, whatever the wrapping: runs of spaces and line breaks as one space. */
const read = (lines: readonly string[]): string => lines.join('\n').replace(/\s+/g, ' ');

const SIZES = [
  [80, 24],
  [120, 36],
  [160, 48],
  [200, 50],
] as const;

describe.each(SIZES)('at %dx%d, pane 2 focused', (columns, rows) => {
  it('shows the counts of the table, the service and the server whole, templates included', async () => {
    const m = await startAt(columns, rows);
    await m.press('j', '2');
    await until(() => /Entries of .* of 1/.test(m.frame()));
    const pane = connectionsPane(m.frame());
    for (const l of pane) expect(l).not.toContain('…');
    const text = read(pane);
    expect(text).toContain('34 entries, read in 2ms');
    expect(text).toContain('all 31 conns (ESTABLISHED 12, TIME_WAIT 13, UDP 6), 3 templates');
    expect(text).toContain('service TCP 192.0.2.1:80: 24 conns (ESTABLISHED 11, TIME_WAIT 13), 3 templates');
    expect(text).toContain('server -> 198.51.100.11:80: 18 conns (ESTABLISHED 8, TIME_WAIT 10), 2 templates');
  }, 15_000);

  it('keeps the Virtual column with IPv6 and template rows, every address whole', async () => {
    const m = await startAt(columns, rows);
    await m.press('2', 'a');
    await until(() => /Entries of all, by client: 1-3 of 3/.test(m.frame()));
    const pane = connectionsPane(m.frame());
    for (const l of pane) expect(l).not.toContain('…');
    const entries = pane.slice(pane.findIndex((l) => l.startsWith('Entries of all')));
    expect(entries[1]).toMatch(/ Pro +Expire +State +Source/);
    expect(read(entries.slice(1, 3))).toMatch(/Source.* Virtual .*Destination/);
    const text = read(entries);
    // Each row names its client, its virtual service and its real server (a template: the one it pins to).
    expect(text).toMatch(/template 10\.0\.0\.9:0 (-> )?192\.0\.2\.1:80 pins 198\.51\.100\.12:80/);
    expect(text).toMatch(/ESTABLISHED 10\.0\.0\.10:4096 (-> )?192\.0\.2\.1:80 (-> )?198\.51\.100\.11:80/);
    expect(text).toMatch(
      /ESTABLISHED \[2001:db8:1234:5678::abcd\]:54321 (-> )?\[2001:db8::1\]:443 (-> )?\[2001:db8:ffff::11\]:443/,
    );
  }, 15_000);
});

describe('the split layout gives width by need', () => {
  it('at 160x48, with neither focused, ARP keeps its rows whole and Connections wraps instead', async () => {
    const m = await startAt(160, 48);
    await m.press('2', 'a', '1');
    await until(() => /Entries of all, by client: 1-3 of 3/.test(m.frame()));
    const lines = m.frame().split('\n');
    const arpLeft = lines.find((l) => l.includes(' 4 ARP'))!.indexOf(' 4 ARP');
    const arpRows = lines.map((l) => l.slice(arpLeft)).filter((l) => /lab-(client|rs) /.test(l));
    expect(arpRows).toHaveLength(2);
    for (const l of arpRows) expect(l).toMatch(/ (VIP|RS) +REACHABLE$/);
    for (const l of connectionsPane(m.frame())) expect(l).not.toContain('…');
  }, 15_000);

  it('at 200x50 each entry takes one line, the destination whole, and ARP no more than its rows need', async () => {
    const m = await startAt(200, 50);
    // All entries, then back to Services: ARP and Connections unfocused.
    await m.press('2', 'a', '1');
    await until(() => /Entries of all, by client: 1-3 of 3/.test(m.frame()));
    const lines = m.frame().split('\n');
    const pane = connectionsPane(m.frame());
    expect(pane.find((l) => l.includes(':54321'))).toMatch(
      /^ TCP 13:20 {2}ESTABLISHED \[2001:db8:1234:5678::abcd\]:54321 +\[2001:db8::1\]:443 +\[2001:db8:ffff::11\]:443$/,
    );
    // ARP's rows reach its right edge: its spare columns went to Connections.
    const arpTitle = lines.find((l) => l.includes(' 4 ARP'))!;
    const arpLeft = arpTitle.indexOf(' 4 ARP');
    const arpRows = lines.filter((l) => /lab-(client|rs) /.test(l.slice(arpLeft)));
    expect(Math.max(...arpRows.map((l) => l.length))).toBeGreaterThan(200 - 4);
  }, 15_000);
});

describe('at 80x24 (over SSH), what must be read wraps instead of being cut', () => {
  /** The open dialog's lines: from its title rule to the status line. */
  const dialog = (frame: string): string[] => {
    const lines = frame.split('\n');
    return lines.slice(
      lines.findIndex((l) => l.startsWith('── ')),
      -2,
    );
  };

  it('a confirmation shows its sentence and its command whole', async () => {
    const m = await startAt(80, 24);
    m.actions.servers = ['192.0.2.1', '192.0.2.2'].map((vip) => ({
      service: service(vip),
      dest: dest('198.51.100.11'),
    }));
    await m.press('j', 'd');
    await until(() => m.frame().includes('── Confirm'));
    let shown = dialog(m.frame());
    for (const l of shown) expect(l).not.toContain('…');
    expect(read(shown)).toContain(
      'Drain 198.51.100.11:80 in TCP 192.0.2.1:80: weight 1 -> 0, no new connections; existing ones stay.',
    );
    expect(read(shown)).toContain('$ ipvsadm -e -t 192.0.2.1:80 -r 198.51.100.11:80 -m -w 0');
    await m.press('n', 'D');
    await until(() => m.frame().includes('── Confirm'));
    shown = dialog(m.frame());
    for (const l of shown) expect(l).not.toContain('…');
    expect(read(shown)).toContain(
      'Drain 198.51.100.11 in all 2 services it is in: no new connections; existing ones stay.',
    );
  }, 15_000);

  it('an undrain confirmation, and the detail of a draining IPv6 server, whole', async () => {
    const kernel = sizesKernel();
    kernel.dests.set('2001:db8::1', [{ ...dest('2001:db8:ffff::11', 0, { persistentConns: 3 }), af: 10, port: 443 }]);
    kernel.conn = summary(kernel.conn.states, kernel.conn.templates, [
      group('2001:db8::1', 443, '2001:db8:ffff::11', 443, { ESTABLISHED: 1 }, { NONE: 3 }, 'TCP', 800),
    ]);
    const m = await startAt(80, 24, kernel);
    m.actions.saved.set('2001:db8:ffff::11:443', 5);
    await m.press(KEY.end);
    await until(() => m.frame().includes('empty in'));
    const lines = m.frame().split('\n');
    const detail = lines.slice(
      lines.findIndex((l) => l.startsWith('-> [2001:db8:ffff::11]:443')),
      -2,
    );
    for (const l of detail) expect(l).not.toContain('…');
    expect(read(detail)).toMatch(/draining: 2 active, 5 inactive, 3 templates .*empty in ≤ 13m20s/);
    await m.press('u');
    await until(() => m.frame().includes('── Confirm'));
    const shown = dialog(m.frame());
    for (const l of shown) expect(l).not.toContain('…');
    expect(read(shown)).toContain(
      'Undrain [2001:db8:ffff::11]:443 in TCP [2001:db8::1]:443: weight 0 -> 5, new connections again.',
    );
    // A command wrapped ends its lines in ` \`: pasted into a shell, it is still the one command.
    expect(shown.join('\n').replace(/ \\\n */g, ' ')).toContain(
      "$ ipvsadm -e -t '[2001:db8::1]:443' -r '[2001:db8:ffff::11]:443' -m -w 5 -x 0 -y 0",
    );
  }, 15_000);

  it("the entry browser's heading names the words its filter ignores", async () => {
    const m = await startAt(80, 24);
    await m.press('2', '/', ...'10.0.0.9 bogusword', '\r');
    await until(() => /ignored/.test(m.frame()));
    const pane = connectionsPane(m.frame());
    for (const l of pane) expect(l).not.toContain('…');
    expect(read(pane)).toContain(
      '! Entries of TCP 192.0.2.1:80, by client /10.0.0.9 bogusword: 1-1 of 1 (ignored: bogusword)',
    );
  }, 15_000);

  it("the doctor's findings show their rule ids and fixes whole", async () => {
    const finding: Finding = {
      ruleId: 'sysctl.expire-nodest-conn',
      severity: 'warning',
      where: 'net.ipv4.vs.expire_nodest_conn',
      what: 'is 0: connections to a removed real server hang until they time out',
      why: 'clients wait.',
      remedy: 'sysctl -w net.ipv4.vs.expire_nodest_conn=1, and set it in /etc/sysctl.d/ to keep it after a reboot',
    };
    const m = await startAt(80, 24, sizesKernel(), async () => ({ findings: [finding], notReadYet: [] }));
    await m.press('5');
    await until(() => m.frame().includes('fix:'));
    const pane = m.frame().split('\n').slice(2, -2);
    for (const l of pane) expect(l).not.toContain('…');
    expect(read(pane)).toContain(`WARN ${finding.where}: ${finding.what} [${finding.ruleId}]`);
    expect(read(pane)).toContain(`fix: ${finding.remedy}`);
  }, 15_000);
});
