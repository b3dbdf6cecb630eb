/**
 * The exposition as gzip, with the blocks of rows that did not change since the last scrape sent as they were
 * compressed then (gzipSegments.ts). At 1,000 x 10 the text is 26 MB, and writing it and compressing it were
 * most of a scrape's CPU; on a table whose services are idle, nearly all of it is the same from scrape to
 * scrape. A block is known by its stamps (RowBlocks): the kernel's objects it was written from, which the
 * netlink client gives back as they were when a dump did not change, and the states made from them.
 */

import {
  type ExpositionFormat,
  expositionEnd,
  familyHead,
  type MetricFamily,
  seriesName,
  writeSamples,
} from './exposition.js';
import { ExpositionWriter, sent } from './expositionWriter.js';
import { compressSegment, crc32Combine, GZIP_HEADER, gzipEnd, type Segment } from './gzipSegments.js';

interface Kept {
  stamps: unknown[];
  segment: Segment;
  /** The last scrape that sent it. */
  scrape: number;
}

const sameStamps = (a: readonly unknown[], b: readonly unknown[]): boolean =>
  a.length === b.length && a.every((x, i) => x === b[i]);

/** The compressed blocks of the last scrapes, by format, family and block. One per exporter. */
export class SegmentCache {
  private readonly kept = new Map<string, Kept>();
  private scrapes = 0;
  /** Blocks sent as kept, and compressed afresh (tests, and the bench's view of a scrape). */
  hits = 0;
  misses = 0;

  /** A scrape begins: its number, for end(). */
  begin(): number {
    return ++this.scrapes;
  }

  /** The block's segment: the one kept if its stamps are the same, else made (and kept) by `make`. */
  segment(key: string, stamps: unknown[], scrape: number, make: () => Segment): Segment {
    const kept = this.kept.get(key);
    if (kept && sameStamps(kept.stamps, stamps)) {
      kept.scrape = scrape;
      this.hits++;
      return kept.segment;
    }
    this.misses++;
    const segment = make();
    this.kept.set(key, { stamps, segment, scrape });
    return segment;
  }

  /** A scrape ended: blocks that neither it nor the one before sent (families and rows gone) are forgotten. */
  end(scrape: number): void {
    for (const [key, kept] of this.kept) if (kept.scrape < scrape - 1) this.kept.delete(key);
  }
}

/** The gzip stream's CRC and length, as segments are added. */
class GzipTotals {
  crc = 0;
  length = 0;
  add(s: Segment): Buffer {
    this.crc = crc32Combine(this.crc, s.crc, s.length);
    this.length += s.length;
    return s.deflated;
  }
}

/** The pieces a writer filled, compressed as one segment; the pieces go back to be filled again. */
function compressPieces(pieces: Buffer[]): Segment {
  const segment = compressSegment(pieces.length === 1 ? pieces[0]! : Buffer.concat(pieces));
  for (const p of pieces) sent(p);
  return segment;
}

/** The families as gzip (RFC 1952), in buffers to write as they come; `cache` keeps blocks between scrapes. */
export function* gzipExposition(
  families: readonly MetricFamily[],
  format: ExpositionFormat,
  cache: SegmentCache,
): Generator<Buffer> {
  const scrape = cache.begin();
  const totals = new GzipTotals();
  // Families without blocks (small, or cut by --max-series): their text is compressed when a piece is full,
  // before a family with blocks, and at the end. Blocks are written in it too, each compressed on its own.
  const fresh = new ExpositionWriter();
  const flush = (): Buffer | undefined => {
    const pieces = fresh.end();
    return pieces.length > 0 ? totals.add(compressPieces(pieces)) : undefined;
  };
  yield GZIP_HEADER;
  for (const f of families) {
    const head = familyHead(f, format);
    const name = seriesName(f);
    const blocks = f.rows?.blocks;
    if (blocks) {
      const before = flush();
      if (before) yield before;
      for (let i = 0; i < blocks.count; i++) {
        // The family's head goes with its first block.
        const stamps = i === 0 ? [head, ...blocks.stamps(0)] : blocks.stamps(i);
        const segment = cache.segment(`${format} ${f.name} ${f.type} ${i}`, stamps, scrape, () => {
          // The fresh writer, empty here: a writer per block would take a piece of its own each time.
          if (i === 0) fresh.text(head);
          blocks.write(fresh, name, i);
          return compressPieces(fresh.end());
        });
        yield totals.add(segment);
      }
      continue;
    }
    fresh.text(head);
    const series = f.rows ? f.rows.write(fresh, name, f.rows.count) : writeSamples(fresh, f.samples, name);
    for (const _ of series) {
      const segment = flush();
      if (segment) yield segment;
    }
  }
  fresh.text(expositionEnd(format));
  const last = flush();
  if (last) yield last;
  yield gzipEnd(totals.crc, totals.length);
  cache.end(scrape);
}
