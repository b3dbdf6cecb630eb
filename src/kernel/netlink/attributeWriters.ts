/** Netlink attributes written: header, payload, zero padding to 4 bytes (the reading side: attributes.ts). */
import {
  CodecError,
  HOST_LE,
  NLA_F_NESTED,
  NLA_HDRLEN,
  NLA_TYPE_MASK,
  nlaAlign,
  writeS32,
  writeU16,
  writeU32,
} from './attributes.js';

/** One attribute: header, payload, zero padding to 4 bytes. */
export function attr(type: number, value: Buffer, flags = 0): Buffer {
  const len = NLA_HDRLEN + value.length;
  if (len > 0xffff) throw new CodecError(`attribute ${type}: payload of ${value.length} bytes is too long`);
  const out = Buffer.alloc(nlaAlign(len));
  writeU16(out, len, 0);
  writeU16(out, (type & NLA_TYPE_MASK) | flags, 2);
  value.copy(out, NLA_HDRLEN);
  return out;
}

/** A writer of attributes whose payload is one value of `size` bytes, put there by `put`. */
function fixedAttr<T>(size: number, put: (b: Buffer, v: T) => void): (type: number, v: T) => Buffer {
  return (type, v) => {
    const b = Buffer.alloc(size);
    put(b, v);
    return attr(type, b);
  };
}

export const u8Attr = fixedAttr<number>(1, (b, v) => b.writeUInt8(v));
export const u16Attr = fixedAttr<number>(2, (b, v) => writeU16(b, v));
/** A u16 in network byte order (ports). */
export const be16Attr = fixedAttr<number>(2, (b, v) => b.writeUInt16BE(v));
export const u32Attr = fixedAttr<number>(4, (b, v) => writeU32(b, v));
export const s32Attr = fixedAttr<number>(4, (b, v) => writeS32(b, v));
export const u64Attr = fixedAttr<bigint>(8, (b, v) => (HOST_LE ? b.writeBigUInt64LE(v) : b.writeBigUInt64BE(v)));
/** A NUL-terminated string, as nla_put_string sends it. */
export function stringAttr(type: number, s: string): Buffer {
  return attr(type, Buffer.concat([Buffer.from(s, 'utf8'), Buffer.alloc(1)]));
}

/**
 * A nested attribute holding `children` (each already an attribute).
 * NLA_F_NESTED is off by default: IPVS itself sends its nests without it
 * (nla_nest_start_noflag since kernel 5.2) and parses them with the
 * "deprecated" parser, which accepts either.
 */
export function nestedAttr(type: number, children: Buffer[], opts: { flagNested?: boolean } = {}): Buffer {
  return attr(type, Buffer.concat(children), opts.flagNested ? NLA_F_NESTED : 0);
}
