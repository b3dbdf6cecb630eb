/**
 * Netlink messages, pure over Buffer: a request's bytes, and the replies to it collected from the
 * datagrams the socket receives. A dump of 10,000 services arrives in a few hundred datagrams,
 * each holding many messages; each reply is kept as a view of its datagram's bytes (one small
 * object a message, nothing copied), which is all the codecs and the "same as the last dump"
 * check need.
 *
 * Layouts (linux/netlink.h, host byte order): struct nlmsghdr { u32 len; u16 type; u16 flags;
 * u32 seq; u32 pid }, 16 bytes, each message padded to 4 bytes; NLMSG_ERROR carries
 * struct nlmsgerr { int error; struct nlmsghdr msg; ... } (error 0: an ACK); NLMSG_DONE ends a
 * dump and carries an int, 0 or the negative errno the dump failed with.
 */
import { readS32, readU16, readU32, writeU16, writeU32 } from './attributes.js';

export const NLMSG_HDRLEN = 16;
export const NLMSG_ERROR = 2;
export const NLMSG_DONE = 3;
/** Message types below this are netlink's own (NOOP, ERROR, DONE, OVERRUN). */
const NLMSG_MIN_TYPE = 0x10;

export const NLM_F_REQUEST = 0x1;
export const NLM_F_ACK = 0x4;
/** NLM_F_ROOT | NLM_F_MATCH. */
export const NLM_F_DUMP = 0x300;

const align4 = (n: number): number => (n + 3) & ~3;

/** A request: its header (NLM_F_REQUEST and NLM_F_ACK set; NLM_F_DUMP for a dump), then `payload`. */
export function encodeRequest(type: number, seq: number, port: number, payload: Buffer, dump: boolean): Buffer {
  const msg = Buffer.alloc(NLMSG_HDRLEN + payload.length);
  writeU32(msg, msg.length, 0);
  writeU16(msg, type, 4);
  writeU16(msg, NLM_F_REQUEST | NLM_F_ACK | (dump ? NLM_F_DUMP : 0), 6);
  writeU32(msg, seq, 8);
  writeU32(msg, port, 12);
  payload.copy(msg, NLMSG_HDRLEN);
  return msg;
}

/** How a request ended: 0, or the errno (positive) the kernel answered. */
export type RequestEnd = number;

/**
 * The replies to one request, from datagrams as they come. Messages of other requests (a late
 * answer to one that timed out) are passed over. A dump ends at NLMSG_DONE; any request ends at
 * an NLMSG_ERROR (an ACK when its error is 0: what a request that is not a dump ends with, after
 * its reply, since every request asks for one).
 */
export class ReplyCollector {
  readonly replies: Buffer[] = [];

  /** `skip`: bytes between the message header and the payload kept (4: the generic netlink header). */
  constructor(
    readonly seq: number,
    private readonly skip: number,
  ) {}

  /** Takes one datagram: the request's end, or undefined while more is to come. Throws on bytes that are not netlink. */
  take(datagram: Buffer): RequestEnd | undefined {
    for (let at = 0; at + NLMSG_HDRLEN <= datagram.length; ) {
      const len = readU32(datagram, at);
      if (len < NLMSG_HDRLEN || at + len > datagram.length)
        throw new Error(`a netlink message of ${len} bytes at ${at} of a ${datagram.length}-byte datagram`);
      const end = readU32(datagram, at + 8) === this.seq ? this.message(datagram, at, len) : undefined;
      if (end !== undefined) return end;
      at += align4(len);
    }
    return undefined;
  }

  private message(datagram: Buffer, at: number, len: number): RequestEnd | undefined {
    const type = readU16(datagram, at + 4);
    const body = at + NLMSG_HDRLEN;
    // The negative errno, or 0 (written as 0 - x, not -x: -0 is not 0 to a test's eyes).
    if (type === NLMSG_ERROR || type === NLMSG_DONE) return len >= NLMSG_HDRLEN + 4 ? 0 - readS32(datagram, body) : 0;
    if (type < NLMSG_MIN_TYPE) return undefined;
    if (len < NLMSG_HDRLEN + this.skip) throw new Error(`a ${len}-byte reply, shorter than its headers`);
    this.replies.push(datagram.subarray(body + this.skip, at + len));
    return undefined;
  }
}
