/**
 * The monitor's history: every table it was shown (one that is costly to keep, less often:
 * costShare), and the HA daemon's and the doctor's readings beside them, for the last `spanMs`
 * (`--history`), within `maxBytes`. A table is kept in the
 * history store's own codec (history/codec.ts: a keyframe, then each number's difference from
 * the table before), so 15 minutes of a 1,000-service table fit in a few MiB; the readings are
 * the state's own immutable objects, shared between moments while they do not change.
 * Tables are kept in groups that open with a keyframe and go whole when they age out, so every
 * kept table can be decoded; a group is decoded at most once while the view stays in it.
 */
import { type CodecState, decodeSample, encodeSample } from '../history/codec.js';
import type { HistorySample } from '../history/sample.js';
import type { MonitorState } from './types.js';

/** One table as the monitor read it: when, the read before it, and the reads skipped as unchanged. */
export interface KeptTable {
  group: number;
  keyframe: boolean;
  body: Buffer;
  at: number;
  prevAt: number;
  skipped: number;
  /** Services (indexes in the table) whose real servers the monitor had not read: not shown as none. */
  unread: readonly number[];
}

/** A moment the view can go back to: the table shown then, and the readings beside it. */
export interface Moment {
  at: number;
  table: KeptTable;
  ha: MonitorState['ha'];
  haReading: MonitorState['haReading'];
  doctor: MonitorState['doctor'];
}

/** A poll's times (state/snapshot.ts PollEvent): a rate over a kept table is the one shown then. */
export interface PollTimes {
  at: number;
  prevAt: number;
  skipped: number;
}

export interface TimelineOptions {
  spanMs: number;
  maxBytes: number;
  /** Tables a group holds: the most a step back decodes. */
  groupSize?: number;
  /**
   * The share of a core that keeping tables may take: a table that took longer to keep than this
   * share of the time since the last one kept (a large, busy table) makes the next ones be kept
   * less often. Unset: every table is kept.
   */
  costShare?: number;
  /** The clock that cost is measured by (ms). */
  cpuNow?: () => number;
}

/**
 * 32 MiB for 15 minutes (a 1,000 x 10 table read every second fits), more for a longer --history;
 * at most 2% of a core (a 10,000-service table is kept every few seconds, not at every read).
 */
export function timelineOptions(spanMs: number): TimelineOptions {
  return { spanMs, maxBytes: 32 * 1024 * 1024 * Math.max(1, spanMs / (15 * 60_000)), costShare: 0.02 };
}

export class MonitorTimeline {
  private readonly moments: Moment[] = [];
  private bytes = 0;
  private group = 0;
  private inGroup = 0;
  private codec: CodecState | undefined;
  /** When the last table kept was read, and how long to wait after it for the next (costShare). */
  private keptAt = Number.NEGATIVE_INFINITY;
  private spacingMs = 0;
  /** Tables were read and not kept since the last one kept: the next one's rates span them. */
  private passedOver = false;
  private decoded: { group: number; samples: Map<KeptTable, HistorySample> } | undefined;

  constructor(private readonly options: TimelineOptions) {}

  get length(): number {
    return this.moments.length;
  }

  get byteSize(): number {
    return this.bytes;
  }

  momentAt(index: number): Moment | undefined {
    return this.moments[index];
  }

  /** The index of the newest moment at or before `at` (-1: none). */
  indexAt(at: number): number {
    let lo = 0;
    let hi = this.moments.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.moments[mid]!.at <= at) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  }

  /**
   * Notes what `next` shows that `prev` did not: a new table (a poll), or a new HA or doctor
   * reading beside the last table. Anything else (keys, the connection table) is not kept.
   */
  note(prev: MonitorState, next: MonitorState, now: number, poll?: PollTimes): void {
    if (this.options.spanMs <= 0) return;
    const last = this.moments.at(-1);
    if (poll && next.meta) {
      // A read that logged an event (a weight, a server) is always kept: `{`, `}` and Enter go to it.
      if (next.events === prev.events && poll.at - this.keptAt < this.spacingMs) {
        this.passedOver = true;
        return;
      }
      // Over tables passed over, the rates of this one are taken since the last one kept (and say so: Δ 5s).
      const times = this.passedOver ? { at: poll.at, prevAt: this.keptAt, skipped: 0 } : poll;
      const started = this.options.cpuNow?.() ?? performance.now();
      const { sample, unread } = sampleOfState(next, poll.at);
      this.push({ at: poll.at, table: this.keep(sample, unread, times), ...readings(next) });
      const took = (this.options.cpuNow?.() ?? performance.now()) - started;
      this.spacingMs = this.options.costShare ? took / this.options.costShare : 0;
      this.keptAt = poll.at;
      this.passedOver = false;
    } else if (last && (next.ha !== prev.ha || next.haReading !== prev.haReading || findingsChanged(prev, next))) {
      // Beside the last table, at the time it came (after that table's, so the order holds).
      this.push({ ...last, at: Math.max(last.at + 1, now), ...readings(next) });
    }
  }

  /**
   * A recorded sample as a moment (`ipvstop replay`): every real server read, the HA daemon's
   * status as recorded, no doctor's findings (the store keeps their counts only).
   */
  keepSample(sample: HistorySample, prevAt: number): void {
    const table = this.keep(sample, [], { at: sample.takenAt, prevAt, skipped: 0 });
    this.push({ at: sample.takenAt, table, ha: sample.ha, haReading: undefined, doctor: undefined });
  }

  /** The table of a moment, decoded (its group's tables are decoded together and kept while used). */
  sampleOf(table: KeptTable): HistorySample {
    if (this.decoded?.group !== table.group) {
      const samples = new Map<KeptTable, HistorySample>();
      let state: CodecState | undefined;
      for (const t of this.tablesOf(table.group)) {
        const r = decodeSample(t.at, t.keyframe, t.body, state);
        state = r.state;
        samples.set(t, r.sample);
      }
      this.decoded = { group: table.group, samples };
    }
    const s = this.decoded.samples.get(table);
    if (!s) throw new Error('a table no longer kept');
    return s;
  }

  /** The distinct tables of the moments up to `index`, the last `count` of them, oldest first. */
  tablesUpTo(index: number, count: number): KeptTable[] {
    const out: KeptTable[] = [];
    for (let i = index; i >= 0 && out.length < count; i--) {
      const t = this.moments[i]!.table;
      if (out[0] !== t) out.unshift(t);
    }
    return out;
  }

  /** Every table kept, oldest first (the moments beside one table share it). */
  keptTables(): KeptTable[] {
    const out: KeptTable[] = [];
    for (const m of this.moments) if (out.at(-1) !== m.table) out.push(m.table);
    return out;
  }

  private tablesOf(group: number): KeptTable[] {
    const seen = new Set<KeptTable>();
    for (const m of this.moments) if (m.table.group === group) seen.add(m.table);
    return [...seen];
  }

  private keep(sample: HistorySample, unread: number[], poll: PollTimes): KeptTable {
    const keyframe = this.inGroup === 0 || this.inGroup >= (this.options.groupSize ?? 10);
    if (keyframe) {
      this.group++;
      this.inGroup = 0;
    }
    const r = encodeSample(sample, keyframe ? undefined : this.codec, keyframe);
    this.codec = r.state;
    // A delta that could not be one (the structure changed) opens a group of its own.
    if (r.keyframe && !keyframe) {
      this.group++;
      this.inGroup = 0;
    }
    this.inGroup++;
    this.bytes += r.body.length;
    return { group: this.group, keyframe: r.keyframe, body: r.body, ...poll, unread };
  }

  private push(m: Moment): void {
    this.moments.push(m);
    this.evict(m.at);
  }

  /** Whole groups go, oldest first, while the oldest is past the span or the tables are over the budget. */
  private evict(now: number): void {
    while (this.moments.length > 0) {
      const oldest = this.moments[0]!.table.group;
      if (oldest === this.group) return;
      const tables = this.tablesOf(oldest);
      const over = this.bytes > this.options.maxBytes;
      if (!over && tables.at(-1)!.at >= now - this.options.spanMs) return;
      while (this.moments[0]?.table.group === oldest) this.moments.shift();
      for (const t of tables) this.bytes -= t.body.length;
      if (this.decoded?.group === oldest) this.decoded = undefined;
    }
  }
}

/** The doctor looks every few seconds: a look that found what the last one did is no new moment. */
function findingsChanged(prev: MonitorState, next: MonitorState): boolean {
  if (next.doctor === prev.doctor) return false;
  const words = (s: MonitorState) =>
    s.doctor?.findings.map((f) => `${f.severity} ${f.ruleId} ${f.where} ${f.what}`).join('\n');
  return words(prev) !== words(next);
}

const readings = (s: MonitorState): Pick<Moment, 'ha' | 'haReading' | 'doctor'> => ({
  ha: s.ha,
  haReading: s.haReading,
  doctor: s.doctor,
});

/** The table the state shows, as the history store's sample, and the services whose real servers it had not read. */
function sampleOfState(state: MonitorState, at: number): { sample: HistorySample; unread: number[] } {
  const meta = state.meta!;
  const unread: number[] = [];
  const services = state.services.map((e, i) => {
    if (!e.dests) unread.push(i);
    return { service: e.service, dests: e.dests?.map((d) => d.dest) ?? [] };
  });
  const sample: HistorySample = {
    takenAt: at,
    info: meta.info,
    timeouts: meta.timeouts,
    daemons: [...meta.daemons],
    services,
  };
  if (state.conn) sample.conns = state.conn;
  return { sample, unread };
}
