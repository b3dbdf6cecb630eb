/** The four panes render their props only: sample props in, text out (at 100 columns). */
import { cleanup } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { parseConnTable } from '../../src/kernel/proc/connParser.js';
import type { MonitorState, TableMeta } from '../../src/state/types.js';
import { type ServiceRow, serviceRows } from '../../src/state/view.js';
import { connColumns, knownAddresses } from '../../src/ui/derive.js';
import { ArpPane, type ArpPaneProps, roleOf } from '../../src/ui/panes/ArpPane.js';
import { ConnectionsPane, orderedStates } from '../../src/ui/panes/ConnectionsPane.js';
import type { EntriesShown } from '../../src/ui/panes/entryLines.js';
import { describeRow, ServicesPane, type ServicesPaneProps } from '../../src/ui/panes/ServicesPane.js';
import { TimeoutsPane } from '../../src/ui/panes/TimeoutsPane.js';
import { poll, run, start } from '../state/build.js';
import { dest, group, neighbour, service, stats, summary } from './fakes.js';
import { show } from './ink.js';

afterEach(cleanup);

/** Two services: the first with a quiesced server, the second with one at its upper threshold. */
const sample = (): MonitorState => {
  const dests = (s: { address: string }) =>
    s.address === '192.0.2.1'
      ? [dest('198.51.100.11'), dest('198.51.100.12'), dest('198.51.100.13', 0)]
      : [dest('198.51.100.11', 1, { upperThreshold: 5, activeConns: 4, inactiveConns: 1, lowerThreshold: 2 })];
  return poll(start(), 0, [service('192.0.2.1'), service('192.0.2.2', 80, 50)], dests);
};

function servicesPane(s: MonitorState, over: Partial<ServicesPaneProps> = {}) {
  return (
    <ServicesPane
      rows={serviceRows(s)}
      selected={s.svc.selected}
      offset={s.svc.offset}
      width={100}
      height={12}
      focused
      tabs
      ctx={{ exact: false, rateMode: s.rateMode, history: s.history }}
      sort={s.svc.sort}
      reverse={s.svc.reverse}
      filter={s.svc.filter}
      periodMs={s.periodMs}
      {...over}
    />
  );
}

describe('ServicesPane', () => {
  it('shows services with their real servers, quiesced ~ and over-threshold ! marked', () => {
    const v = show(servicesPane(sample()));
    const f = v.frame();
    expect(f).toMatch(
      /\[1 Services\] 2 Conns {2}3 Timeouts {2}4 ARP {2}5 Doctor {2}6 HA {2}7 Events {3}rates: Δ … {2}sort: address ↑/,
    );
    expect(f).toMatch(/Service \/ real server +Sched +Wgt +Act +InAct/);
    expect(f).toMatch(/^> - TCP 192\.0\.2\.1:80 +wrr/m);
    expect(f).toMatch(/^ {2} {2}-> 198\.51\.100\.11:80 +Masq +1 +2 +5/m);
    expect(f).toMatch(/^ ~ {2}-> 198\.51\.100\.13:80 +Masq +0/m);
    expect(f).toMatch(/^ ! {2}-> 198\.51\.100\.11:80 +Masq +1 +4 +1/m);
    expect(f).toMatch(/TCP 192\.0\.2\.1:80 wrr {2}· 3 real servers/); // the selection in full
    expect(v.lines()).toHaveLength(12);
    for (const l of v.lines()) expect(l.length).toBeLessThanOrEqual(100);
  });

  it('shows a dash, not a fake zero, before the second sample; rates after it', () => {
    expect(show(servicesPane(sample())).frame()).toMatch(/TCP 192\.0\.2\.1:80 .* - +- +- *$/m);
    let s = sample();
    // Polls a second apart: the change is one kernel tick's worth (2 s).
    s = poll(s, 1000, [service('192.0.2.1', 80, 200), service('192.0.2.2', 80, 50)]);
    const f = show(servicesPane(s)).frame();
    expect(f).toMatch(/rates: Δ 2\.0s/);
    expect(f).toMatch(/TCP 192\.0\.2\.1:80 .* 50 +500 +450 +50\.0KB +250KB/m);
  });

  it('draws the CPS sparkline of the rate mode on screen', () => {
    const at = (conns: number, cps: number) => [{ ...service('192.0.2.1'), stats: stats(conns, { cps }) }];
    let s = poll(start(), 0, at(100, 0));
    s = poll(s, 1000, at(140, 10)); // our delta: 40 in one kernel tick, 20/s
    s = poll(s, 2000, at(140, 20)); // no tick yet: still 20/s; the kernel's average climbs
    // Wide enough for the sparkline column.
    const row = (st: MonitorState): string =>
      show(servicesPane(st, { width: 200 }))
        .lines()
        .find((l) => l.includes('192.0.2.1:80'))!;
    expect(row(s)).toMatch(/ {8}██$/);
    expect(row(run(s, { type: 'toggleRateMode' }))).toMatch(/ {8}▄█$/);
  });

  it('names the kernel estimator when it is the source', () => {
    const s = run(sample(), { type: 'toggleRateMode' });
    expect(show(servicesPane(s)).frame()).toMatch(/rates: kernel 8s avg/);
  });

  it('shows collapsed services with + and no real servers', () => {
    const s = run(sample(), { type: 'toggleExpand' });
    const f = show(servicesPane(s)).frame();
    expect(f).toMatch(/^> \+ TCP 192\.0\.2\.1:80/m);
    expect(f).not.toMatch(/198\.51\.100\.13/);
    expect(f).toMatch(/^ {2}- TCP 192\.0\.2\.2:80/m);
  });

  it('says when the table is empty', () => {
    const f = show(servicesPane(poll(start(), 0, []))).frame();
    expect(f).toMatch(/no virtual services \(ipvsadm -A adds one\)/);
  });

  it('says why the list is empty: reading, unreadable, or none', () => {
    const empty = start();
    expect(show(servicesPane(empty, { loaded: false })).frame()).toMatch(/^ {2}reading the IPVS table…$/m);
    const gone = show(servicesPane(empty, { loaded: true, readError: 'IPVS is unavailable (ENOENT)' })).frame();
    expect(gone).toMatch(/^ {2}cannot read the IPVS table \(the status line says why\)$/m);
    expect(gone).not.toMatch(/no virtual services/);
    expect(show(servicesPane(empty, { loaded: true })).frame()).toMatch(/no virtual services \(ipvsadm -A adds one\)/);
  });

  it('says when the filter matches nothing, and shows the filter and sort', () => {
    let s = run(
      sample(),
      { type: 'filterStart' },
      { type: 'filterText', text: 'zzz' },
      { type: 'sortNext' },
      { type: 'sortReverse' },
    );
    const f = show(servicesPane(s)).frame();
    expect(f).toMatch(/sort: CPS ↑ {2}filter: zzz/);
    expect(f).toMatch(/nothing matches "zzz" \(Esc clears the filter\)/);
    s = run(s, { type: 'filterText', text: '2.2' });
    expect(show(servicesPane(s)).frame()).not.toMatch(/192\.0\.2\.1:80/);
  });

  it('draws only the rows that fit, from the scroll offset', () => {
    const s = run(sample(), { type: 'viewport', servicesRows: 3, arpRows: 3 }, { type: 'edge', to: 'last' });
    const v = show(servicesPane(s, { height: 6 })); // title, headings, 3 rows, detail
    expect(v.lines()).toHaveLength(6);
    expect(v.frame()).not.toMatch(/TCP 192\.0\.2\.1:80 +wrr/);
    expect(v.frame()).toMatch(/^>! {2}-> 198\.51\.100\.11:80/m);
    expect(v.lines()[5]).toMatch(/-> 198\.51\.100\.11:80 {2}masq {2}weight 1 {2}thresholds u 5 l 2 {2}overloaded/);
  });

  it('describes a quiesced server in full', () => {
    const rows = serviceRows(sample());
    expect(describeRow(rows[3])).toBe(
      '-> 198.51.100.13:80  masq  weight 0  (quiesced)  draining: 2 active, 5 inactive, 0 templates',
    );
    expect(describeRow(undefined)).toBe('');
  });

  it('counts templates once, in one word, singular for one', () => {
    const rows = serviceRows(sample());
    const draining = rows[3] as Extract<ServiceRow, { kind: 'dest' }>;
    const one = { ...draining, dest: { ...draining.dest, dest: { ...draining.dest.dest, persistentConns: 1 } } };
    expect(describeRow(one)).toBe(
      '-> 198.51.100.13:80  masq  weight 0  (quiesced)  draining: 2 active, 5 inactive, 1 template',
    );
    const active = rows[1] as Extract<ServiceRow, { kind: 'dest' }>;
    const pinned = { ...active, dest: { ...active.dest, dest: { ...active.dest.dest, persistentConns: 1 } } };
    expect(describeRow(pinned)).toBe('-> 198.51.100.11:80  masq  weight 1  1 template');
    expect(describeRow(active)).toBe('-> 198.51.100.11:80  masq  weight 1  0 templates');
    for (const row of [one, pinned]) expect(describeRow(row)).not.toMatch(/persistent/);
  });

  it("shows every real server's state word at 80 columns", () => {
    const lines = show(servicesPane(sample(), { width: 80 })).lines();
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(80);
    expect(lines.find((l) => l.includes('198.51.100.12'))).toMatch(/ active$/);
    expect(lines.find((l) => l.includes('198.51.100.13'))).toMatch(/ draining$/);
    expect(lines.find((l) => l.startsWith(' !'))).toMatch(/-> 198\.51\.100\.11:80 .* overloaded$/);
  });

  it("keeps a server overloaded until it falls below its lower threshold (the kernel's hysteresis)", () => {
    const at = (active: number) => (s: { address: string }) =>
      s.address === '192.0.2.2'
        ? [dest('198.51.100.11', 1, { upperThreshold: 8, activeConns: active, inactiveConns: 0 })]
        : [];
    const services = [service('192.0.2.2')];
    const words = [8, 7, 5, 7].reduce<{ s: MonitorState; seen: string[] }>(
      (acc, n, i) => {
        const s = poll(acc.s, i * 1000, services, at(n));
        return { s, seen: [...acc.seen, describeRow(serviceRows(s)[1])] };
      },
      { s: start(), seen: [] },
    ).seen;
    // Upper 8, lower 0: the kernel clears the flag below 3/4 of 8 = 6.
    expect(words.map((w) => w.endsWith('overloaded  0 templates'))).toEqual([true, true, false, false]);
  });

  it('tells of a draining server its new connections per second, time to empty, and pinning templates', () => {
    const rows = serviceRows(sample());
    const draining = rows[3] as Extract<ServiceRow, { kind: 'dest' }>;
    const facts = { emptyInS: 95, templatesPinClients: true };
    expect(describeRow(draining, 'delta', facts)).toBe(
      '-> 198.51.100.13:80  masq  weight 0  (quiesced)  draining: 2 active, 5 inactive, 0 templates  empty in ≤ 1m35s',
    );
    const pinned = { ...draining, dest: { ...draining.dest, dest: { ...draining.dest.dest, persistentConns: 3 } } };
    expect(describeRow(pinned, 'kernel', facts)).toMatch(
      /3 templates {2}0 new\/s {2}empty in ≤ 1m35s {2}expire_quiescent_template=0: returning clients still come/,
    );
    expect(describeRow(pinned, 'kernel', { ...facts, templatesPinClients: false })).not.toMatch(/returning/);
  });

  it('puts what a draining server has left and when it empties first when its line does not fit 80 columns', () => {
    const draining = serviceRows(sample())[3] as Extract<ServiceRow, { kind: 'dest' }>;
    const line = describeRow(draining, 'kernel', { emptyInS: 95, templatesPinClients: false }, 80);
    expect(line.slice(0, 80)).toBe('-> 198.51.100.13:80  draining: 2 active, 5 inactive  0 new/s  empty in ≤ 1m35s  ');
    // A line that fits keeps the full form.
    expect(describeRow(draining, 'kernel', { emptyInS: 95, templatesPinClients: false }, 200)).toMatch(
      /^-> 198\.51\.100\.13:80 {2}masq {2}weight 0 {2}\(quiesced\) {2}draining: 2 active, 5 inactive, 0 templates/,
    );
  });

  it('cuts the table to a narrow pane, keeping the names', () => {
    const v = show(servicesPane(sample(), { width: 40 }));
    for (const l of v.lines()) expect(l.length).toBeLessThanOrEqual(40);
    expect(v.frame()).toMatch(/-> 198\.51\.100\.13:80/);
  });
});

describe('ConnectionsPane', () => {
  const withConns = (): MonitorState => {
    const conn = summary({ ESTABLISHED: 6, TIME_WAIT: 3, SYN_RECV: 1 }, { NONE: 2 }, [
      group('192.0.2.1', 80, '198.51.100.11', 80, { ESTABLISHED: 4, TIME_WAIT: 1 }, { NONE: 1 }),
      group('192.0.2.1', 80, '198.51.100.12', 80, { ESTABLISHED: 1 }),
      group('203.0.113.9', 443, '198.51.100.50', 443, { SYN_RECV: 1 }, { NONE: 1 }),
    ]);
    return run(sample(), { type: 'conn', summary: conn });
  };
  const pane = (s: MonitorState, height = 20, ageMs?: number) => {
    const { columns, unattributed } = connColumns(s);
    return (
      <ConnectionsPane
        width={100}
        height={height}
        focused
        tabs={false}
        summary={s.conn}
        ageMs={ageMs}
        columns={columns}
        unattributed={unattributed}
        exact={false}
      />
    );
  };

  it('counts the whole table and the selected service by state, templates apart and labelled', () => {
    const f = show(pane(withConns())).frame();
    expect(f).toMatch(/2 Connections +12 entries, read in 2ms/); // rows read: 10 connections and 2 templates
    // A read that lags the services on screen (a big table is read less often) says by how much.
    expect(show(pane(withConns(), 20, 8000)).frame()).toMatch(/12 entries, read 8\.0s before the services, in 2ms/);
    expect(f).toMatch(/^Connections +all +service$/m);
    expect(f).toMatch(/^service +TCP 192\.0\.2\.1:80$/m);
    expect(f).toMatch(/^ {2}ESTABLISHED +6 +5$/m);
    expect(f).toMatch(/^ {2}SYN_RECV +1 +0$/m);
    expect(f).toMatch(/^ {2}TIME_WAIT +3 +1$/m);
    expect(f).toMatch(/^Templates +all +service$/m);
    expect(f).toMatch(/^ {2}NONE +2 +1$/m);
    expect(f).toMatch(/\(templates: persistence, not connections\)/);
    expect(f).toMatch(/2 entries of services since removed/);
    // The kernel's state order, not the alphabet.
    expect(f.indexOf('SYN_RECV')).toBeLessThan(f.indexOf('TIME_WAIT'));
  });

  it('adds a column for the selected real server', () => {
    const s = run(withConns(), { type: 'move', by: 1 });
    const f = show(pane(s)).frame();
    expect(f).toMatch(/^Connections +all +service +server$/m);
    expect(f).toMatch(/^service +TCP 192\.0\.2\.1:80\nserver +-> 198\.51\.100\.11:80$/m);
    expect(f).toMatch(/^ {2}ESTABLISHED +6 +5 +4$/m);
    expect(f).toMatch(/^ {2}NONE +2 +1 +1$/m);
    // Nothing is cut however long the address, down to the 42 columns it gets at 120x36.
    const narrow = show(
      <ConnectionsPane
        width={42}
        height={30}
        focused
        tabs={false}
        summary={s.conn}
        columns={connColumns(s).columns}
        exact={false}
      />,
    ).frame();
    expect(narrow).not.toContain('…');
  });

  it('says it waits for IPVS, not that it reads the table, while IPVS is gone', () => {
    const { columns } = connColumns(sample());
    const gone = show(
      <ConnectionsPane width={100} height={20} focused tabs={false} ipvsGone columns={columns} exact={false} />,
    ).frame();
    expect(gone).toMatch(/2 Connections +waiting for IPVS/);
    expect(gone).not.toMatch(/ip_vs_conn/);
  });

  it('says it is reading before the first summary', () => {
    const f = show(pane(sample())).frame();
    expect(f).toMatch(/reading \/proc\/net\/ip_vs_conn…/);
    expect(f).not.toMatch(/Templates/);
  });

  it('says when the table cannot be read, and when a read was cut short, above the counts', () => {
    const message = "cannot read /proc/net/ip_vs_conn: a FIFO, not the kernel's file";
    const { columns } = connColumns(sample());
    const failed = show(
      <ConnectionsPane width={100} height={20} focused tabs={false} error={message} columns={columns} exact={false} />,
    ).frame();
    expect(failed).toMatch(/2 Connections +unreadable/);
    expect(failed).toContain(`! ${message}`);
    expect(failed).not.toMatch(/reading \/proc/);
    const s = withConns();
    const cut = { ...s, conn: { ...s.conn!, truncated: 'time' as const } };
    const v = show(pane(cut, 6));
    expect(v.lines()[1]).toBe('! the table took over 60 s: read stopped there, counts are partial');
    const stale = show(
      <ConnectionsPane
        width={100}
        height={20}
        focused
        tabs={false}
        summary={s.conn}
        error={message}
        columns={columns}
        exact={false}
      />,
    ).frame();
    expect(stale).toContain(`! ${message} (counts below: the last good read)`);
    // A narrow pane wraps the reason instead of cutting it.
    const narrow = show(
      <ConnectionsPane width={40} height={10} focused tabs={false} error={message} columns={columns} exact={false} />,
    );
    expect(narrow.lines().slice(1, 3)).toEqual([
      '! cannot read /proc/net/ip_vs_conn: a',
      "  FIFO, not the kernel's file",
    ]);
  });

  it('the entry browser takes what the counts leave; a narrow pane keeps its virtual column, a row on two lines', () => {
    const rows = parseConnTable(
      [
        'TCP 0A000002 1002 C0000201 0050 C633640B 0050 SYN_RECV         30',
        'TCP 0A000009 0000 C0000201 0050 C633640C 0050 NONE            300',
      ].join('\n'),
    );
    const entries: EntriesShown = {
      scope: 'TCP 192.0.2.1:80',
      sort: 'client',
      reverse: false,
      filter: '',
      bad: [],
      window: { id: '', rows, first: 0, matched: 2 },
      top: 0,
      cursor: 1,
      rows: 5,
    };
    const { columns } = connColumns(withConns());
    const at = (width: number, height: number) =>
      show(
        <ConnectionsPane
          width={width}
          height={height}
          focused
          tabs={false}
          summary={withConns().conn}
          columns={columns}
          exact={false}
          entries={entries}
        />,
      ).lines();
    const wide = at(100, 12);
    expect(wide).toHaveLength(12);
    // Two count lines, then the browser right under them: the rows on screen fill the rest.
    expect(wide.slice(3, 5)).toEqual([
      'Entries of TCP 192.0.2.1:80, by client: 1-2 of 2',
      ' Pro Expire State       Source             Virtual            Destination',
    ]);
    expect(wide[5]).toBe(' TCP 00:30  SYN_RECV    10.0.0.2:4098      192.0.2.1:80       198.51.100.11:80');
    // The cursor's row is marked.
    expect(wide[6]).toBe('>TCP 05:00  template    10.0.0.9:0         192.0.2.1:80       pins 198.51.100.12:80');
    // 64 columns hold no row whole on one line: each takes two, the virtual column kept.
    const narrow = at(64, 13);
    expect(narrow.slice(5, 12)).toEqual([
      'Entries of TCP 192.0.2.1:80, by client: 1-2 of 2',
      ' Pro Expire State       Source',
      '                        -> Virtual -> Destination',
      ' TCP 00:30  SYN_RECV    10.0.0.2:4098',
      '                        -> 192.0.2.1:80 -> 198.51.100.11:80',
      '>TCP 05:00  template    10.0.0.9:0',
      '                        -> 192.0.2.1:80 pins 198.51.100.12:80',
    ]);
    for (const l of narrow) expect(l).not.toContain('…');
  });

  it('names every column of an empty browser, however narrow the pane', () => {
    const { columns } = connColumns(withConns());
    const entries: EntriesShown = {
      ...{ scope: 'all', sort: 'client', reverse: false, filter: '', bad: [] },
      ...{ window: { id: '', rows: [], first: 0, matched: 0 }, top: 0, cursor: 0, rows: 5 },
    };
    const lines = show(
      <ConnectionsPane
        {...{ width: 60, height: 12, focused: true, tabs: false, exact: false, columns, entries }}
        summary={withConns().conn}
      />,
    ).lines();
    expect(lines).toContain('Entries of all, by client: none');
    expect(lines).toContain(' Pro Expire State       Source Virtual Destination');
  });

  it('a short pane shows a line per column instead of the tables; shorter still, a cut marked', () => {
    const s = run(withConns(), { type: 'move', by: 1 });
    const short = show(pane(s, 6)).lines();
    expect(short).toHaveLength(6);
    expect(short[1]).toBe('all      10 conns (ESTABLISHED 6, SYN_RECV 1, TIME_WAIT 3), 2 templates');
    expect(short[2]).toBe('service  TCP 192.0.2.1:80: 6 conns (ESTABLISHED 5, TIME_WAIT 1), 1 template');
    expect(short[3]).toBe('server   -> 198.51.100.11:80: 5 conns (ESTABLISHED 4, TIME_WAIT 1), 1 template');
    const shorter = show(pane(s, 3)).lines();
    expect(shorter).toHaveLength(3);
    expect(shorter[2]).toBe('…');
  });

  it('orders known states first, others after in name order, zeros left out', () => {
    expect(orderedStates([{ UDP: 1, ZZZ: 1, ESTABLISHED: 2, AAA: 1, CLOSE: 0 }, undefined, { FIN_WAIT: 1 }])).toEqual([
      'ESTABLISHED',
      'FIN_WAIT',
      'UDP',
      'AAA',
      'ZZZ',
    ]);
  });
});

describe('TimeoutsPane', () => {
  const meta: TableMeta = {
    takenAt: 0,
    info: { versionCode: 66049, version: '1.2.1', connTableSize: 4096 },
    timeouts: { tcp: 900, tcpFin: 120, udp: 300 },
    daemons: [
      { state: 'master', mcastInterface: 'eth0', syncId: 1, mcastGroup: '224.0.0.81', mcastPort: 8848, mcastTtl: 1 },
    ],
    latencyMs: 1,
  };

  it('shows the three timeouts, IPVS info and sync daemons, and the key that sets them', () => {
    const f = show(<TimeoutsPane width={60} height={10} focused tabs={false} meta={meta} setKey="t" />).frame();
    expect(f).toMatch(/3 Timeouts +t sets them/);
    expect(f).toMatch(/^tcp +900 s \(15m00s\)$/m);
    expect(f).toMatch(/^tcpfin +120 s \(2m00s\)$/m);
    expect(f).toMatch(/^udp +300 s \(5m00s\)$/m);
    expect(f).toMatch(/^IPVS 1\.2\.1, hash 4096$/m);
    expect(f).toMatch(/^sync master eth0 id 1\n {2}224\.0\.0\.81:8848 ttl 1$/m);
  });

  it('cuts nothing at the 28 columns it gets at 120x36', () => {
    const f = show(<TimeoutsPane width={28} height={7} focused={false} tabs={false} meta={meta} setKey="t" />).frame();
    expect(f).not.toContain('…');
    expect(f).toMatch(/ttl 1$/m);
  });

  it('hides the key when actions are refused, and says when there is no sync daemon or no read yet', () => {
    const f = show(
      <TimeoutsPane width={60} height={10} focused tabs={false} meta={{ ...meta, daemons: [] }} />,
    ).frame();
    expect(f).not.toMatch(/sets them/);
    expect(f).toMatch(/sync daemon: none/);
    expect(show(<TimeoutsPane width={60} height={10} focused tabs={false} />).frame()).toMatch(/reading…/);
  });
});

describe('ArpPane', () => {
  const neighbours = [
    neighbour('192.0.2.1', 'eth0'),
    neighbour('198.51.100.11', 'eth1', { ifindex: 4 }),
    neighbour('198.51.100.77', '', { ifindex: 9, lladdr: '', states: ['FAILED'], flags: ['router'] }),
    neighbour('192.0.2.2', 'eth0', { states: ['STALE'] }),
  ];
  const roles = { vips: new Set(['192.0.2.1', '192.0.2.2']), reals: new Set(['198.51.100.11', '192.0.2.2']) };
  const pane = (over: Partial<ArpPaneProps> = {}) => (
    <ArpPane
      rows={neighbours}
      selected="3 192.0.2.1"
      offset={0}
      width={100}
      height={8}
      focused
      tabs={false}
      {...roles}
      filter=""
      sort="iface"
      reverse={false}
      loaded
      {...over}
    />
  );

  it('marks VIPs and real servers, unresolved interfaces and missing MACs', () => {
    const f = show(pane()).frame();
    expect(f).toMatch(/4 ARP +sort: iface ↑ {2}4 entries/);
    expect(f).toMatch(/Iface +Address +MAC +Role +State/);
    expect(f).toMatch(/^> eth0 +192\.0\.2\.1 +02:00:00:00:00:01 +VIP +REACHABLE$/m);
    expect(f).toMatch(/^ {2}eth1 +198\.51\.100\.11 +02:00:00:00:00:01 +RS +REACHABLE$/m);
    expect(f).toMatch(/^ {2}#9 +198\.51\.100\.77 +- +FAILED router$/m);
    expect(f).toMatch(/^ {2}eth0 +192\.0\.2\.2 .* VIP,RS +STALE$/m);
  });

  it('says when it is reading, empty, or the filter matches nothing', () => {
    expect(show(pane({ rows: [], loaded: false })).frame()).toMatch(/reading the neighbour table…/);
    expect(show(pane({ rows: [] })).frame()).toMatch(/no neighbours/);
    const f = show(pane({ rows: [], filter: 'wlan' })).frame();
    expect(f).toMatch(/filter: wlan/);
    expect(f).toMatch(/nothing matches "wlan"/);
  });

  it('names roles from what the monitor has read', () => {
    const s = sample();
    const { vips, reals } = knownAddresses(s.services);
    expect(roleOf(neighbour('192.0.2.2'), vips, reals)).toBe('VIP');
    expect(roleOf(neighbour('198.51.100.13'), vips, reals)).toBe('RS');
    expect(roleOf(neighbour('10.9.9.9'), vips, reals)).toBe('');
  });
});
