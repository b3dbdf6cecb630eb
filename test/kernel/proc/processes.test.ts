/** The one reader of /proc/PID, on a /proc made for the test and on this host's own. */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  hasNetAdmin,
  loginUidText,
  netNamespace,
  parentPid,
  processArgs,
  processComm,
  processIds,
  processStartTime,
  realUid,
} from '../../../src/kernel/proc/processes.js';

const root = mkdtempSync(join(tmpdir(), 'ipvstop-proc-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('the /proc reader', () => {
  it('lists pids only, and reads comm, arguments, parent, uid and namespace', () => {
    mkdirSync(join(root, '42/ns'), { recursive: true });
    mkdirSync(join(root, 'sys'));
    writeFileSync(join(root, '42/comm'), 'perl\n');
    writeFileSync(join(root, '42/cmdline'), '/usr/bin/perl\0\0/usr/sbin/ldirectord\0');
    // comm in parentheses may hold spaces and a ')': fields are counted from the last ')'.
    writeFileSync(join(root, '42/stat'), `42 (a) b) S 7 ${Array.from({ length: 17 }, (_, i) => i).join(' ')} 9876 0 0`);
    writeFileSync(join(root, '42/status'), 'Name:\tperl\nPPid:\t7\nUid:\t1000\t0\t0\t0\n');
    symlinkSync('net:[4026531840]', join(root, '42/ns/net'));
    expect(processIds(root)).toEqual([42]);
    expect(processComm(42, root)).toBe('perl');
    // An empty argument stays (it is one); the NUL that ends the last is no argument.
    expect(processArgs(42, root)).toEqual(['/usr/bin/perl', '', '/usr/sbin/ldirectord']);
    expect(parentPid(42, root)).toBe(7);
    expect(realUid(42, root)).toBe(1000);
    expect(netNamespace(42, root)).toBe('net:[4026531840]');
    expect(processStartTime(42, root)).toBe('9876');
    expect(loginUidText(42, root)).toBe(undefined);
    writeFileSync(join(root, '42/loginuid'), '1000');
    expect(loginUidText(42, root)).toBe('1000');
  });

  it('sees CAP_NET_ADMIN (bit 12 of CapEff) and nothing else as it', () => {
    const status = (capEff: string) => {
      mkdirSync(join(root, '50'), { recursive: true });
      writeFileSync(join(root, '50/status'), `Name:\tx\nCapInh:\t0000000000001000\nCapEff:\t${capEff}\n`);
      return hasNetAdmin(50, root);
    };
    expect(status('000001ffffffffff')).toBe(true);
    expect(status('0000000000001000')).toBe(true);
    expect(status('0000000000000fff')).toBe(false);
    expect(status('ffffffffffffefff')).toBe(false);
    expect(hasNetAdmin(51, root)).toBe(false); // gone, or no /proc: it cannot act
  });

  it('gives undefined for a process that ended while it was read, and throws for no /proc', () => {
    mkdirSync(join(root, '43'));
    for (const read of [processComm, processArgs, parentPid, realUid, netNamespace, processStartTime])
      expect(read(43, root)).toBe(undefined);
    expect(() => processIds(join(root, 'missing'))).toThrow();
  });

  it("reads this host's /proc: this process, its title, parent, uid and namespace", () => {
    expect(processIds()).toContain(process.pid);
    expect(processArgs(process.pid)?.[0]).toBe(process.title); // vitest rewrites it, as heartbeat does its own
    expect(processComm('self')).toBe(processComm(process.pid));
    expect(parentPid(process.pid)).toBe(process.ppid);
    expect(realUid('self')).toBe(process.getuid?.());
    expect(netNamespace('self')).toMatch(/^net:\[\d+\]$/);
    expect(processStartTime('self')).toMatch(/^\d+$/);
  });
});
