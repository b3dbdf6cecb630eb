/**
 * What keys ask for, turned into events and actions. Every kernel action
 * passes here: refused when actions are off or one is running, then shown
 * in a dialog, then run through KernelActions, its outcome reported, and
 * the table re-read at once.
 */

import { describeAction, ipvsadmServerArg } from '../actions/describe.js';
import type { Action, KernelActions, ServiceServer } from '../actions/types.js';
import { arpTargets } from '../doctor/arpRules.js';
import { errorLine } from '../errors.js';
import { plural, serviceLabel } from '../ipvs/labels.js';
import { parsePrefix } from '../ipvs/prefix.js';
import { AF_INET6 } from '../kernel/ipvs/types.js';
import type { MonitorSources } from '../kernel/sources.js';
import { clientLookup, LOOKUP_MAX_ROWS, lookupNeedle, lookupTest } from '../state/clientLookup.js';
import { entryAtCursor } from '../state/entries.js';
import { editLine, FILTER_MAX, type LineEdit } from '../state/lineEdit.js';
import type { MonitorEvent } from '../state/model.js';
import { type Dialog, type MonitorState, PANES, type PaneId } from '../state/types.js';
import { checkInterface, parseTimeouts, parseWeightField } from '../state/validate.js';
import { neighbourId, selectedDest, selectedService } from '../state/view.js';
import {
  ACTION_COMMANDS,
  ACTION_PANES,
  type ActionCommand,
  actsIn,
  type Command,
  DESCRIPTIONS,
  keyOf,
} from './keys/bindings.js';
import { goToCommand } from './keys/commandList.js';
import { PANE_NAMES } from './panes/registry.js';
import type { KeyReads } from './screen/TerminalInput.js';

/** The word `C` must be confirmed with. */
export const CLEAR_WORD = 'clear';

export interface CommandDeps {
  actions: KernelActions;
  dispatch: (e: MonitorEvent) => void;
  getState: () => MonitorState;
  /** Re-read services and connections now. */
  refresh: () => void;
  exit: () => void;
  /** Ctrl-Z: stop until fg, the terminal given back meanwhile. */
  suspend?: () => void;
  /** Which terminal read the keys being handled came in. */
  reads: Pick<KeyReads, 'current' | 'last'>;
  /** Reads the connection entries a lookup wants. */
  readConnRows: MonitorSources['readConnRows'];
}

/** Everything keys and pastes ask for; the key router (keys/router.ts) decides which command a key is. */
export interface Commands {
  /** Runs one command of the key map. */
  command(c: Command): void;
  /** Text typed into the filter or the open dialog's field. */
  type(text: string): void;
  /** The open dialog is on screen now: from the next read on, keys may answer it. */
  shown(): void;
  /** Text pasted into the terminal: taken as text by a field or the filter, never as keys. */
  paste(text: string): void;
}

/** The commands that move the focus: Tab, Shift-Tab and each pane's go-to key. */
const FOCUS: Partial<Record<Command, PaneId | 'next' | 'prev'>> = {
  nextPane: 'next',
  prevPane: 'prev',
  ...Object.fromEntries(PANES.map((p) => [goToCommand(p), p])),
};

/** Commands that are one event of the reducer. */
const EVENTS: Partial<Record<Command, MonitorEvent>> = {
  up: { type: 'move', by: -1 },
  down: { type: 'move', by: 1 },
  pageUp: { type: 'page', dir: -1 },
  pageDown: { type: 'page', dir: 1 },
  home: { type: 'edge', to: 'first' },
  end: { type: 'edge', to: 'last' },
  expand: { type: 'toggleExpand' },
  filter: { type: 'filterStart' },
  clearFilter: { type: 'filterClear' },
  sort: { type: 'sortNext' },
  sortReverse: { type: 'sortReverse' },
  pause: { type: 'togglePause' },
  rateMode: { type: 'toggleRateMode' },
  zoom: { type: 'toggleZoom' },
  help: { type: 'help', open: true },
  closeHelp: { type: 'help', open: false },
  entriesScope: { type: 'entriesScope' },
  nextField: { type: 'dialogField', dir: 1 },
  prevField: { type: 'dialogField', dir: -1 },
};

/** Where an action key acts, said when it is pressed elsewhere: `w Weight acts in pane 1 Services`. */
function elsewhere(c: Command): string {
  const paneKey = (p: PaneId): string => {
    const go = Object.entries(FOCUS).find(([, to]) => to === p)?.[0] as Command;
    return keyOf(go);
  };
  const panes = ACTION_PANES[c as ActionCommand].map((p) => `pane ${paneKey(p)} ${PANE_NAMES[p]}`);
  return `${keyOf(c)} ${DESCRIPTIONS[c].short} acts in ${panes.join(' or ')}`;
}

const serverName = (t: ServiceServer): string => `${ipvsadmServerArg(t.dest)} in ${serviceLabel(t.service)}`;

/** Control characters (newlines included) never reach a field from a paste: a paste cannot press Enter. */
const pastable = (s: string): string => s.replace(/[\u0000-\u001f\u007f-\u009f]/g, '');

export function createCommands(d: CommandDeps): Commands {
  const error = (text: string): void => d.dispatch({ type: 'status', status: { kind: 'error', text } });
  const info = (text: string): void => d.dispatch({ type: 'status', status: { kind: 'info', text } });
  // The read after which the open dialog was on screen. A confirmation is answered only by keys
  // of a later read: never by keys typed ahead or pasted with the key that opened it (a pasted
  // "5", Enter, Enter must not set the timeouts; the second Enter arrived with the first).
  let shownAfterRead = Infinity;
  const open = (dialog: Dialog): void => {
    shownAfterRead = Infinity;
    d.dispatch({ type: 'dialogOpen', dialog });
  };
  const confirm = (action: Action): void => open({ kind: 'confirm', action });
  /** A weight change's confirmation, warning of a health checker that may undo it. */
  const confirmWeight = (action: Action): void => {
    const note = d.actions.weightWarnings()[0]?.short;
    open(note ? { kind: 'confirm', action, note } : { kind: 'confirm', action });
  };
  const answeredAfterShown = (): boolean => d.reads.current > shownAfterRead;

  // Set synchronously: a key repeated before the next render must not run an action twice.
  let running = false;

  async function run(action: Action): Promise<void> {
    if (running) return;
    running = true;
    d.dispatch({ type: 'actionStarted', action });
    try {
      d.dispatch({ type: 'actionOutcome', outcome: await d.actions.run(action) });
    } finally {
      running = false;
      d.refresh();
    }
  }

  /** The selected service's VIP and the interface for it: --iface, else the one holding or routing it. */
  async function vipAndInterface(
    what: string,
  ): Promise<{ af: number; address: string; iface: string | undefined } | undefined> {
    const entry = selectedService(d.getState());
    if (!entry) {
      error(`${what}: select a service first`);
      return undefined;
    }
    const s = entry.service;
    if (s.fwmark !== 0) {
      error(`${what}: ${serviceLabel(s)} is a firewall-mark service and has no VIP`);
      return undefined;
    }
    const iface = d.getState().config.iface ?? (await d.actions.interfaceFor(s.address));
    return { af: s.af, address: s.address, iface };
  }

  async function flushArp(): Promise<void> {
    // What the user points at first: in the ARP pane the selected neighbour's interface; in the
    // Services pane a selected real server's, the one its route goes through (the real servers'
    // side, which is not the VIP's on a two-legged director).
    const s = d.getState();
    const row = s.focus === 'arp' ? s.neighbours?.find((n) => neighbourId(n) === s.arp.selected) : undefined;
    if (row?.interface) return confirm({ kind: 'flushNeighbours', iface: row.interface });
    const server = s.focus === 'services' ? selectedDest(s)?.dest : undefined;
    const serverIface = server && (await d.actions.interfaceFor(server.address));
    if (serverIface) return confirm({ kind: 'flushNeighbours', iface: serverIface });
    const configured = s.config.iface;
    const iface =
      configured ??
      (selectedService(d.getState())?.service.fwmark === 0 ? (await vipAndInterface('flush ARP'))?.iface : undefined);
    if (iface) return confirm({ kind: 'flushNeighbours', iface });
    // No --iface and no VIP to go by: ask, with the host's interfaces listed.
    open({ kind: 'interface', value: '', choices: await d.actions.interfaces() });
  }

  async function gratuitousArp(): Promise<void> {
    const target = await vipAndInterface('gratuitous ARP');
    if (!target) return;
    if (target.af === AF_INET6)
      return error(`gratuitous ARP: ${target.address} is IPv6 (ARP is IPv4 only; use unsolicited NA)`);
    if (!target.iface)
      return error(`gratuitous ARP: no interface holds or routes ${target.address}; start with --iface IF`);
    confirm({ kind: 'gratuitousArp', address: target.address, iface: target.iface });
  }

  /** The selected real server in its service, or an error on the status line. */
  function selectedServer(what: string): ServiceServer | undefined {
    const state = d.getState();
    const entry = selectedService(state);
    const dest = selectedDest(state)?.dest;
    if (!entry || !dest) {
      error(`${what}: select a real server first (Enter expands a service)`);
      return undefined;
    }
    return { service: entry.service, dest };
  }

  async function undrain(): Promise<void> {
    const t = selectedServer('undrain');
    if (!t) return;
    if (t.dest.weight !== 0) return error(`undrain: ${serverName(t)} is not drained (weight ${t.dest.weight})`);
    const saved = await d.actions.savedWeight(t.service, t.dest);
    if (saved === undefined) return open({ kind: 'weight', target: t, value: '', undrain: true });
    confirmWeight({ kind: 'setWeight', ...t, weight: saved });
  }

  /** `a` in the Doctor pane: one arping per IPv4 VIP held here, each shown in the confirmation. */
  async function arpCheck(): Promise<void> {
    const services = d.getState().services;
    const { targets, skipped } = arpTargets({ services, addresses: await d.actions.localAddresses() });
    if (targets.length === 0)
      return error(`ARP check: no IPv4 VIP is held on an interface here${skipped.length ? ` (${skipped[0]})` : ''}`);
    confirm({ kind: 'arpProbe', targets });
  }

  async function drainHost(): Promise<void> {
    const t = selectedServer('drain everywhere');
    if (!t) return;
    const all = await d.actions.serversAt(t.dest.af, t.dest.address);
    const steps = all.filter((s) => s.dest.weight !== 0).map((s) => ({ kind: 'setWeight' as const, ...s, weight: 0 }));
    if (steps.length === 0) return error(`drain everywhere: ${t.dest.address} has weight 0 in every service already`);
    confirmWeight({ kind: 'setWeights', steps });
  }

  function startAction(c: Command): void {
    const state = d.getState();
    if (state.config.refusal) {
      d.actions.refused?.(`monitor: ${c}`); // to syslog, with who tried
      return error(`refused: ${state.config.refusal}`);
    }
    if (!actsIn(c, state.focus)) return info(elsewhere(c));
    if (state.busy || running)
      return error(`wait: still running ${state.busy ? describeAction(state.busy) : 'an action'}`);
    switch (c) {
      case 'zeroService': {
        const entry = selectedService(state);
        return entry
          ? confirm({ kind: 'zeroService', service: entry.service })
          : error('zero: select a service first (Z zeroes all)');
      }
      case 'zeroAll':
        return confirm({ kind: 'zeroAll' });
      case 'clearTable': {
        const dests = state.services.reduce((n, e) => n + (e.dests?.length ?? 0), 0);
        const counts = {
          services: state.services.length,
          dests,
          destsComplete: state.services.every((e) => e.dests !== undefined),
        };
        return open({ kind: 'typeToConfirm', action: { kind: 'clearTable' }, word: CLEAR_WORD, typed: '', counts });
      }
      case 'setTimeouts': {
        const t = state.meta?.timeouts;
        const fields = t ? ([String(t.tcp), String(t.tcpFin), String(t.udp)] as const) : (['0', '0', '0'] as const);
        return open({ kind: 'timeouts', fields, field: 0 });
      }
      case 'flushArp':
        return void flushArp().catch((e: unknown) => error(`flush ARP: ${errorLine(e)}`));
      case 'gratuitousArp':
        return void gratuitousArp().catch((e: unknown) => error(`gratuitous ARP: ${errorLine(e)}`));
      case 'setWeight': {
        const t = selectedServer('weight');
        return t && open({ kind: 'weight', target: t, value: String(t.dest.weight), undrain: false });
      }
      case 'drain': {
        const t = selectedServer('drain');
        if (!t) return;
        if (t.dest.weight === 0) return error(`drain: ${serverName(t)} has weight 0 already`);
        return confirmWeight({ kind: 'setWeight', ...t, weight: 0 });
      }
      case 'undrain':
        return void undrain().catch((e: unknown) => error(`undrain: ${errorLine(e)}`));
      case 'drainHost':
        return void drainHost().catch((e: unknown) => error(`drain everywhere: ${errorLine(e)}`));
      case 'arpCheck':
        return void arpCheck().catch((e: unknown) => error(`ARP check: ${errorLine(e)}`));
    }
  }

  /** Enter in a dialog: review what was typed, or confirm by the typed word. */
  function submit(): void {
    const s = d.getState();
    if (s.filterEdit) return d.dispatch({ type: 'filterKeep' });
    const dialog = s.dialog;
    if (!dialog) return;
    switch (dialog.kind) {
      case 'confirm':
        return void (answeredAfterShown() && run(dialog.action));
      case 'typeToConfirm':
        if (!answeredAfterShown()) return;
        if (dialog.typed.trim() === dialog.word) return void run(dialog.action);
        return d.dispatch({ type: 'dialogError', message: `type "${dialog.word}" exactly, or Esc to cancel` });
      case 'timeouts': {
        const parsed = parseTimeouts(dialog.fields);
        if (!parsed.ok) return d.dispatch({ type: 'dialogError', message: parsed.message });
        return confirm({ kind: 'setTimeouts', timeouts: parsed.value, was: s.meta?.timeouts });
      }
      case 'client':
        return dialog.reading ? undefined : void lookUp(dialog.value.trim());
      case 'interface': {
        const checked = checkInterface(dialog.value, dialog.choices);
        if (!checked.ok) return d.dispatch({ type: 'dialogError', message: checked.message });
        return confirm({ kind: 'flushNeighbours', iface: checked.value });
      }
      case 'weight': {
        const parsed = parseWeightField(dialog.value);
        if (!parsed.ok) return d.dispatch({ type: 'dialogError', message: parsed.message });
        return confirmWeight({ kind: 'setWeight', ...dialog.target, weight: parsed.value });
      }
    }
  }

  /** Enter in the client lookup: read the table for that address or prefix (a read, never an action). */
  async function lookUp(value: string): Promise<void> {
    const prefix = parsePrefix(value);
    if (!prefix) return d.dispatch({ type: 'dialogError', message: `not an address or ADDRESS/LENGTH: "${value}"` });
    const services = d.getState().services;
    d.dispatch({ type: 'clientLookup' });
    try {
      const read = await d.readConnRows(lookupTest(prefix, services), LOOKUP_MAX_ROWS, lookupNeedle(prefix, services));
      d.dispatch({ type: 'clientLookup', result: clientLookup(prefix, read, services) });
    } catch (e) {
      d.dispatch({ type: 'clientLookup', result: undefined });
      d.dispatch({ type: 'dialogError', message: errorLine(e) });
    }
  }

  function cancel(): void {
    if (d.getState().filterEdit) return d.dispatch({ type: 'filterClear' });
    d.dispatch({ type: 'dialogClose' });
    info('cancelled: nothing was changed');
  }

  /** One edit of the line being typed: the filter's or the open dialog's field. */
  function edit(e: LineEdit): void {
    const s = d.getState();
    if (s.filterEdit) {
      const pane = s.filterEdit.pane;
      const current = pane === 'arp' ? s.arp.filter : pane === 'connections' ? s.entries.filter : s.svc.filter;
      return d.dispatch({ type: 'filterText', text: editLine(current, e, FILTER_MAX) });
    }
    if (!s.dialog || s.dialog.kind === 'confirm') return;
    d.dispatch(e.kind === 'insert' ? { type: 'dialogInput', text: e.text } : { type: 'dialogBackspace' });
  }

  return {
    command(c) {
      const pane = FOCUS[c];
      if (pane) return d.dispatch({ type: 'focus', pane });
      const event = EVENTS[c];
      if (event) return d.dispatch(event);
      switch (c) {
        case 'quit':
        case 'interrupt':
          return d.exit();
        case 'suspend':
          return d.suspend?.();
        case 'confirm': {
          const dialog = d.getState().dialog;
          if (dialog?.kind === 'confirm' && answeredAfterShown()) void run(dialog.action);
          return;
        }
        case 'decline':
        case 'cancel':
          return cancel();
        case 'submit':
          return submit();
        case 'deleteBack':
          return edit({ kind: 'deleteBack' });
        case 'clientLookup':
          return open({ kind: 'client', value: '', reading: false });
        case 'lookUpEntry': {
          // Enter on an entry of the Connections pane: the lookup of its client, as `c` and the address would.
          const row = entryAtCursor(d.getState());
          if (!row) return;
          open({ kind: 'client', value: row.clientAddress, reading: false });
          return void lookUp(row.clientAddress);
        }
        case 'arpCheck':
          return startAction(c);
        default:
          if ((ACTION_COMMANDS as readonly Command[]).includes(c)) startAction(c);
      }
    },
    type: (text) => edit({ kind: 'insert', text }),
    shown() {
      shownAfterRead = d.reads.last;
    },
    paste(text) {
      const s = d.getState();
      if (s.filterEdit || (s.dialog && s.dialog.kind !== 'confirm'))
        return edit({ kind: 'insert', text: pastable(text) });
      info(
        `ignored a paste of ${[...text].length} ${plural([...text].length, 'character')}: keys are typed, a paste is never taken as commands`,
      );
    },
  };
}
