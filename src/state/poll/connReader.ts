/**
 * The connections reader: the connection table's summary on a cadence adapted to how long it
 * takes to read, and from the same read (so that a frame's figures agree) the top talkers and
 * the entry browser's window while the Connections pane shows.
 */

import { TopTalkers } from '../../domain/topTalkers.js';
import { errorLine } from '../../errors.js';
import type { ConnTableSummary } from '../../kernel/proc/types.js';
import type { MonitorSources } from '../../kernel/sources.js';
import { samePass, sameSummary } from '../compare.js';
import type { EntryQuery } from '../entries.js';
import type { ServiceKey } from '../identity.js';
import { type Clock, Loop } from '../loop.js';
import type { MonitorEvent } from '../model.js';
import type { ConnTalkers, EntryWindow } from '../types.js';
import type { TableRead } from './servicesReader.js';
import { type PassCounters, talkersPass } from './talkersPass.js';

/** Connection-table reads wait at least this many times their own duration: a big table costs ≤ 20% of a core. */
export const CONN_DURATION_FACTOR = 4;

/** The pause before a slow read's next run: its period, or CONN_DURATION_FACTOR times its last run if longer. */
export const pauseAfterRead = (everyMs: number, tookMs: number): number =>
  Math.max(everyMs, CONN_DURATION_FACTOR * tookMs);

/** A held key must not turn into a read per keystroke: a new entry window is read this much later. */
const ENTRIES_DEBOUNCE_MS = 150;

export interface ConnReaderOptions {
  sources: Pick<MonitorSources, 'readConnTable'>;
  dispatch: (e: MonitorEvent) => void;
  intervalMs: number;
  clock: Clock;
  /** The services reader's last table (the talkers of a service, the entries' scope; IPVS absent). */
  table: TableRead;
  /** After the first summary read: the doctor said the connection table was not read yet. */
  onFirstSummary?: () => void;
}

export class ConnReader {
  readonly loop: Loop;
  private talkersVisible = false;
  private talkersService: ServiceKey | undefined;
  private entries: EntryQuery | undefined;
  private entriesTimer: unknown;
  private failed = false;
  private lastSummary: ConnTableSummary | undefined;
  /** The top talkers and the entry window last dispatched: a pass that found the same dispatches nothing. */
  private lastPass: { talkers?: ConnTalkers; window?: EntryWindow } = {};
  /** Top talkers, counted again at each read in the same memory (one pass at a time: the loop runs one read). */
  private readonly counters: PassCounters = { all: new TopTalkers(), ofService: new TopTalkers() };

  constructor(private readonly o: ConnReaderOptions) {
    this.loop = new Loop(
      o.clock,
      (c) => this.poll(c),
      (took) => pauseAfterRead(o.intervalMs, took),
    );
  }

  /** The last summary dispatched. */
  get summary(): ConnTableSummary | undefined {
    return this.lastSummary;
  }

  /** IPVS went away, and its connection table with it (the state's talkers and entries too): the next read is dispatched whatever it finds. */
  forget(): void {
    this.lastSummary = undefined;
    this.lastPass = {};
  }

  /** A pass's events, each only when it differs from the last dispatched (compare.ts: no frame for nothing). */
  private readonly sendPass = (e: MonitorEvent): void => {
    if (e.type === 'talkers') {
      if (samePass(this.lastPass.talkers, e.talkers)) return;
      this.lastPass.talkers = e.talkers;
    } else if (e.type === 'entries') {
      if (samePass(this.lastPass.window, e.window)) return;
      this.lastPass.window = e.window;
    }
    this.o.dispatch(e);
  };

  start(): void {
    this.loop.start();
  }

  stop(): void {
    this.loop.stop();
    if (this.entriesTimer !== undefined) this.o.clock.clearTimeout(this.entriesTimer);
    this.entriesTimer = undefined;
  }

  /** Count top talkers (a parse of every row) on the connection cadence while the Connections pane shows. */
  setTalkers(visible: boolean, service?: ServiceKey): void {
    const show = visible && !this.talkersVisible;
    this.talkersVisible = visible;
    this.talkersService = service;
    if (show) this.loop.kick();
  }

  /** What the entry browser shows, read with the talkers; `now`: its window is of another query or ends too soon. */
  setEntries(query: EntryQuery, now: boolean): void {
    this.entries = query;
    if (now && this.talkersVisible && this.entriesTimer === undefined && this.loop.isActive) {
      this.entriesTimer = this.o.clock.setTimeout(() => {
        this.entriesTimer = undefined;
        this.loop.kick();
      }, ENTRIES_DEBOUNCE_MS);
    }
  }

  private async poll(current: () => boolean): Promise<void> {
    try {
      const talkers = this.talkersVisible
        ? talkersPass(this.o.table, this.talkersService, this.entries, this.sendPass, this.counters)
        : undefined;
      const summary = await this.o.sources.readConnTable(talkers?.add);
      if (talkers && current()) talkers.dispatch();
      if (!current() || (sameSummary(this.lastSummary, summary) && !this.failed)) return;
      const first = this.lastSummary === undefined;
      this.lastSummary = summary;
      this.failed = false;
      this.o.dispatch({ type: 'conn', summary });
      if (first) this.o.onFirstSummary?.();
    } catch (e) {
      // With IPVS absent its connection table is gone too: that is already the one status shown.
      if (current() && !this.o.table.absent) {
        this.failed = true;
        this.o.dispatch({ type: 'pollError', source: 'conn', message: errorLine(e) });
      }
    }
  }
}
