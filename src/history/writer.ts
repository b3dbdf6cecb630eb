/**
 * The recorder's side of a store: appends samples to the newest segment, one write() per record,
 * starts a new segment (with a keyframe) by time and size, and deletes whole old segments to keep
 * the retention and size limits. A writer never appends to a segment it did not create, so a torn
 * record a crash left stays the last of its segment (format.ts).
 */
import { closeSync, fdatasyncSync, openSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { makeDirs } from '../kernel/fs/privateFile.js';
import { type CodecState, encodeSample } from './codec.js';
import { encodeHeader, encodeRecord } from './format.js';
import type { HistorySample } from './sample.js';
import { listSegments, SEGMENT_BYTES_MAX, segmentName } from './segments.js';

export interface WriterOptions {
  host: string;
  intervalMs: number;
  /** Keep samples this long (ms) behind the newest; 0: no limit. */
  retainMs: number;
  /** Keep the store's files under this many bytes; 0: no limit. */
  maxBytes: number;
  /** A keyframe every this many samples (bounds the work of reading one sample). */
  keyframeEvery?: number;
  /** fdatasync after each record (off in tests only: a power cut may otherwise lose more than one). */
  sync?: boolean;
}

/** A segment spans at most an hour, so that retention deletes in steps of an hour or less. */
const SEGMENT_MS_MAX = 3600_000;
/** A segment is at most this part of a limit, so that deleting whole segments keeps close to it. */
const SEGMENTS_PER_LIMIT = 8;

export class HistoryWriter {
  private fd: number | undefined;
  private current: { name: string; startedAt: number; bytes: number; samples: number } | undefined;
  private prev: CodecState | undefined;

  constructor(
    readonly dir: string,
    private readonly opts: WriterOptions,
  ) {
    makeDirs(dir, 0o700);
  }

  private get segmentMs(): number {
    const r = this.opts.retainMs;
    return r > 0 ? Math.min(SEGMENT_MS_MAX, Math.max(this.opts.intervalMs, r / SEGMENTS_PER_LIMIT)) : SEGMENT_MS_MAX;
  }

  private get segmentBytes(): number {
    const m = this.opts.maxBytes;
    return m > 0 ? Math.min(SEGMENT_BYTES_MAX, m / SEGMENTS_PER_LIMIT) : SEGMENT_BYTES_MAX;
  }

  /** Appends one sample; returns the bytes written. */
  append(sample: HistorySample): number {
    const cur = this.current;
    if (!cur || sample.takenAt - cur.startedAt >= this.segmentMs || cur.bytes >= this.segmentBytes) {
      this.rotate(sample.takenAt);
    }
    const seg = this.current!;
    const every = this.opts.keyframeEvery ?? 60;
    const enc = encodeSample(sample, this.prev, seg.samples % every === 0);
    const record = encodeRecord(enc.keyframe, sample.takenAt, enc.body);
    try {
      this.write(record);
    } catch (e) {
      // Part of the record may be on disk (ENOSPC, EIO): it must stay the last of its segment, where
      // a reader skips it as torn, so the next sample starts a new segment.
      this.close();
      throw e;
    }
    this.prev = enc.state;
    seg.samples = enc.keyframe ? 1 : seg.samples + 1;
    seg.bytes += record.length;
    this.enforceLimits(sample.takenAt);
    return record.length;
  }

  /** One record or header, whole or throwing (protected: a test makes it fail half-way). */
  protected write(buf: Buffer): void {
    let done = 0;
    while (done < buf.length) done += writeSync(this.fd!, buf, done);
    if (this.opts.sync !== false) fdatasyncSync(this.fd!);
  }

  private rotate(startedAt: number): void {
    this.closeFile();
    const name = segmentName(startedAt);
    // 'wx': never over an existing file (a clock stepped back to a used name fails loudly instead).
    this.fd = openSync(join(this.dir, name), 'wx', 0o600);
    this.prev = undefined;
    const header = encodeHeader({ host: this.opts.host, intervalMs: this.opts.intervalMs, createdAt: startedAt });
    try {
      this.write(header);
    } catch (e) {
      this.close();
      throw e;
    }
    this.current = { name, startedAt, bytes: header.length, samples: 0 };
  }

  /** Deletes the oldest segments, never the one being written, until both limits hold. */
  private enforceLimits(now: number): void {
    const { retainMs, maxBytes } = this.opts;
    const segs = listSegments(this.dir);
    let total = segs.reduce((n, s) => n + s.bytes, 0);
    for (let i = 0; i < segs.length - 1; i++) {
      const s = segs[i]!;
      if (s.name === this.current?.name) break;
      // A segment's samples end where the next one starts: all older than the retention means all of it goes.
      const expired = retainMs > 0 && segs[i + 1]!.startedAt <= now - retainMs;
      const over = maxBytes > 0 && total > maxBytes;
      if (!expired && !over) break;
      unlinkSync(s.path);
      total -= s.bytes;
    }
  }

  private closeFile(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  close(): void {
    this.closeFile();
    this.current = undefined;
  }
}
