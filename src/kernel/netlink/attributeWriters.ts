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

export function u8Attr(type: number, v: number): Buffer {
  const b = Buffer.alloc(1);
  b.writeUInt8(v);
  return attr(type, b);
}
export function u16Attr(type: number, v: number): Buffer {
  const b = Buffer.alloc(2);
  writeU16(b, v);
  return attr(type, b);
}
/** A u16 in network byte order (ports). */
export function be16Attr(type: number, v: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(v);
  return attr(type, b);
}
export function u32Attr(type: number, v: number): Buffer {
  const b = Buffer.alloc(4);
  writeU32(b, v);
  return attr(type, b);
}
export function s32Attr(type: number, v: number): Buffer {
  const b = Buffer.alloc(4);
  writeS32(b, v);
  return attr(type, b);
}
export function u64Attr(type: number, v: bigint): Buffer {
  const b = Buffer.alloc(8);
  if (HOST_LE) b.writeBigUInt64LE(v);
  else b.writeBigUInt64BE(v);
  return attr(type, b);
}
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
