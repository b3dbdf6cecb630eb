/** Each dialog: what it shows (the exact command first) and what its keys call. */
import { cleanup } from 'ink-testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Action } from '../../src/actions/types.js';
import { parsePrefix } from '../../src/domain/prefix.js';
import { parseConnTable } from '../../src/kernel/proc/connParser.js';
import { ClientDialog } from '../../src/ui/dialogs/ClientDialog.js';
import { ConfirmDialog } from '../../src/ui/dialogs/ConfirmDialog.js';
import { actionSentence, wrapSegments } from '../../src/ui/dialogs/common.js';
import { DialogView, dialogLines } from '../../src/ui/dialogs/DialogView.js';
import { InterfaceDialog } from '../../src/ui/dialogs/InterfaceDialog.js';
import { TimeoutsDialog } from '../../src/ui/dialogs/TimeoutsDialog.js';
import { TypeToConfirmDialog } from '../../src/ui/dialogs/TypeToConfirmDialog.js';
import { WeightDialog } from '../../src/ui/dialogs/WeightDialog.js';
import { dest, fwmarkService, service } from './fakes.js';
import { show } from './ink.js';

afterEach(cleanup);

describe('ConfirmDialog', () => {
  const zero: Action = { kind: 'zeroService', service: service('192.0.2.1') };

  it('shows what will happen and the exact command', () => {
    const v = show(<ConfirmDialog action={zero} width={100} />);
    expect(v.lines()).toEqual([
      `── Confirm ${'─'.repeat(89)}`,
      'Zero the counters of TCP 192.0.2.1:80 and its real servers.',
      '  $ ipvsadm -Z -t 192.0.2.1:80',
      '  y: do it    n / Esc: cancel',
    ]);
    expect(v.lines()).toHaveLength(dialogLines({ kind: 'confirm', action: zero }, 100));
  });

  it.each<[string, Action, string]>([
    ['zeroAll', { kind: 'zeroAll' }, 'Zero ALL counters: every service, every real server, the totals.'],
    ['clearTable', { kind: 'clearTable' }, 'Delete EVERY virtual service and real server. Traffic to them stops.'],
    [
      'setTimeouts',
      { kind: 'setTimeouts', timeouts: { tcp: 5, tcpFin: 0, udp: 300 } },
      'Set connection timeouts: tcp 5 s, tcpfin 0 s, udp 300 s (0 keeps the current value).',
    ],
    [
      'setTimeouts, old -> new',
      { kind: 'setTimeouts', timeouts: { tcp: 5, tcpFin: 0, udp: 300 }, was: { tcp: 900, tcpFin: 120, udp: 300 } },
      'Set connection timeouts: tcp 900 -> 5 s, tcpfin 120 s (kept), udp 300 s (kept).',
    ],
    ['flushNeighbours', { kind: 'flushNeighbours', iface: 'eth0' }, 'Flush the neighbour (ARP/NDP) table of eth0.'],
    [
      'gratuitousArp',
      { kind: 'gratuitousArp', address: '192.0.2.1', iface: 'eth0' },
      'Send 3 gratuitous ARP for 192.0.2.1 on eth0.',
    ],
    [
      'arpProbe',
      { kind: 'arpProbe', targets: [{ address: '192.0.2.1', iface: 'eth0', source: '192.0.2.9' }] },
      'Ask who answers ARP for 1 VIP: 3 requests each, on the wire.',
    ],
    [
      'zeroService of a fwmark service',
      { kind: 'zeroService', service: fwmarkService(7) },
      'Zero the counters of FWM 7 and its real servers.',
    ],
  ])('says in words what %s does', (_name, action, sentence) => {
    expect(actionSentence(action)).toBe(sentence);
  });
});

describe('TypeToConfirmDialog', () => {
  it('shows the command and what has been typed', () => {
    const v = show(<TypeToConfirmDialog action={{ kind: 'clearTable' }} word="clear" typed="cle" width={100} />);
    const f = v.frame();
    expect(f).toMatch(/^── Confirm by typing ─+$/m);
    expect(f).toMatch(/^ {2}\$ ipvsadm -C$/m);
    expect(f).toMatch(/^ {2}Type clear and Enter to confirm: cle_$/m);
    expect(f).toMatch(/^ {2}Enter: confirm {4}Esc: cancel$/m);
  });

  it('shows its error', () => {
    const f = show(
      <TypeToConfirmDialog
        action={{ kind: 'clearTable' }}
        word="clear"
        typed="y"
        error='type "clear" exactly, or Esc to cancel'
        width={100}
      />,
    ).frame();
    expect(f).toMatch(/^ {2}type "clear" exactly, or Esc to cancel$/m);
  });
});

describe('TimeoutsDialog', () => {
  it('is prefilled, marks the current field, and shows the exact command while the values are good', () => {
    const f = show(<TimeoutsDialog fields={['900', '120', '300']} field={1} width={100} />).frame();
    expect(f).toMatch(/^── Set timeouts ─+$/m);
    expect(f).toMatch(/Whole seconds, 0 keeps the current value, at most 2147483\./);
    expect(f).toMatch(/^ {2}tcp {2}900 {2}tcpfin \[120_\] udp {2}300 ?$/m);
    expect(f).toMatch(/^ {2}\$ ipvsadm --set 900 120 300$/m);
    expect(f).toMatch(/Enter: review {4}Tab: next field {4}Esc: cancel/);
  });

  it('says what is wrong as it is typed, and shows the error of the last Enter', () => {
    const f = show(<TimeoutsDialog fields={['9x', '120', '300']} field={0} error="tcp: bad" width={100} />).frame();
    expect(f).toMatch(/^ {2}tcp: "9x" is not a whole number of seconds$/m);
    expect(f).toMatch(/^ {2}tcp: bad$/m);
    expect(f).not.toMatch(/\$ ipvsadm/);
    expect(show(<TimeoutsDialog fields={['0', '0', '0']} field={0} width={100} />).frame()).toMatch(
      /all zero: nothing would change/,
    );
  });
});

describe('InterfaceDialog', () => {
  it('lists the interfaces and shows the command once the name is one of them', () => {
    const f = show(<InterfaceDialog value="lo" choices={['eth0', 'lo']} width={100} />).frame();
    expect(f).toMatch(/^── Flush ARP ─+$/m);
    expect(f).toMatch(/^ {2}Interface: lo_ {3}\(have: eth0 lo\)$/m);
    expect(f).toMatch(/^ {2}\$ ip neigh flush dev lo$/m);
  });

  it('says when the name is not an interface, and shows the error of the last Enter', () => {
    const f = show(
      <InterfaceDialog value="eth9" choices={['eth0', 'lo']} error='no interface "eth9" (have: eth0 lo)' width={100} />,
    ).frame();
    expect(f).not.toMatch(/not an interface/); // checked on Enter, not while typed
    expect(f).toMatch(/^ {2}no interface "eth9" \(have: eth0 lo\)$/m);
    expect(f).not.toMatch(/\$ ip neigh/);
  });
});

const web = service('192.0.2.1');
const rs = dest('198.51.100.11');

describe('ClientDialog', () => {
  it('wraps each IPv6 entry whole at 80 columns and counts the entries that did not fit', () => {
    const row = (i: number): string =>
      `TCP 2001:0db8:1234:5678:0000:0000:0000:abcd ${(54300 + i).toString(16).toUpperCase()}` +
      ' 2001:0db8:aaaa:bbbb:0000:0000:0000:0001 01BB 2001:0db8:ffff:eeee:0000:0000:0000:0011 01BB ESTABLISHED 800';
    const entries = parseConnTable(Array.from({ length: 10 }, (_, i) => row(i)).join('\n'));
    const result = {
      ...{ prefix: parsePrefix('2001:db8:1234:5678::abcd')!, entries, matched: 10 },
      ...{ pins: [], unpinned: [], complete: true, malformed: 0 },
    };
    const lines = show(
      <ClientDialog value="2001:db8:1234:5678::abcd" reading={false} result={result} width={80} />,
    ).lines();
    const shown = lines.filter((l) => l.includes('[2001:db8:1234:5678::abcd]:'));
    // Seven lines for the answer: three entries of two lines each, then what is left.
    expect(shown).toHaveLength(3);
    expect(lines).toContain('  … 7 more');
    for (const l of lines.filter((x) => !x.startsWith('  … '))) expect(l).not.toContain('…');
    expect(lines.join('\n')).toContain(
      '  TCP  13:20 ESTABLISHED [2001:db8:1234:5678::abcd]:54300 ->\n      [2001:db8:aaaa:bbbb::1]:443 -> [2001:db8:ffff:eeee::11]:443',
    );
  });
});

describe('wrapSegments', () => {
  it('breaks styled segments where the text breaks, each piece keeping its style', () => {
    const on = { inverse: true };
    expect(
      wrapSegments([{ text: '  Weight now 0: ' }, { text: '17_', style: on }, { text: '   (0-65535)' }], 20),
    ).toEqual([[{ text: '  Weight now 0: ' }, { text: '17_', style: on }], [{ text: '    (0-65535)' }]]);
  });
});

describe('WeightDialog', () => {
  it('wraps its prompt, styled parts and all, rather than cutting it', () => {
    const v6 = { ...service('2001:db8::1', 443), af: 10 as const };
    const target = { service: v6, dest: { ...dest('2001:db8:ffff::11', 0), af: 10 as const, port: 443 } };
    const lines = show(<WeightDialog target={target} value="5" undrain width={60} />).lines();
    for (const l of lines) expect(l).not.toContain('…');
    expect(lines.slice(1, 5)).toEqual([
      '  [2001:db8:ffff::11]:443 in TCP [2001:db8::1]:443, weight',
      '    now 0: 5_   (weight before the drain not known; 0-65535)',
      "  $ ipvsadm -e -t '[2001:db8::1]:443' -r \\",
      "    '[2001:db8:ffff::11]:443' -m -w 5 -x 0 -y 0",
    ]);
  });
});

describe('DialogView', () => {
  const commands = () => ({ shown: vi.fn() });

  it('says when it is on screen, once per dialog (a confirmation is armed from then on)', () => {
    const c = commands();
    show(<DialogView dialog={{ kind: 'confirm', action: { kind: 'zeroAll' } }} width={100} commands={c} />);
    expect(c.shown).toHaveBeenCalledTimes(1);
  });

  it('reserves as many lines as each dialog draws, each exactly as wide as the screen', () => {
    const dialogs = [
      { kind: 'confirm', action: { kind: 'zeroAll' } },
      { kind: 'typeToConfirm', action: { kind: 'clearTable' }, word: 'clear', typed: '' },
      { kind: 'timeouts', fields: ['1', '2', '3'], field: 0 },
      { kind: 'interface', value: '', choices: ['lo'] },
      { kind: 'weight', target: { service: web, dest: rs }, value: '3', undrain: false },
      { kind: 'confirm', action: { kind: 'setWeight', service: web, dest: rs, weight: 0 }, note: '! keepalived runs' },
      {
        kind: 'confirm',
        action: {
          kind: 'setWeights',
          steps: [8, 9, 10].map((n) => ({
            kind: 'setWeight' as const,
            service: service(`192.0.2.${n}`),
            dest: rs,
            weight: 0,
          })),
        },
      },
    ] as const;
    for (const d of dialogs) {
      const v = show(<DialogView dialog={d} width={60} commands={commands()} />);
      expect(v.lines()).toHaveLength(dialogLines(d, 60));
      expect(v.lines()[0]).toMatch(/^── [A-Za-z ]+ ─+$/);
      expect(v.lines()[0]).toHaveLength(60);
      cleanup();
    }
  });
});
