/**
 * What NeighbourClient puts on the wire through the `netlink` package's
 * rtnetlink calls, and what it makes of the answers: a fake socket below the
 * package records each request's bytes and flags and answers as the kernel
 * would. (The lab suites run the same client against the real kernel.)
 */
import { EventEmitter } from 'node:events';
import { type NetlinkMessage, type NetlinkSocket, RtNetlinkSocket } from 'netlink';
import { describe, expect, it } from 'vitest';
import { NeighbourClient, UnknownInterfaceError } from '../../../src/kernel/neigh/client.js';
import { NetlinkRequestError } from '../../../src/kernel/netlink/transport.js';
import { hex, toHex } from '../hex.js';

const RTM_NEWNEIGH = 28;
const RTM_DELNEIGH = 29;
const RTM_GETNEIGH = 30;
const NLM_F_DUMP = 0x300;

interface Sent {
  type: number;
  bytes: string;
  flags: number;
  timeout: number | undefined;
}

/** A NetlinkSocket that answers each request with `answer(type, bytes)`: payloads of replies, or an error to throw. */
class FakeSocket extends EventEmitter {
  readonly sent: Sent[] = [];
  constructor(private readonly answer: (type: number, bytes: Buffer) => Buffer[] | Error) {
    super();
  }
  async request(type: number, data: Uint8Array | Uint8Array[], options?: { flags?: number; timeout?: number }) {
    const bytes = Buffer.concat([data].flat());
    this.sent.push({ type, bytes: toHex(bytes), flags: options?.flags ?? 0, timeout: options?.timeout });
    const reply = this.answer(type, bytes);
    if (reply instanceof Error) throw reply;
    const msgs: NetlinkMessage[] = reply.map((data) => ({ type: RTM_NEWNEIGH, flags: 0, seq: 1, port: 0, data }));
    return [msgs, { port: 0, groups: 0 }];
  }
  close(): void {}
}

function neighbour(ifindex: number, address: number, state: number, flags = 0): Buffer {
  const b = hex`02 00 00 00  00 00 00 00  00 00 00 01  08 00 01 00  0a 00 00 00  0a 00 02 00 02 00 00 00 00 01 00 00`;
  b.writeInt32LE(ifindex, 4);
  b.writeUInt16LE(state, 8);
  b.writeUInt8(flags, 10);
  b.writeUInt8(address, 19);
  return b;
}

const NAMES = new Map([
  [1, 'lo'],
  [2, 'eth0'],
  [3, 'eth1'],
]);
const TABLE = [
  neighbour(2, 1, 0x02), // 10.0.0.1 REACHABLE on eth0
  neighbour(3, 2, 0x04), // 10.0.0.2 STALE on eth1
  neighbour(3, 3, 0x80), // 10.0.0.3 PERMANENT on eth1: kept by a flush
  neighbour(3, 4, 0x40), // 10.0.0.4 NOARP on eth1: not shown, kept
  neighbour(3, 5, 0x20), // 10.0.0.5 FAILED on eth1
];

function client(answer: (type: number, bytes: Buffer) => Buffer[] | Error): [NeighbourClient, FakeSocket] {
  const fake = new FakeSocket(answer);
  return [new NeighbourClient(new RtNetlinkSocket(fake as unknown as NetlinkSocket), () => NAMES, 1234), fake];
}

describe('NeighbourClient on the package', () => {
  it('dumps both families with one full ndmsg and lists what ip neigh shows', async () => {
    const [c, fake] = client(() => TABLE);
    const list = await c.list();
    // A zeroed 12-byte ndmsg (family 0: IPv4 and IPv6), not the older 1-byte rtgenmsg that
    // kernels checking dumps strictly (4.20+, NETLINK_GET_STRICT_CHK) refuse.
    expect(fake.sent).toEqual([{ type: RTM_GETNEIGH, bytes: '00'.repeat(12), flags: NLM_F_DUMP, timeout: 1234 }]);
    expect(list.map((n) => `${n.interface} ${n.address} ${n.lladdr} ${n.states.join(',')}`)).toEqual([
      'eth0 10.0.0.1 02:00:00:00:00:01 REACHABLE',
      'eth1 10.0.0.2 02:00:00:00:00:01 STALE',
      'eth1 10.0.0.3 02:00:00:00:00:01 PERMANENT',
      'eth1 10.0.0.5 02:00:00:00:00:01 FAILED',
    ]);
    expect((await c.list(true)).map((n) => n.address)).toContain('10.0.0.4');
  });

  it('flushes like ip neigh flush dev: one delete of {family, ifindex, DST} per flushable entry', async () => {
    const [c, fake] = client((type) => (type === RTM_GETNEIGH ? TABLE : []));
    expect(await c.flush('eth1')).toBe(2);
    expect(fake.sent.slice(1)).toEqual(
      ['0a000002', '0a000005'].map((dst) => ({
        type: RTM_DELNEIGH,
        // ndmsg: family 2, ifindex 3, state/flags/type 0; then NDA_DST (len 8, type 1).
        bytes: `02000000${'03000000'}00000000${'08000100'}${dst}`,
        flags: 0,
        timeout: 1234,
      })),
    );
  });

  it('encodes an IPv6 delete with its 16-byte DST', async () => {
    const v6 = hex`
      0a 00 00 00  2c 01 00 00  04 00 00 01   # family 10, ifindex 300, STALE
      14 00 01 00  20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 05   # NDA_DST 2001:db8::5`;
    const fake = new FakeSocket((type) => (type === RTM_GETNEIGH ? [v6] : []));
    const c = new NeighbourClient(new RtNetlinkSocket(fake as unknown as NetlinkSocket), () => new Map([[300, 'v6']]));
    expect(await c.flush('v6')).toBe(1);
    expect(fake.sent[1]?.bytes).toBe(
      toHex(hex`
      0a 00 00 00  2c 01 00 00  00 00 00 00   # family 10, ifindex 300
      14 00 01 00  20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 05`),
    );
  });

  it('counts an entry gone meanwhile (ENOENT) as not deleted, and stops at any other refusal', async () => {
    const [gone] = client((type) => (type === RTM_GETNEIGH ? TABLE : new Error('Request rejected: ENOENT')));
    expect(await gone.flush('eth1')).toBe(0);
    const [refused] = client((type) => (type === RTM_GETNEIGH ? TABLE : new Error('Request rejected: EPERM')));
    const e = await refused.flush('eth1').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(NetlinkRequestError);
    expect(e).toMatchObject({ errno: 'EPERM', message: 'neighbour delete 10.0.0.2: EPERM' });
  });

  it('refuses an unknown interface before sending anything', async () => {
    const [c, fake] = client(() => TABLE);
    await expect(c.flush('nope0')).rejects.toThrow(UnknownInterfaceError);
    expect(fake.sent).toEqual([]);
  });

  it('says when the kernel does not answer', async () => {
    const [c] = client(() => new Error('Timeout has been reached'));
    const said = { errno: 'ETIMEDOUT', message: 'neighbour dump: no answer from the kernel (ETIMEDOUT)' };
    await expect(c.list()).rejects.toMatchObject(said);
  });
});
