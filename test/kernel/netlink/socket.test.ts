/**
 * The transport over this machine's own kernel (which has no IPVS, but has generic netlink's
 * controller and rtnetlink): dumps, errnos, a family that is not there, and the process left free
 * to exit once nothing is asked.
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseAttributes, readU16 } from '../../../src/kernel/netlink/attributes.js';
import { NetlinkSocket } from '../../../src/kernel/netlink/socket.js';
import { openGenericFamily, openRtnetlink } from '../../../src/kernel/netlink/transport.js';

const CTRL_CMD_GETFAMILY = 3;
const RTM_GETLINK = 18;
/** struct ifinfomsg: family, pad, type, index, flags, change. */
const IFINFOMSG = 16;

describe('the netlink transport, over the host kernel', () => {
  it("dumps generic netlink's families, the controller itself among them under its fixed id", async () => {
    const ctrl = await openGenericFamily('nlctrl', 2);
    try {
      const replies = await ctrl.request(CTRL_CMD_GETFAMILY, Buffer.alloc(0), { dump: true });
      const ids = new Map(
        replies.map((r) => {
          const a = parseAttributes(r);
          return [a.get(2)!.toString('utf8').replace(/\0+$/, ''), readU16(a.get(1)!)];
        }),
      );
      expect(ids.get('nlctrl')).toBe(0x10);
    } finally {
      ctrl.close();
    }
  });

  it('says ENOENT, in one line, for a family this kernel does not have (IPVS here), looked up either way', async () => {
    for (const loadModule of [true, false])
      await expect(openGenericFamily('IPVS', 1, 5000, undefined, loadModule)).rejects.toMatchObject({
        errno: 'ENOENT',
        message: 'generic netlink family IPVS: ENOENT',
      });
  });

  it('dumps every network interface over rtnetlink, and keeps the errno of a request the kernel refuses', async () => {
    const rt = openRtnetlink();
    try {
      const links = await rt.request(RTM_GETLINK, Buffer.alloc(IFINFOMSG), { dump: true });
      expect(links).toHaveLength(readdirSync('/sys/class/net').length);
      // A get of interface index 0 (none) without a name.
      await expect(rt.request(RTM_GETLINK, Buffer.alloc(IFINFOMSG))).rejects.toMatchObject({
        errno: expect.stringMatching(/^E[A-Z]+$/),
        message: expect.stringMatching(/^rtnetlink message 18: E[A-Z]+$/),
      });
      // The socket still answers after a refusal.
      expect(await rt.request(RTM_GETLINK, Buffer.alloc(IFINFOMSG), { dump: true })).toHaveLength(links.length);
    } finally {
      rt.close();
    }
  });

  it('fails a request whose datagram is longer than the read buffer (EIO, truncated), and answers the next', async () => {
    const ROUTE = 0;
    const sock = new NetlinkSocket(ROUTE, 5000, 64);
    try {
      const dump = { type: RTM_GETLINK, payload: Buffer.alloc(IFINFOMSG), dump: true, skip: 0, what: 'link dump' };
      await expect(sock.request(dump)).rejects.toMatchObject({
        errno: 'EIO',
        message: 'link dump: EIO (a datagram longer than 64 bytes (truncated))',
      });
    } finally {
      sock.close();
    }
  });
});
