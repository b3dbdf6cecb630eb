/** One line for any error, and error classes that say what they are. */
import { describe, expect, it } from 'vitest';
import { UsageError } from '../src/cli/errors.js';
import { errorLine, InputError } from '../src/errors.js';
import { GarpError } from '../src/kernel/arp/garp.js';
import { explainIpvsError, IpvsError, IpvsUnavailableError } from '../src/kernel/ipvs/client.js';
import { UnknownInterfaceError } from '../src/kernel/neigh/client.js';
import { CodecError } from '../src/kernel/netlink/attributes.js';
import { NetlinkRequestError } from '../src/kernel/netlink/transport.js';
import { ProcReadError } from '../src/kernel/proc/boundedRead.js';
import { LabError } from '../src/lab/labError.js';

describe('errorLine', () => {
  it('is the first line of an error, or what was thrown', () => {
    const twoLines = new Error('cannot read /proc/net/ip_vs_conn: permission denied\n    at somewhere');
    expect(errorLine(twoLines)).toBe('cannot read /proc/net/ip_vs_conn: permission denied');
    expect(errorLine('EIO')).toBe('EIO');
    expect(errorLine(undefined)).toBe('undefined');
    expect(errorLine(new UsageError(''))).toBe('UsageError'); // never an empty line
  });

  it('shows input errors whole and never lets a control character through', () => {
    expect(errorLine(new UsageError("invalid address 'a\nb'"))).toBe("invalid address 'a\\x0ab'");
    expect(errorLine(new InputError('x\ty'))).toBe('x\\x09y');
    expect(errorLine(new Error('cleared\x1b[2J'))).toBe('cleared\\x1b[2J');
    expect(errorLine('\x9b31m')).toBe('\\x9b31m');
  });
});

describe('error classes', () => {
  it.each([
    [new InputError('x'), 'InputError'],
    [new UsageError('x'), 'UsageError'],
    [new GarpError('x'), 'GarpError'],
    [new CodecError('x'), 'CodecError'],
    [new NetlinkRequestError('EIO', 'x'), 'NetlinkRequestError'],
    [new ProcReadError('EACCES', '/proc/net/ip_vs_conn', 'x'), 'ProcReadError'],
    [new UnknownInterfaceError('eth9'), 'UnknownInterfaceError'],
    [new IpvsError('EINVAL', 'x'), 'IpvsError'],
    [new IpvsUnavailableError('EPERM', 'x'), 'IpvsUnavailableError'],
    [new LabError('x'), 'LabError'],
  ])('%s sets its name', (e, name) => {
    expect(e.name).toBe(name);
    expect(String(e)).toBe(`${name}: ${e.message}`);
  });
});

describe('explainIpvsError', () => {
  const refused = (errno: string) => explainIpvsError(new NetlinkRequestError(errno, `IPVS command 16: ${errno}`));

  it("says what to do and keeps the kernel's errno in the message", () => {
    for (const errno of ['ENOENT', 'EPERM', 'EACCES', 'ESRCH', 'EINVAL', 'EBUSY']) {
      const e = refused(errno);
      expect(e).toBeInstanceOf(IpvsError);
      expect((e as IpvsError).errno).toBe(errno);
      expect(e.message).toContain(errno);
    }
    expect(refused('EPERM')).toBeInstanceOf(IpvsUnavailableError);
    expect(refused('EPERM').message).toMatch(/^permission denied: IPVS needs root or CAP_NET_ADMIN/);
    expect(refused('ENOENT').message).toMatch(/modprobe ip_vs/);
    expect(refused('ESRCH').message).toBe('no such service (ESRCH)');
    expect(refused('EINVAL').message).toBe('IPVS: IPVS command 16: EINVAL');
  });

  it('passes anything else through as an Error', () => {
    const codec = new CodecError('IPVS service: truncated');
    expect(explainIpvsError(codec)).toBe(codec);
    expect(explainIpvsError('odd').message).toBe('odd');
  });
});
