/**
 * Replies collected from datagrams as the kernel sends them: golden payloads captured in the lab,
 * wrapped in the headers a dump carries them in, several to a datagram.
 */
import { describe, expect, it } from 'vitest';
import { parseService } from '../../../src/kernel/ipvs/codec.js';
import { readU16, readU32, writeS32, writeU16, writeU32 } from '../../../src/kernel/netlink/attributes.js';
import {
  encodeRequest,
  NLM_F_ACK,
  NLM_F_DUMP,
  NLM_F_REQUEST,
  NLMSG_DONE,
  NLMSG_ERROR,
  ReplyCollector,
} from '../../../src/kernel/netlink/messages.js';
import { loadGoldenCases } from '../golden.js';

const IPVS_FAMILY = 0x1c;
const NLM_F_MULTI = 0x2;

/** One message: nlmsghdr, then `body`, padded to 4 bytes. */
function message(type: number, seq: number, body: Buffer): Buffer {
  const len = 16 + body.length;
  const b = Buffer.alloc((len + 3) & ~3);
  writeU32(b, len, 0);
  writeU16(b, type, 4);
  writeU16(b, NLM_F_MULTI, 6);
  writeU32(b, seq, 8);
  body.copy(b, 16);
  return b;
}

/** A generic netlink reply: its 4-byte header (cmd 1, version 1), then the payload. */
const genl = (seq: number, payload: Buffer) =>
  message(IPVS_FAMILY, seq, Buffer.concat([Buffer.from([1, 1, 0, 0]), payload]));

function errnoBody(errno: number): Buffer {
  const b = Buffer.alloc(4 + 16);
  writeS32(b, -errno, 0);
  return b;
}

const services = loadGoldenCases().filter((c) => c.parser === 'service');

describe('ReplyCollector', () => {
  it('keeps every payload of a dump spread over datagrams, byte for byte, and ends at DONE', () => {
    expect(services.length).toBeGreaterThan(2);
    const c = new ReplyCollector(7, 4);
    const payloads = services.map((s) => s.payload);
    const first = Buffer.concat(payloads.slice(0, 2).map((p) => genl(7, p)));
    const rest = Buffer.concat([...payloads.slice(2).map((p) => genl(7, p)), message(NLMSG_DONE, 7, Buffer.alloc(4))]);
    expect(c.take(first)).toBeUndefined();
    expect(c.take(rest)).toBe(0);
    expect(c.replies.map((r) => r.toString('hex'))).toEqual(payloads.map((p) => p.toString('hex')));
    expect(c.replies.map((r) => parseService(r))).toEqual(payloads.map((p) => parseService(p)));
  });

  it("passes over another request's messages (a late answer to one that timed out)", () => {
    const c = new ReplyCollector(8, 4);
    const [a, b] = services.map((s) => s.payload);
    const datagram = Buffer.concat([genl(7, a!), message(NLMSG_DONE, 7, Buffer.alloc(4)), genl(8, b!)]);
    expect(c.take(datagram)).toBeUndefined();
    expect(c.replies).toEqual([b]);
    expect(c.take(message(NLMSG_ERROR, 8, errnoBody(0)))).toBe(0);
  });

  it("ends with the kernel's errno: an NLMSG_ERROR, or a dump's DONE that carries one", () => {
    expect(new ReplyCollector(3, 4).take(message(NLMSG_ERROR, 3, errnoBody(1)))).toBe(1);
    const done = Buffer.alloc(4);
    writeS32(done, -16, 0);
    expect(new ReplyCollector(3, 4).take(message(NLMSG_DONE, 3, done))).toBe(16);
  });

  it('refuses bytes that are not netlink messages, never reading past a datagram', () => {
    const c = new ReplyCollector(1, 4);
    const cut = genl(1, services[0]!.payload).subarray(0, 40);
    expect(() => c.take(cut)).toThrow(/a netlink message of \d+ bytes at 0 of a 40-byte datagram/);
    const tiny = message(IPVS_FAMILY, 1, Buffer.alloc(0));
    expect(() => c.take(tiny)).toThrow(/shorter than its headers/);
  });
});

describe('encodeRequest', () => {
  it('writes the header the kernel reads: length, type, request and ack (and dump) flags, sequence, port', () => {
    const b = encodeRequest(IPVS_FAMILY, 9, 1234, Buffer.from([1, 2, 3, 4]), true);
    expect(readU32(b, 0)).toBe(20);
    expect(readU16(b, 4)).toBe(IPVS_FAMILY);
    expect(readU16(b, 6)).toBe(NLM_F_REQUEST | NLM_F_ACK | NLM_F_DUMP);
    expect([readU32(b, 8), readU32(b, 12)]).toEqual([9, 1234]);
    expect([...b.subarray(16)]).toEqual([1, 2, 3, 4]);
    expect(readU16(encodeRequest(IPVS_FAMILY, 9, 0, Buffer.alloc(0), false), 6)).toBe(NLM_F_REQUEST | NLM_F_ACK);
  });
});
