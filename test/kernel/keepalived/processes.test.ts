import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findHaProcess } from '../../../src/kernel/keepalived/processes.js';

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

/** A /proc of our own: each process with its command line, parent, owner and network namespace. */
function fakeProc(procs: { pid: string; args: string[]; ppid: number; uid?: number; net: string }[]): string {
  dir = mkdtempSync(join(tmpdir(), 'ipvstop-proc-'));
  mkdirSync(join(dir, 'self/ns'), { recursive: true });
  symlinkSync('net:[1]', join(dir, 'self/ns/net'));
  for (const p of procs) {
    mkdirSync(join(dir, p.pid, 'ns'), { recursive: true });
    writeFileSync(join(dir, p.pid, 'cmdline'), `${p.args.join('\0')}\0`);
    writeFileSync(join(dir, p.pid, 'status'), `Name:\tx\nPPid:\t${p.ppid}\nUid:\t${p.uid ?? 0}\t0\t0\t0\n`);
    symlinkSync(p.net, join(dir, p.pid, 'ns/net'));
  }
  return dir;
}

describe('findHaProcess', () => {
  it("takes keepalived's parent in our network namespace, not another namespace's", () => {
    const proc = fakeProc([
      { pid: '10', args: ['keepalived', '-s', 'other'], ppid: 1, net: 'net:[2]' },
      { pid: '20', args: ['/usr/sbin/keepalived', '-s', 'ours'], ppid: 1, net: 'net:[1]' },
      { pid: '21', args: ['/usr/sbin/keepalived', '-s', 'ours'], ppid: 20, net: 'net:[1]' },
      { pid: '22', args: ['/usr/sbin/keepalived', '-s', 'ours'], ppid: 20, net: 'net:[1]' },
    ]);
    expect(findHaProcess(proc)).toEqual({
      daemon: 'keepalived',
      pid: 20,
      args: ['/usr/sbin/keepalived', '-s', 'ours'],
    });
  });

  it("finds ldirectord (a Perl script) when there is no keepalived, and never another user's program", () => {
    const proc = fakeProc([
      { pid: '30', args: ['./keepalived'], ppid: 1, uid: 1000, net: 'net:[1]' },
      { pid: '40', args: ['/usr/bin/perl', '-w', '/usr/sbin/ldirectord', 'start'], ppid: 1, net: 'net:[1]' },
    ]);
    expect(findHaProcess(proc)).toMatchObject({ daemon: 'ldirectord', pid: 40 });
    expect(findHaProcess(fakeProc([{ pid: '30', args: ['keepalived'], ppid: 1, uid: 1000, net: 'net:[1]' }]))).toBe(
      undefined,
    );
  });
});
