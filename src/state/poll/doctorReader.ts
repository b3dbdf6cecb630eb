/**
 * The doctor reader: the doctor's rules every DOCTOR_INTERVAL_MS over the last table and
 * connection table the other readers read (doctorFeed.ts: it reads no table of its own), and the
 * HA daemon as the state has it. While the Doctor pane shows, every check is dispatched, for its
 * time ("checked"); while it is hidden, only a change (or the first success after an error), so that
 * a check that found what the last one found builds no frame nobody sees. The last check comes
 * out when the pane opens.
 */
import type { DoctorResult, DoctorView } from '../../doctor/types.js';
import { errorLine } from '../../errors.js';
import type { Destination, Service, ServiceTable } from '../../kernel/ipvs/types.js';
import type { ConnTableSummary } from '../../kernel/proc/types.js';
import { type Clock, Loop } from '../loop.js';
import type { MonitorEvent } from '../model.js';
import type { DestRead, MonitorState } from '../types.js';
import { pauseAfterRead } from './connReader.js';
import { DoctorFeed } from './doctorFeed.js';

/** The doctor's findings over the readers' last reads (so that no table is read twice). */
export type DoctorSource = (view: DoctorView) => Promise<DoctorResult>;

/**
 * The doctor reads every real server of every service and the kernel log: slower than the
 * services pane needs, and findings (settings, drained servers, SYN_RECV piling up over
 * the 60 s SYN_RECV timeout) change on a scale of tens of seconds.
 */
export const DOCTOR_INTERVAL_MS = 10_000;

/** What the doctor takes from the state: the HA daemon's last reading, and the daemon seen running. */
export type DoctorState = Pick<MonitorState, 'haReading' | 'haSeen'>;

export interface DoctorReaderOptions {
  doctor: DoctorSource;
  dispatch: (e: MonitorEvent) => void;
  clock: Clock;
  /** Runs at most this often (default DOCTOR_INTERVAL_MS). */
  everyMs?: number;
  /** For the slices of real servers the screen did not ask for. */
  readDests: (s: Service) => Promise<Destination[]>;
  /** The connections reader's last summary. */
  conns: () => ConnTableSummary | undefined;
  /** IPVS is absent: nothing to look at, and no error of its own. */
  absent: () => boolean;
  /** The state the reducer holds (none: no HA daemon known). */
  state?: () => DoctorState;
}

export class DoctorReader {
  readonly loop: Loop;
  private readonly feed = new DoctorFeed();
  private lastFindings: { text: string; result: DoctorResult } | undefined;
  /** The Doctor pane shows (until told otherwise: a poller nobody steers dispatches every check). */
  private visible = true;
  /** A check kept back while the pane was hidden: it found what the one dispatched before it found. */
  private held: MonitorEvent | undefined;
  /** The last dispatch was an error, which only findings clear. */
  private errorShown = false;

  constructor(private readonly o: DoctorReaderOptions) {
    const every = o.everyMs ?? DOCTOR_INTERVAL_MS;
    // As the connection table's: a slow read (a huge table) waits several times its own length.
    this.loop = new Loop(
      o.clock,
      (c) => this.poll(c),
      (took) => pauseAfterRead(every, took),
    );
  }

  start(): void {
    this.loop.start();
  }

  stop(): void {
    this.loop.stop();
  }

  /** The doctor's share of a table read: the table, and a slice more of real servers; its first look at once. */
  async afterTableRead(table: ServiceTable, reads: DestRead[], current: () => boolean): Promise<void> {
    const first = !this.feed.hasTable;
    this.feed.record(table, reads);
    await this.feed.sweep(this.o.readDests, current, reads, this.o.clock.now());
    if (first) this.loop.kick();
  }

  /** The Doctor pane shows or not: when it opens, the check held back comes out, for its time. */
  setVisible(visible: boolean): void {
    this.visible = visible;
    if (visible && this.held) this.dispatch(this.held);
  }

  private async poll(current: () => boolean): Promise<void> {
    const state = this.o.state?.();
    // Nothing to look at before the first table read, which kicks this loop.
    const view = this.feed.view(this.o.conns(), { reading: state?.haReading, seen: state?.haSeen });
    if (!view || this.o.absent()) return;
    try {
      const fresh = await this.o.doctor(view);
      if (!current()) return;
      // Findings are small: their text compared whole tells a change.
      const text = JSON.stringify(fresh);
      const same = text === this.lastFindings?.text;
      const result = same ? this.lastFindings!.result : fresh;
      this.lastFindings = { text, result };
      const event: MonitorEvent = { type: 'doctor', ...result, at: this.o.clock.now() };
      if (same && !this.visible && !this.errorShown) this.held = event;
      else this.dispatch(event);
    } catch (e) {
      if (current() && !this.o.absent()) this.dispatch({ type: 'pollError', source: 'doctor', message: errorLine(e) });
    }
  }

  private dispatch(event: MonitorEvent): void {
    this.held = undefined;
    this.errorShown = event.type === 'pollError';
    this.o.dispatch(event);
  }
}
