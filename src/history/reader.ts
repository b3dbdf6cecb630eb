/**
 * The reading side of a store: the index of every whole record in a directory's segments, the
 * sample at or before a time (its keyframe, then the deltas up to it), and the samples between
 * two times. Segments are read whole: rotation keeps each one small (writer.ts).
 */
import { BodyError, type CodecState, decodeSample } from './codec.js';
import { StoreCorruptError, StoreError, StoreTruncatedError } from './errors.js';
import { decodeHeader, type RecordRef, type SegmentHeader, scanRecords } from './format.js';
import type { HistorySample } from './sample.js';
import { listSegments, readSegment } from './segments.js';

interface Segment {
  name: string;
  header: SegmentHeader;
  records: RecordRef[];
  /** Bytes of a torn last record that were skipped. */
  torn: number;
}

interface Position {
  seg: number;
  rec: number;
}

export class HistoryReader {
  private constructor(
    readonly dir: string,
    private readonly segments: Segment[],
  ) {}

  /**
   * Reads the directory's segments. A torn last record is skipped, and so is a newest segment cut
   * inside its header (a crash just after creating it); anything else wrong throws a StoreError.
   */
  static open(dir: string): HistoryReader {
    const files = listSegments(dir);
    const segments: Segment[] = [];
    files.forEach((f, i) => {
      const buf = readSegment(f);
      let head: ReturnType<typeof decodeHeader>;
      try {
        head = decodeHeader(buf, f.name);
      } catch (e) {
        if (e instanceof StoreTruncatedError && i === files.length - 1) return;
        throw e;
      }
      const { records, torn } = scanRecords(buf, head.end, f.name);
      if (records.length > 0 && !records[0]!.keyframe) {
        throw new StoreCorruptError(`${f.name}: first record is not a keyframe`);
      }
      segments.push({ name: f.name, header: head.header, records, torn });
    });
    return new HistoryReader(dir, segments);
  }

  /** The segments' headers, oldest first (host and interval of each recording). */
  headers(): SegmentHeader[] {
    return this.segments.map((s) => s.header);
  }

  /** Bytes of torn last records skipped (a crash's leftovers). */
  tornBytes(): number {
    return this.segments.reduce((n, s) => n + s.torn, 0);
  }

  /** Every sample's time, oldest first. */
  times(): number[] {
    return this.segments.flatMap((s) => s.records.map((r) => r.takenAt));
  }

  /** The last record at or before `t`. */
  private positionAt(t: number): Position | undefined {
    let found: Position | undefined;
    this.segments.forEach((s, seg) => {
      s.records.forEach((r, rec) => {
        if (r.takenAt <= t) found = { seg, rec };
      });
    });
    return found;
  }

  /** The sample at or before `t`, or undefined when the store holds none that old. */
  sampleAt(t: number): HistorySample | undefined {
    const pos = this.positionAt(t);
    if (!pos) return undefined;
    const records = this.segments[pos.seg]!.records;
    let key = pos.rec;
    while (!records[key]!.keyframe) key--;
    let state: CodecState | undefined;
    let sample: HistorySample | undefined;
    for (let i = key; i <= pos.rec; i++) ({ sample, state } = this.decode(pos.seg, records[i]!, state));
    return sample;
  }

  /** The samples from `from` to `to` (inclusive), oldest first. */
  *between(from: number, to: number): Generator<HistorySample> {
    for (let seg = 0; seg < this.segments.length; seg++) {
      let state: CodecState | undefined;
      for (const r of this.segments[seg]!.records) {
        if (r.takenAt > to) return;
        const d = this.decode(seg, r, state);
        state = d.state;
        if (r.takenAt >= from) yield d.sample;
      }
    }
  }

  private decode(seg: number, r: RecordRef, prev: CodecState | undefined) {
    try {
      return decodeSample(r.takenAt, r.keyframe, r.body, prev);
    } catch (e) {
      if (e instanceof BodyError || e instanceof SyntaxError || e instanceof RangeError) {
        throw new StoreCorruptError(
          `${this.segments[seg]!.name}: sample at ${new Date(r.takenAt).toISOString()}: ${e.message}`,
        );
      }
      throw e;
    }
  }
}

export { StoreError };
