/** Header, status line, footer and help: what frames every pane. */
import { cleanup } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { ZERO_RATES } from '../../src/state/rates.js';
import type { TableMeta } from '../../src/state/types.js';
import { Footer, footerItems, StatusLine } from '../../src/ui/Footer.js';
import { Header, type HeaderProps, type Totals, totalsLine } from '../../src/ui/Header.js';
import { HelpScreen, helpLayout, helpLines } from '../../src/ui/HelpScreen.js';
import { ACTION_COMMANDS, COMMANDS, HELP, keyNames, SECTIONS } from '../../src/ui/keys/bindings.js';
import { show } from './ink.js';

afterEach(cleanup);

const meta: TableMeta = {
  takenAt: 0,
  info: { versionCode: 66049, version: '1.2.1', connTableSize: 4096 },
  timeouts: { tcp: 900, tcpFin: 120, udp: 300 },
  daemons: [{ state: 'master', mcastInterface: 'eth0', syncId: 1 }],
  latencyMs: 3,
};
const totals: Totals = {
  services: 2,
  dests: 4,
  destsComplete: true,
  conns: 9,
  templates: 1,
  rates: { cps: 7.5, inPps: 1500, outPps: 1400, inBps: 2_500_000, outBps: 0 },
};

function header(over: Partial<HeaderProps> = {}) {
  return (
    <Header
      host={{ hostname: 'lb1', kernelRelease: '6.1.0-18-amd64' }}
      meta={meta}
      totals={totals}
      intervalMs={1000}
      paused={false}
      readOnly={false}
      errorCount={0}
      exact={false}
      width={100}
      {...over}
    />
  );
}

describe('Header', () => {
  it('says who and what, then the totals', () => {
    const [line1, line2] = show(header()).lines();
    expect(line1).toBe('lb1  Linux 6.1.0-18-amd64  IPVS 1.2.1  hash 4096  sync: master eth0  every 1.0s  poll 3ms');
    expect(line2).toBe('svc 2  rs 4  conn 9 (+1 tmpl)  cps 7.5  in 1.50K pk/s 2.50MB/s  out 1.40K pk/s 0B/s');
  });

  it('says how often a large table is read when that is not every interval', () => {
    const line1 = show(header({ tableEveryMs: 6200, width: 120 })).lines()[0]!;
    expect(line1).toContain('every 1.0s, table 6.2s  poll 3ms');
  });

  it('puts PAUSED, READ-ONLY, STALE and ERROR markers first', () => {
    const line1 = show(header({ paused: true, readOnly: true, overdueMs: 3200, errorCount: 1 })).lines()[0]!;
    expect(line1).toMatch(/^ PAUSED {3}READ-ONLY {3}STALE 3\.2s {3}1 ERROR {2}lb1 {2}Linux/);
    expect(show(header({ errorCount: 2 })).lines()[0]).toMatch(/^ 2 ERRORS {2}lb1/);
  });

  it('keeps the markers when the line is cut, dropping whole facts', () => {
    const line1 = show(header({ paused: true, readOnly: true, width: 40 })).lines()[0]!;
    expect(line1).toBe(' PAUSED   READ-ONLY  lb1');
  });

  it('says what is not known yet: before the first read, that it is reading (not "svc 0")', () => {
    const [line1, line2] = show(
      header({ meta: undefined, totals: { services: 0, dests: 0, destsComplete: false, rates: ZERO_RATES } }),
    ).lines();
    expect(line1).toBe('lb1  Linux 6.1.0-18-amd64  IPVS …  every 1.0s');
    expect(line2).toBe('reading the IPVS table…');
    expect(totalsLine({ services: 0, dests: 0, destsComplete: false, rates: ZERO_RATES }, false)).toBe(
      'svc 0  rs 0+  conn …  cps 0  in 0 pk/s 0B/s  out 0 pk/s 0B/s',
    );
  });

  it('says how many services a filter lets through', () => {
    expect(show(header({ totals: { ...totals, services: 12, servicesShown: 4 } })).lines()[1]).toMatch(
      /^4 of 12 services {2}rs 4/,
    );
  });

  it.each([40, 50, 60, 70, 80])('never cuts a figure of the totals at %d columns, dropping whole ones', (width) => {
    const line2 = show(
      header({
        width,
        totals: {
          ...totals,
          conns: 123_456,
          rates: { cps: 1234, inPps: 165_000, outPps: 99_000, inBps: 9_100_000, outBps: 120_000_000 },
        },
      }),
    ).lines()[1]!;
    expect(line2).not.toContain('…');
    expect(
      totalsLine(
        {
          ...totals,
          conns: 123_456,
          rates: { cps: 1234, inPps: 165_000, outPps: 99_000, inBps: 9_100_000, outBps: 120_000_000 },
        },
        false,
      ).startsWith(line2),
    ).toBe(true);
  });

  it('writes every digit with --exact', () => {
    expect(totalsLine({ ...totals, conns: 1_234_567 }, true)).toMatch(
      /conn 1234567 \(\+1 tmpl\) {2}cps 7\.5 {2}in 1500 pk\/s 2500000B\/s/,
    );
  });
});

describe('StatusLine', () => {
  it('shows the last message, then every poll error', () => {
    const f = show(
      <StatusLine
        width={100}
        status={{ kind: 'ok', text: 'done: zeroAll' }}
        errors={{ conn: 'EACCES', neighbours: 'EPERM' }}
      />,
    ).frame();
    expect(f).toBe('done: zeroAll  |  reading connection table failed: EACCES  |  reading neighbours failed: EPERM');
  });

  it('shows the filter being typed instead', () => {
    const f = show(<StatusLine width={100} status={{ kind: 'info', text: 'x' }} errors={{}} filter="2.2" />).frame();
    expect(f).toBe('/2.2_   Enter keeps, Esc clears');
  });

  it('says why action keys are off when there is nothing else to say', () => {
    expect(show(<StatusLine width={100} errors={{}} refusal="read-only mode" />).frame()).toBe(
      'action keys are off: read-only mode',
    );
    expect(show(<StatusLine width={100} errors={{ services: 'EIO' }} refusal="read-only mode" />).frame()).toBe(
      'reading services failed: EIO',
    );
  });

  it('is one line, cut at the width', () => {
    const f = show(<StatusLine width={30} errors={{ dests: 'a long kernel error message' }} />).frame();
    expect(f).toBe('reading real servers failed: …');
  });
});

describe('Footer', () => {
  it('lists the keys, action keys included when allowed', () => {
    const f = show(<Footer width={100} actionsAllowed />).frame();
    expect(f).toBe(
      '? Help  q Quit  Tab Pane  / Filter  s Sort  Space Pause  Enter Expand  z Zero  Z Zero all  C Clear',
    );
    expect(
      footerItems(true)
        .map((i) => `${i.key} ${i.label}`)
        .slice(10),
    ).toEqual([
      't Timeouts',
      'f Flush ARP',
      'g GARP',
      'r Rates',
      'o Only',
      'w Weight',
      'd Drain',
      'u Undrain',
      'D Drain everywhere',
    ]);
  });

  it('leaves the action keys out when actions are refused', () => {
    const f = show(<Footer width={100} actionsAllowed={false} />).frame();
    expect(f).toBe('? Help  q Quit  Tab Pane  / Filter  s Sort  Space Pause  Enter Expand  r Rates  o Only');
    expect(footerItems(false).map((i) => i.label)).not.toContain('Zero all');
    expect(footerItems(false, 'doctor').map((i) => i.label)).not.toContain('ARP check');
    expect(footerItems(true)).toHaveLength(footerItems(false).length + ACTION_COMMANDS.length);
  });

  it('shows only the keys that act in the focused pane', () => {
    const labels = (focus: 'services' | 'connections' | 'timeouts' | 'arp') =>
      footerItems(true, focus).map((i) => i.label);
    expect(labels('services')).toEqual(expect.arrayContaining(['Filter', 'Sort', 'Expand']));
    expect(labels('timeouts')).not.toEqual(expect.arrayContaining(['Filter']));
    expect(labels('timeouts')).not.toContain('Sort');
    expect(labels('connections')).toEqual(expect.arrayContaining(['Filter', 'Sort']));
    expect(labels('connections')).not.toContain('Expand');
    expect(labels('arp')).toContain('Filter');
    expect(labels('arp')).not.toContain('Expand');
    for (const f of ['services', 'connections', 'timeouts', 'arp'] as const) expect(labels(f)).toContain('Quit');
  });

  it.each([
    [
      'services',
      '? Help  q Quit  Tab Pane  / Filter  s Sort  Space Pause  Enter Expand  z Zero  Z Zero all  C Clear  t Timeouts  f Flush ARP  g GARP  r Rates  o Only  w Weight  d Drain  u Undrain  D Drain everywhere',
    ],
    [
      'connections',
      '? Help  q Quit  Tab Pane  / Filter  s Sort  a All/selected  Space Pause  Enter Client  r Rates  o Only',
    ],
    ['timeouts', '? Help  q Quit  Tab Pane  Space Pause  t Timeouts  r Rates  o Only'],
    ['arp', '? Help  q Quit  Tab Pane  / Filter  s Sort  Space Pause  f Flush ARP  g GARP  r Rates  o Only'],
    ['doctor', '? Help  q Quit  Tab Pane  Space Pause  a ARP check  r Rates  o Only'],
    ['ha', '? Help  q Quit  Tab Pane  Space Pause  r Rates  o Only'],
  ] as const)('in the %s pane offers the keys that act there, and only those', (focus, line) => {
    expect(
      footerItems(true, focus)
        .map((i) => `${i.key} ${i.label}`)
        .join('  '),
    ).toBe(line);
  });

  it.each([24, 25, 26])('shows whole items only, never a cut label (width %d)', (width) => {
    expect(show(<Footer width={width} actionsAllowed />).frame()).toBe('? Help  q Quit  Tab Pane');
  });
});

describe('HelpScreen', () => {
  it('lists every command with its keys', () => {
    const lines = helpLines();
    for (const c of COMMANDS) expect(lines).toContainEqual(expect.stringContaining(`${keyNames(c)}`));
    for (const h of HELP) expect(lines.some((l) => l.endsWith(h.text))).toBe(true);
    // Every command is on exactly one line of the help.
    for (const c of COMMANDS)
      expect(
        HELP.filter((h) => h.commands.includes(c)),
        c,
      ).toHaveLength(1);
  });

  it('puts each heading above its own keys, in both columns', () => {
    const lines = helpLayout(80, 18);
    const left = lines.map((l) => l.slice(0, 40).trimEnd());
    const right = lines.map((l) => l.slice(40).trimEnd());
    for (const column of [left, right]) {
      const headings = column
        .map((l, i) => [l, i] as const)
        .filter(([l]) => (SECTIONS as readonly string[]).includes(l));
      for (const [section, at] of headings) {
        const first = HELP.find((h) => h.section === section)!;
        expect(column[at + 1]).toContain(first.text);
      }
    }
  });

  it.each([80, 100, 200])('cuts no line at %d columns', (width) => {
    for (const l of helpLayout(width, 40)) expect(l.length).toBeLessThanOrEqual(width);
  });

  it('says how much is left out when the terminal is too small, instead of cutting', () => {
    const lines = helpLayout(40, 8);
    expect(lines).toHaveLength(8);
    expect(lines.at(-1)).toMatch(/^… \d+ more lines: make the terminal larger$/);
  });

  // The help gets the body of the screen: 18 lines under its title on a 24-row terminal.
  it.each([
    [100, 18],
    [80, 18],
    [120, 30],
  ])('fits every command in %d columns and %d lines', (width, height) => {
    const text = helpLayout(width, height);
    expect(text.length).toBeLessThanOrEqual(height);
    const all = text.join('\n');
    for (const c of COMMANDS) expect(all).toContain(keyNames(c).split(' ')[0]!);
    for (const h of HELP) expect(all).toContain(h.text);
  });

  it('renders in the room it is given, with the legend', () => {
    const v = show(<HelpScreen width={100} height={19} />);
    expect(v.lines()).toHaveLength(19);
    const f = v.frame();
    expect(f).toMatch(/^ Help {2}\(\? or Esc closes\)/);
    for (const h of HELP) expect(f).toContain(h.text);
    expect(f).toMatch(/! at the upper threshold {3}~ quiesced \(weight 0\)/);
    expect(f).toMatch(/C {13}Clear table \("clear"\)/);
  });
});
