/**
 * Netlink attributes (TLV) without sockets: bounds-checked parsing into typed
 * readers, and writers. Layout from linux/netlink.h:
 *
 *   struct nlattr { __u16 nla_len; __u16 nla_type; }   then the payload,
 *   padded to NLA_ALIGNTO (4) bytes; nla_len counts header + payload, not the
 *   padding. The top two bits of nla_type are flags (NLA_F_NESTED,
 *   NLA_F_NET_BYTEORDER), masked off by NLA_TYPE_MASK.
 *
 * rtnetlink's struct rtattr has the same layout, so the neighbour codec uses
 * these helpers too. Header fields and "host order" integers use the host's
 * byte order (os.endianness(); little-endian on our x86_64 targets).
 */
import { endianness } from 'node:os';

/** A malformed, truncated or incomplete netlink message. */
export class CodecError extends Error {
  override readonly name = 'CodecError';
}

/** Size of struct nlattr (NLA_HDRLEN). */
export const NLA_HDRLEN = 4;
/** Attribute carries nested attributes (linux/netlink.h). */
export const NLA_F_NESTED = 1 << 15;
/** Payload is in network byte order (linux/netlink.h). */
export const NLA_F_NET_BYTEORDER = 1 << 14;
/** ~(NLA_F_NESTED | NLA_F_NET_BYTEORDER) on the 16-bit type field. */
export const NLA_TYPE_MASK = 0x3fff;

export const HOST_LE = endianness() === 'LE';

/** NLA_ALIGN: rounds a length up to a multiple of 4. */
export function nlaAlign(len: number): number {
  return (len + 3) & ~3;
}

// ---------------------------------------------------------------- host order

/** Reads a host-order u16. */
export function readU16(b: Buffer, off = 0): number {
  return HOST_LE ? b.readUInt16LE(off) : b.readUInt16BE(off);
}
/** Reads a host-order u32. */
export function readU32(b: Buffer, off = 0): number {
  return HOST_LE ? b.readUInt32LE(off) : b.readUInt32BE(off);
}
/** Reads a host-order s32. */
export function readS32(b: Buffer, off = 0): number {
  return HOST_LE ? b.readInt32LE(off) : b.readInt32BE(off);
}
const TWO_32 = 2 ** 32;
/** The largest high half of a u64 whose value is still an exact number (below 2^53). */
const EXACT_HIGH = 2 ** 21 - 1;

/** The high 32 bits of a host-order u64 at `off`. */
const highHalf = (b: Buffer, off: number): number => (HOST_LE ? b.readUInt32LE(off + 4) : b.readUInt32BE(off));
/** The low 32 bits of a host-order u64 at `off`. */
const lowHalf = (b: Buffer, off: number): number => (HOST_LE ? b.readUInt32LE(off) : b.readUInt32BE(off + 4));

/**
 * Reads a host-order u64 as bigint. Below 2^53 (every counter short of 9 PB) it makes one BigInt: Node's
 * readBigUInt64 makes four, and they were a quarter of the garbage of a 10,000-server table's read.
 */
export function readU64(b: Buffer, off = 0): bigint {
  const high = highHalf(b, off);
  const low = lowHalf(b, off);
  return high <= EXACT_HIGH ? BigInt(high * TWO_32 + low) : (BigInt(high) << 32n) | BigInt(low);
}
/** Reads a host-order u64 as a number, exact below 2^53 (a rate; no BigInt made). */
export function readU64Number(b: Buffer, off = 0): number {
  return highHalf(b, off) * TWO_32 + lowHalf(b, off);
}
/** Writes a host-order u16. */
export function writeU16(b: Buffer, v: number, off = 0): void {
  if (HOST_LE) b.writeUInt16LE(v, off);
  else b.writeUInt16BE(v, off);
}
/** Writes a host-order u32. */
export function writeU32(b: Buffer, v: number, off = 0): void {
  if (HOST_LE) b.writeUInt32LE(v, off);
  else b.writeUInt32BE(v, off);
}
/** Writes a host-order s32. */
export function writeS32(b: Buffer, v: number, off = 0): void {
  if (HOST_LE) b.writeInt32LE(v, off);
  else b.writeInt32BE(v, off);
}

// ------------------------------------------------------------------- parsing

/** One attribute as found on the wire. */
export interface RawAttribute {
  /** Type with the flag bits masked off. */
  type: number;
  /** NLA_F_NESTED / NLA_F_NET_BYTEORDER bits as sent. */
  flags: number;
  /** Payload without header and padding (a view into the input buffer). */
  value: Buffer;
}

/** The context an error names: a string, or a reader's (made only then). */
const contextOf = (where: string | { readonly context: string }): string =>
  typeof where === 'string' ? where : where.context;

/**
 * Walks the attributes of `buf` from `start` to `end`, in order, duplicates and unknown types included, handing
 * `visit` each one's type (flags masked off), flags, and its payload's offset in `buf` and length. Throws
 * CodecError on a truncated header, a length below the header size or a length running past `end` (offsets in
 * messages count from `start`); never reads out of bounds.
 */
function walkAttributes(
  buf: Buffer,
  where: string | { readonly context: string },
  start: number,
  end: number,
  visit: (type: number, flags: number, payloadAt: number, payloadLength: number) => void,
): void {
  let off = start;
  while (off < end) {
    const left = end - off;
    if (left < NLA_HDRLEN) {
      throw new CodecError(
        `${contextOf(where)}: truncated attribute header at offset ${off - start} (${left} bytes left)`,
      );
    }
    const len = readU16(buf, off);
    const rawType = readU16(buf, off + 2);
    if (len < NLA_HDRLEN || len > left) {
      throw new CodecError(
        `${contextOf(where)}: attribute ${rawType & NLA_TYPE_MASK} at offset ${off - start} has bad length ${len} (${left} bytes left)`,
      );
    }
    visit(rawType & NLA_TYPE_MASK, rawType & ~NLA_TYPE_MASK, off + NLA_HDRLEN, len - NLA_HDRLEN);
    // The last attribute may come without its padding.
    off += nlaAlign(len);
  }
}

/** Splits a buffer into attributes, in order, duplicates and unknown types included (see walkAttributes). */
export function listAttributes(buf: Buffer, context = 'attributes'): RawAttribute[] {
  const out: RawAttribute[] = [];
  walkAttributes(buf, context, 0, buf.length, (type, flags, at, length) =>
    out.push({ type, flags, value: buf.subarray(at, at + length) }),
  );
  return out;
}

/** Attributes by type (flags masked off); a repeated type keeps the last one, as the kernel's nla_parse does. */
export function parseAttributes(buf: Buffer, context?: string): Map<number, Buffer> {
  return new Map(listAttributes(buf, context).map((a) => [a.type, a.value]));
}

/** In AttributeReader's `found`: no such attribute. */
const ABSENT = -1;

/**
 * An array for AttributeReader's `found`, as long as `names` (an unnamed type past its end grows it). Made
 * per reader, these arrays were a fifth of the garbage of a 10,000-server table's read: a parser of many
 * messages makes one per nesting level and passes it to each reader.
 */
export function scratchFor(names: readonly string[]): number[] {
  return new Array<number>(names.length).fill(ABSENT);
}

/** An attribute's payload as one number: its offset times PAYLOAD plus its length (at most 0xffff, nla_len's range). */
const PAYLOAD = 0x10000;
const payloadAt = (packed: number): number => Math.floor(packed / PAYLOAD);
const payloadLength = (packed: number): number => packed % PAYLOAD;

/**
 * Typed, length-checked access to one level of attributes. Every failure is a
 * CodecError naming the context and the attribute. Unknown attributes are
 * skipped; a repeated type keeps the last one, as the kernel's nla_parse does.
 *
 * It keeps where each attribute's payload is in the input, not a view of it:
 * a list of 10,000 real servers was 300,000 Buffer views and their Maps, read
 * once and dropped (natively, 100,000 real servers and 100,000 services of the
 * lab's captured replies parsed in 2.0-2.4 s with them, 1.4-1.6 s without).
 * Values are read from the input at those offsets; `bytes` makes a view on demand.
 */
export class AttributeReader {
  /**
   * Per type: the payload's offset in `buf` times PAYLOAD plus its length (see payloadAt, payloadLength),
   * ABSENT when not found.
   */
  private readonly found: number[];
  /** This level's own context (`STATS64`); `context` is the whole path. */
  private readonly name: string;

  /**
   * `names[type]` labels attributes in error messages (e.g. IPVS_SVC_ATTR_NAMES). `scratch`, when given, is
   * cleared and used for `found`: a caller parsing many messages one after another passes the same array
   * for each, once it is done with the reader before (see scratchFor).
   */
  constructor(
    private readonly buf: Buffer,
    context: string,
    private readonly names: readonly string[] = [],
    start = 0,
    end = buf.length,
    scratch?: number[],
    /** A nested reader's parent: its context begins with the parent's, made only for an error's message. */
    private readonly parent?: AttributeReader,
  ) {
    this.name = context;
    this.found = scratch ? scratch.fill(ABSENT) : scratchFor(names);
    const found = this.found;
    walkAttributes(buf, this, start, end, (type, _flags, at, length) => {
      found[type] = at * PAYLOAD + length;
    });
  }

  /** What an error names: `IPVS real server > DEST > STATS64`. */
  get context(): string {
    return this.parent ? `${this.parent.context} > ${this.name}` : this.name;
  }

  has(type: number): boolean {
    return (this.found[type] ?? ABSENT) !== ABSENT;
  }

  /** The attribute's payload (a view into the input); throws when it is absent. */
  bytes(type: number): Buffer {
    const at = this.at(type);
    return this.buf.subarray(payloadAt(at), payloadAt(at) + payloadLength(at));
  }

  /** Runs `read` when the attribute is present, else gives undefined. */
  maybe<T>(type: number, read: (type: number) => T): T | undefined {
    return this.has(type) ? read(type) : undefined;
  }

  u8(type: number): number {
    return this.buf.readUInt8(this.offsetOf(type, 1));
  }
  u16(type: number): number {
    return readU16(this.buf, this.offsetOf(type, 2));
  }
  /** A u16 in network byte order (ports). */
  be16(type: number): number {
    return this.buf.readUInt16BE(this.offsetOf(type, 2));
  }
  u32(type: number): number {
    return readU32(this.buf, this.offsetOf(type, 4));
  }
  s32(type: number): number {
    return readS32(this.buf, this.offsetOf(type, 4));
  }
  u64(type: number): bigint {
    return readU64(this.buf, this.offsetOf(type, 8));
  }
  /**
   * An IPv4 address in 4 bytes, or in the first 4 of 16 (as IPVS sends one), as a dotted quad: read in place,
   * with no view of the payload made (a dump of 10,000 real servers reads 10,000 of them).
   */
  ipv4(type: number): string {
    const at = this.at(type);
    const length = payloadLength(at);
    if (length !== 4 && length !== 16) throw this.badSize(type, length, [16, 4]);
    const b = this.buf;
    const o = payloadAt(at);
    return `${b[o]}.${b[o + 1]}.${b[o + 2]}.${b[o + 3]}`;
  }
  /** A u64 as a number, exact below 2^53. */
  u64Number(type: number): number {
    return readU64Number(this.buf, this.offsetOf(type, 8));
  }

  /** A string; cut at the first NUL (nla_put_string includes one), whole payload when none. */
  string(type: number): string {
    const b = this.bytes(type);
    const nul = b.indexOf(0);
    return b.subarray(0, nul < 0 ? b.length : nul).toString('utf8');
  }

  /** The attributes nested inside `type` (`scratch` as for the constructor). */
  nested(type: number, context: string, names: readonly string[] = [], scratch?: number[]): AttributeReader {
    const at = this.at(type);
    const start = payloadAt(at);
    const end = start + payloadLength(at);
    return new AttributeReader(this.buf, context, names, start, end, scratch, this);
  }

  /** Payload that must be exactly one of `sizes` bytes long. */
  sized(type: number, ...sizes: number[]): Buffer {
    const b = this.bytes(type);
    if (!sizes.includes(b.length)) throw this.badSize(type, b.length, sizes);
    return b;
  }

  /** Where the payload of `type` starts, when it is `size` bytes long. */
  private offsetOf(type: number, size: number): number {
    const at = this.at(type);
    if (payloadLength(at) !== size) throw this.badSize(type, payloadLength(at), [size]);
    return payloadAt(at);
  }

  private at(type: number): number {
    const at = this.found[type] ?? ABSENT;
    if (at === ABSENT) throw new CodecError(`${this.context}: missing attribute ${this.label(type)}`);
    return at;
  }

  private badSize(type: number, length: number, sizes: readonly number[]): CodecError {
    return new CodecError(
      `${this.context}: attribute ${this.label(type)} has ${length} bytes, expected ${sizes.join(' or ')}`,
    );
  }

  private label(type: number): string {
    const name = this.names[type];
    return name ? `${name} (${type})` : String(type);
  }
}
