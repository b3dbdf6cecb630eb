/** What a failed request becomes: the kernel's errno, in the error and in its message. */
import { checkError, MessageType } from 'netlink';
import { describe, expect, it } from 'vitest';
import { requestError } from '../../../src/kernel/netlink/transport.js';

/** What the netlink package throws for the kernel's NLMSG_ERROR reply carrying `-errno`. */
function packageRefusal(errno: number): unknown {
  const data = Buffer.alloc(4 + 16);
  data.writeInt32LE(-errno, 0); // struct nlmsgerr: the negative errno, then the request's header
  try {
    checkError({ type: MessageType.ERROR, flags: 0, seq: 1, port: 0, data });
  } catch (e) {
    return e;
  }
  throw new Error('checkError did not throw');
}

describe('requestError', () => {
  it("keeps the kernel's errno from the netlink package's own error", () => {
    const e = requestError(packageRefusal(1), 'IPVS command 4');
    expect(e).toMatchObject({ errno: 'EPERM', message: 'IPVS command 4: EPERM', name: 'NetlinkRequestError' });
    const esrch = requestError(packageRefusal(3), 'IPVS command 16');
    expect(esrch).toMatchObject({ errno: 'ESRCH', message: 'IPVS command 16: ESRCH' });
  });

  it('names a timeout ETIMEDOUT and anything else EIO in its own words', () => {
    expect(requestError(new Error('Timeout has been reached'), 'IPVS command 4')).toMatchObject({
      errno: 'ETIMEDOUT',
      message: 'IPVS command 4: no answer from the kernel (ETIMEDOUT)',
    });
    const garbled = new Error('Received reply with different family (2) than original (30)');
    expect(requestError(garbled, 'IPVS command 4')).toMatchObject({
      errno: 'EIO',
      message: 'IPVS command 4: EIO (Received reply with different family (2) than original (30))',
    });
  });
});
