/** Each dialog: what it shows (the exact command first) and what its keys call. */
import { cleanup } from 'ink-testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConfirmDialog } from '../../src/ui/dialogs/ConfirmDialog.js';
import { TypeToConfirmDialog } from '../../src/ui/dialogs/TypeToConfirmDialog.js';
import { TimeoutsDialog } from '../../src/ui/dialogs/TimeoutsDialog.js';
import { InterfaceDialog } from '../../src/ui/dialogs/InterfaceDialog.js';
import { DialogView, dialogLines } from '../../src/ui/dialogs/DialogView.js';
import { actionSentence } from '../../src/ui/dialogs/common.js';
import type { Commands } from '../../src/ui/commands.js';
import type { Action } from '../../src/actions/types.js';
import { fwmarkService, service } from './fakes.js';
import { KEY, show } from './ink.js';

afterEach(cleanup);

const handlers = () => ({ onInput: vi.fn(), onBackspace: vi.fn(), onSubmit: vi.fn(), onCancel: vi.fn(), onQuit: vi.fn(), onTab: vi.fn() });

describe('ConfirmDialog', () => {
  const zero: Action = { kind: 'zeroService', service: service('192.0.2.1') };

  it('shows what will happen and the exact command', () => {
    const v = show(<ConfirmDialog action={zero} width={100} onConfirm={() => {}} onCancel={() => {}} onQuit={() => {}} />);
    expect(v.lines()).toEqual([
      `── Confirm ${'─'.repeat(89)}`,
      'Zero the counters of TCP 192.0.2.1:80 and its real servers.',
      '  $ ipvsadm -Z -t 192.0.2.1:80',
      '  y: do it    n / Esc: cancel',
    ]);
    expect(v.lines()).toHaveLength(dialogLines({ kind: 'confirm', action: zero }));
  });

  it('y confirms; n, N and Esc cancel; other keys do nothing; Ctrl-C quits', async () => {
    const onConfirm = vi.fn();
    const onCancel = vi.fn();
    const onQuit = vi.fn();
    const v = show(<ConfirmDialog action={zero} width={100} onConfirm={onConfirm} onCancel={onCancel} onQuit={onQuit} />);
    await v.press('x', KEY.enter, 'q');
    expect(onConfirm).not.toHaveBeenCalled();
    expect(onCancel).not.toHaveBeenCalled();
    expect(onQuit).not.toHaveBeenCalled();
    await v.press('n', 'N', KEY.escape);
    expect(onCancel).toHaveBeenCalledTimes(3);
    await v.press('y', 'Y');
    expect(onConfirm).toHaveBeenCalledTimes(2);
    await v.press(KEY.ctrlC);
    expect(onQuit).toHaveBeenCalledTimes(1);
  });

  it.each<[string, Action, string]>([
    ['zeroAll', { kind: 'zeroAll' }, 'Zero ALL counters: every service, every real server, the totals.'],
    ['clearTable', { kind: 'clearTable' }, 'Delete EVERY virtual service and real server. Traffic to them stops.'],
    ['setTimeouts', { kind: 'setTimeouts', timeouts: { tcp: 5, tcpFin: 0, udp: 300 } }, 'Set connection timeouts: tcp 5 s, tcpfin 0 s, udp 300 s (0 keeps the current value).'],
    ['flushNeighbours', { kind: 'flushNeighbours', iface: 'eth0' }, 'Flush the neighbour (ARP/NDP) table of eth0.'],
    ['gratuitousArp', { kind: 'gratuitousArp', address: '192.0.2.1', iface: 'eth0' }, 'Send 3 gratuitous ARP for 192.0.2.1 on eth0.'],
    ['zeroService of a fwmark service', { kind: 'zeroService', service: fwmarkService(7) }, 'Zero the counters of FWM 7 and its real servers.'],
  ])('says in words what %s does', (_name, action, sentence) => {
    expect(actionSentence(action)).toBe(sentence);
  });
});

describe('TypeToConfirmDialog', () => {
  it('shows the command and what has been typed', () => {
    const v = show(<TypeToConfirmDialog {...handlers()} action={{ kind: 'clearTable' }} word="clear" typed="cle" width={100} />);
    const f = v.frame();
    expect(f).toMatch(/^── Confirm by typing ─+$/m);
    expect(f).toMatch(/^ {2}\$ ipvsadm -C$/m);
    expect(f).toMatch(/^ {2}Type clear and Enter to confirm: cle_$/m);
    expect(f).toMatch(/^ {2}Enter: confirm {4}Esc: cancel$/m);
  });

  it('shows its error', () => {
    const f = show(<TypeToConfirmDialog {...handlers()} action={{ kind: 'clearTable' }} word="clear" typed="y" error='type "clear" exactly, or Esc to cancel' width={100} />).frame();
    expect(f).toMatch(/^ {2}type "clear" exactly, or Esc to cancel$/m);
  });

  it('y and q are letters here; Enter submits, Esc cancels, backspace deletes', async () => {
    const h = handlers();
    const v = show(<TypeToConfirmDialog {...h} action={{ kind: 'clearTable' }} word="clear" typed="" width={100} />);
    await v.press('y', 'q', KEY.backspace, KEY.enter, KEY.escape);
    expect(h.onInput.mock.calls).toEqual([['y'], ['q']]);
    expect(h.onBackspace).toHaveBeenCalledTimes(1);
    expect(h.onSubmit).toHaveBeenCalledTimes(1);
    expect(h.onCancel).toHaveBeenCalledTimes(1);
    expect(h.onQuit).not.toHaveBeenCalled();
  });

  it('takes keys typed ahead in one read in order', async () => {
    const h = handlers();
    const order: string[] = [];
    h.onInput.mockImplementation((t: string) => order.push(`in:${t}`));
    h.onBackspace.mockImplementation(() => order.push('bs'));
    h.onSubmit.mockImplementation(() => order.push('enter'));
    const v = show(<TypeToConfirmDialog {...h} action={{ kind: 'clearTable' }} word="clear" typed="" width={100} />);
    await v.press('clx\x7fear\r');
    expect(order).toEqual(['in:clx', 'bs', 'in:ear', 'enter']);
  });
});

describe('TimeoutsDialog', () => {
  it('is prefilled, marks the current field, and shows the exact command while the values are good', () => {
    const f = show(<TimeoutsDialog {...handlers()} fields={['900', '120', '300']} field={1} width={100} />).frame();
    expect(f).toMatch(/^── Set timeouts ─+$/m);
    expect(f).toMatch(/Whole seconds, 0 keeps the current value, at most 2147483\./);
    expect(f).toMatch(/^ {2}tcp {2}900 {2}tcpfin \[120_\] udp {2}300 ?$/m);
    expect(f).toMatch(/^ {2}\$ ipvsadm --set 900 120 300$/m);
    expect(f).toMatch(/Enter: review {4}Tab: next field {4}Esc: cancel/);
  });

  it('says what is wrong as it is typed, and shows the error of the last Enter', () => {
    const f = show(<TimeoutsDialog {...handlers()} fields={['9x', '120', '300']} field={0} error="tcp: bad" width={100} />).frame();
    expect(f).toMatch(/^ {2}tcp: "9x" is not a whole number of seconds$/m);
    expect(f).toMatch(/^ {2}tcp: bad$/m);
    expect(f).not.toMatch(/\$ ipvsadm/);
    expect(show(<TimeoutsDialog {...handlers()} fields={['0', '0', '0']} field={0} width={100} />).frame()).toMatch(/all zero: nothing would change/);
  });

  it('Tab and Shift-Tab move between fields', async () => {
    const h = handlers();
    const v = show(<TimeoutsDialog {...h} fields={['900', '120', '300']} field={0} width={100} />);
    await v.press(KEY.tab, KEY.shiftTab, '5', KEY.backspace, KEY.enter);
    expect(h.onTab.mock.calls).toEqual([[1], [-1]]);
    expect(h.onInput.mock.calls).toEqual([['5']]);
    expect(h.onBackspace).toHaveBeenCalledTimes(1);
    expect(h.onSubmit).toHaveBeenCalledTimes(1);
  });
});

describe('InterfaceDialog', () => {
  it('lists the interfaces and shows the command once the name is one of them', () => {
    const f = show(<InterfaceDialog {...handlers()} value="lo" choices={['eth0', 'lo']} width={100} />).frame();
    expect(f).toMatch(/^── Flush ARP ─+$/m);
    expect(f).toMatch(/^ {2}Interface: lo_ {3}\(have: eth0 lo\)$/m);
    expect(f).toMatch(/^ {2}\$ ip neigh flush dev lo$/m);
  });

  it('says when the name is not an interface, and shows the error of the last Enter', () => {
    const f = show(<InterfaceDialog {...handlers()} value="eth9" choices={['eth0', 'lo']} error='no interface "eth9" (have: eth0 lo)' width={100} />).frame();
    expect(f).toMatch(/^ {2}not an interface of this host$/m);
    expect(f).toMatch(/^ {2}no interface "eth9" \(have: eth0 lo\)$/m);
    expect(f).not.toMatch(/\$ ip neigh/);
  });
});

describe('DialogView', () => {
  const commands = () => ({ global: vi.fn(), list: vi.fn(), confirm: vi.fn(), submit: vi.fn(), cancel: vi.fn(), input: vi.fn(), backspace: vi.fn(), field: vi.fn(), shown: vi.fn(), paste: vi.fn() }) satisfies Commands;

  it('wires each dialog to the commands', async () => {
    const c = commands();
    const v = show(<DialogView dialog={{ kind: 'timeouts', fields: ['1', '2', '3'], field: 0 }} width={100} commands={c} />);
    await v.press('7', KEY.tab, KEY.backspace, KEY.enter, KEY.escape, KEY.ctrlC);
    expect(c.input).toHaveBeenCalledWith('7');
    expect(c.field).toHaveBeenCalledWith(1);
    expect(c.backspace).toHaveBeenCalledTimes(1);
    expect(c.submit).toHaveBeenCalledTimes(1);
    expect(c.cancel).toHaveBeenCalledTimes(1);
    expect(c.global).toHaveBeenCalledWith('quit');
    cleanup();
    const d = commands();
    const w = show(<DialogView dialog={{ kind: 'confirm', action: { kind: 'zeroAll' } }} width={100} commands={d} />);
    await w.press('y');
    expect(d.confirm).toHaveBeenCalledTimes(1);
  });

  it('reserves as many lines as each dialog draws, each exactly as wide as the screen', () => {
    const dialogs = [
      { kind: 'confirm', action: { kind: 'zeroAll' } },
      { kind: 'typeToConfirm', action: { kind: 'clearTable' }, word: 'clear', typed: '' },
      { kind: 'timeouts', fields: ['1', '2', '3'], field: 0 },
      { kind: 'interface', value: '', choices: ['lo'] },
    ] as const;
    for (const d of dialogs) {
      const v = show(<DialogView dialog={d} width={60} commands={commands()} />);
      expect(v.lines()).toHaveLength(dialogLines(d));
      expect(v.lines()[0]).toMatch(/^── [A-Za-z ]+ ─+$/);
      expect(v.lines()[0]).toHaveLength(60);
      cleanup();
    }
  });
});
