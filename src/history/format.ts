/**
 * The bytes of a history segment (docs/history.md, format version 1):
 *
 *   header: "IPVSTOPH" (8 bytes), u16 BE format version, u32 BE length N, N bytes of JSON
 *           {host, intervalMs, createdAt}, u32 BE CRC-32 of the JSON
 *   record: u32 BE length L, u32 BE CRC-32 of the L payload bytes, then the payload:
 *           u8 kind (1 keyframe, 0 delta), f64 BE sample time (ms since the epoch), compressed body
 *
 * A record is written in one write() call, so a crash leaves at most the last record torn: shorter
 * than its length says, or failing its CRC at the end of the file. That record is skipped; the same
 * fault with whole records after it is corruption and refused.
 */
import { crc32 } from 'node:zlib';
import { StoreCorruptError, StoreForeignError, StoreTruncatedError, StoreVersionError } from './errors.js';

export const MAGIC = Buffer.from('IPVSTOPH', 'latin1');
export const FORMAT_VERSION = 1;
/** Bounds what a reader believes of a length field: no sample comes near it. */
export const RECORD_MAX = 256 * 1024 * 1024;
const HEADER_JSON_MAX = 64 * 1024;
/** Kind byte and time. */
const PAYLOAD_MIN = 9;

export interface SegmentHeader {
  host: string;
  intervalMs: number;
  /** ms since the epoch. */
  createdAt: number;
}

export interface RecordRef {
  keyframe: boolean;
  takenAt: number;
  /** The compressed body. */
  body: Buffer;
}

export function encodeHeader(h: SegmentHeader): Buffer {
  const json = Buffer.from(JSON.stringify(h));
  const head = Buffer.alloc(14);
  MAGIC.copy(head, 0);
  head.writeUInt16BE(FORMAT_VERSION, 8);
  head.writeUInt32BE(json.length, 10);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(json));
  return Buffer.concat([head, json, crc]);
}

/** The header and where the records begin; `name` is for the error lines. */
export function decodeHeader(buf: Buffer, name: string): { header: SegmentHeader; end: number } {
  if (buf.length < MAGIC.length || !buf.subarray(0, MAGIC.length).equals(MAGIC)) {
    // A file too short even for the magic, but whose bytes agree with it, was cut during creation.
    if (buf.length < MAGIC.length && MAGIC.subarray(0, buf.length).equals(buf)) {
      throw new StoreTruncatedError(`${name}: history segment cut short inside its header (${buf.length} bytes)`);
    }
    throw new StoreForeignError(`${name}: not an ipvstop history segment (no IPVSTOPH magic)`);
  }
  // The version first: a segment of another version is refused, whatever follows it.
  const version = buf.length >= 10 ? buf.readUInt16BE(8) : FORMAT_VERSION;
  if (version !== FORMAT_VERSION) {
    throw new StoreVersionError(
      `${name}: history format version ${version}, this ipvstop reads version ${FORMAT_VERSION} only`,
    );
  }
  if (buf.length < 14) throw new StoreTruncatedError(`${name}: history segment cut short inside its header`);
  const n = buf.readUInt32BE(10);
  if (n > HEADER_JSON_MAX) throw new StoreCorruptError(`${name}: header length ${n} is out of bounds`);
  if (buf.length < 14 + n + 4) throw new StoreTruncatedError(`${name}: history segment cut short inside its header`);
  const json = buf.subarray(14, 14 + n);
  if (crc32(json) !== buf.readUInt32BE(14 + n)) throw new StoreCorruptError(`${name}: header fails its CRC`);
  return { header: validHeader(json, name), end: 14 + n + 4 };
}

function validHeader(json: Buffer, name: string): SegmentHeader {
  let h: unknown;
  try {
    h = JSON.parse(json.toString());
  } catch {
    throw new StoreCorruptError(`${name}: header is not JSON`);
  }
  const o = h as Partial<SegmentHeader>;
  if (typeof o.host !== 'string' || typeof o.intervalMs !== 'number' || typeof o.createdAt !== 'number') {
    throw new StoreCorruptError(`${name}: header lacks host, intervalMs or createdAt`);
  }
  return { host: o.host, intervalMs: o.intervalMs, createdAt: o.createdAt };
}

export function encodeRecord(keyframe: boolean, takenAt: number, body: Buffer): Buffer {
  const out = Buffer.alloc(8 + PAYLOAD_MIN + body.length);
  out.writeUInt32BE(PAYLOAD_MIN + body.length, 0);
  out.writeUInt8(keyframe ? 1 : 0, 8);
  out.writeDoubleBE(takenAt, 9);
  body.copy(out, 8 + PAYLOAD_MIN);
  out.writeUInt32BE(crc32(out.subarray(8)), 4);
  return out;
}

/** The whole records from `start` on; `torn`: bytes at the end that were not a whole record (a crash's leftovers). */
export function scanRecords(buf: Buffer, start: number, name: string): { records: RecordRef[]; torn: number } {
  const records: RecordRef[] = [];
  let at = start;
  while (at < buf.length) {
    const fault = recordFault(buf, at);
    if (fault === undefined) {
      const len = buf.readUInt32BE(at);
      const kind = buf.readUInt8(at + 8);
      records.push({
        keyframe: kind === 1,
        takenAt: buf.readDoubleBE(at + 9),
        body: buf.subarray(at + 8 + PAYLOAD_MIN, at + 8 + len),
      });
      at += 8 + len;
      continue;
    }
    if (isTornTail(buf, at)) return { records, torn: buf.length - at };
    throw new StoreCorruptError(`${name}: record at byte ${at} ${fault}, and more data follows it`);
  }
  return { records, torn: 0 };
}

/** Why the record at `at` is not whole, or undefined when it is. */
function recordFault(buf: Buffer, at: number): string | undefined {
  if (buf.length - at < 8) return 'is cut short';
  const len = buf.readUInt32BE(at);
  if (len < PAYLOAD_MIN || len > RECORD_MAX) return `has an impossible length (${len})`;
  if (buf.length - at - 8 < len) return 'is cut short';
  if (crc32(buf.subarray(at + 8, at + 8 + len)) !== buf.readUInt32BE(at + 4)) return 'fails its CRC';
  const kind = buf.readUInt8(at + 8);
  if (kind > 1) return `has an unknown kind (${kind})`;
  return undefined;
}

/**
 * What a crash leaves: the last record cut short or failing its CRC with its end at or past the
 * end of the file, or a tail of zeros (a power cut can leave the file's last block zero-filled).
 */
function isTornTail(buf: Buffer, at: number): boolean {
  if (buf.length - at < 8) return true;
  if (buf.subarray(at).every((b) => b === 0)) return true;
  const len = buf.readUInt32BE(at);
  return len >= PAYLOAD_MIN && len <= RECORD_MAX && at + 8 + len >= buf.length;
}
