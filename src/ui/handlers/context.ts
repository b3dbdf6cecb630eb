/**
 * What every command's handler works with: the App's dependencies, and the one place a dialog is
 * opened, an action is run, the line being typed is edited and an action key is guarded
 * (refused when actions are off, elsewhere than its panes, or while one runs).
 */
import { describeAction } from '../../actions/describe.js';
import type { Action, KernelActions } from '../../actions/types.js';
import { parsePrefix } from '../../domain/prefix.js';
import { errorLine } from '../../errors.js';
import type { MonitorSources } from '../../kernel/sources.js';
import { clientLookup, LOOKUP_MAX_ROWS, lookupNeedle, lookupTest } from '../../state/clientLookup.js';
import { editLine, FILTER_MAX, type LineEdit } from '../../state/lineEdit.js';
import type { MonitorEvent } from '../../state/model.js';
import type { SnapshotTaker } from '../../state/monitorSnapshot.js';
import type { MonitorTimeline } from '../../state/timeline.js';
import type { Dialog, MonitorState } from '../../state/types.js';
import type { KeyReads } from '../screen/TerminalInput.js';

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
  /** The monitor's history (`[ ] { }`); absent with --history 0. */
  timeline?: MonitorTimeline;
  /** `X`: writes the incident's archive with the history (absent in a replay and in tests that do not ask). */
  snapshot?: SnapshotTaker;
}

export interface CommandContext {
  d: CommandDeps;
  /** `o.untilLive`: the line speaks only of the moment looked back at, and going live clears it. */
  error(text: string, o?: { untilLive?: boolean }): void;
  info(text: string): void;
  open(dialog: Dialog): void;
  confirm(action: Action): void;
  /** A weight change's confirmation, warning of a health checker that may undo it. */
  confirmWeight(action: Action): void;
  /** Runs a confirmed action once (a key repeated before the next render does nothing). */
  run(action: Action): Promise<void>;
  /** Whether the keys being handled came after the open dialog was on screen. */
  answeredAfterShown(): boolean;
  /** The open dialog is on screen now. */
  shown(): void;
  /** Whether an action is under way (set before the state says so). */
  running(): boolean;
  /** Reads the table for a client's address or prefix (a read, never an action). */
  lookUp(value: string): Promise<void>;
  /** One edit of the line being typed: the filter's or the open dialog's field. */
  edit(e: LineEdit): void;
}

export function createContext(d: CommandDeps): CommandContext {
  const error = (text: string, o: { untilLive?: boolean } = {}): void =>
    d.dispatch({ type: 'status', status: { kind: 'error', text, ...o } });
  const info = (text: string): void => d.dispatch({ type: 'status', status: { kind: 'info', text } });
  // The read after which the open dialog was on screen. A confirmation is answered only by keys
  // of a later read: never by keys typed ahead or pasted with the key that opened it (a pasted
  // "5", Enter, Enter must not set the timeouts; the second Enter arrived with the first).
  let shownAfterRead = Infinity;
  const open = (dialog: Dialog): void => {
    shownAfterRead = Infinity;
    d.dispatch({ type: 'dialogOpen', dialog });
  };
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

  function edit(e: LineEdit): void {
    const s = d.getState();
    if (s.filterEdit) {
      const pane = s.filterEdit.pane;
      const current = pane === 'arp' ? s.arp.filter : pane === 'connections' ? s.entries.filter : s.svc.filter;
      return d.dispatch({ type: 'filterText', text: editLine(current, e, FILTER_MAX) });
    }
    if (!s.dialog || s.dialog.kind === 'confirm') return;
    d.dispatch({ type: 'dialogEdit', edit: e });
  }

  return {
    d,
    error,
    info,
    open,
    confirm: (action) => open({ kind: 'confirm', action }),
    confirmWeight(action) {
      const note = d.actions.weightWarnings()[0]?.short;
      open(note ? { kind: 'confirm', action, note } : { kind: 'confirm', action });
    },
    run,
    answeredAfterShown: () => d.reads.current > shownAfterRead,
    shown() {
      shownAfterRead = d.reads.last;
    },
    running: () => running,
    lookUp,
    edit,
  };
}

/** The one line a failed asynchronous handler leaves on the status line. */
export const failed =
  (x: CommandContext, what: string) =>
  (e: unknown): void =>
    x.error(`${what}: ${errorLine(e)}`);

/** Whether an action may start now: not while one is under way (the reason on the status line). */
export function idle(x: CommandContext): boolean {
  const busy = x.d.getState().busy;
  if (!busy && !x.running()) return true;
  x.error(`wait: still running ${busy ? describeAction(busy) : 'an action'}`);
  return false;
}
