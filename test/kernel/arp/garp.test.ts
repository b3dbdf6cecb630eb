/**
 * arping is run from a fixed argument list: a fake runner records every argv.
 * An interface named like a shell command or an option never reaches arping.
 */
import { describe, expect, it } from 'vitest';
import { detectArping, GarpError, sendGratuitousArp } from '../../../src/kernel/arp/garp.js';
import { ToolNotFoundError, type ToolRunner } from '../../../src/kernel/exec/systemTool.js';
import { InterfaceNameError } from '../../../src/kernel/net/interfaceName.js';

/** A runner that records argv and answers `arping -V` as `version` says. */
function recorder(version: 'iputils' | 'habets' | 'none'): { run: ToolRunner; calls: string[][] } {
  const calls: string[][] = [];
  const run: ToolRunner = async (tool, args) => {
    calls.push([tool, ...args]);
    if (version === 'none') throw new ToolNotFoundError(tool);
    if (args[0] === '-V') {
      const usage = { stdout: '', stderr: 'ARPing 2.21, by Thomas Habets' };
      if (version === 'habets') throw Object.assign(new Error('exit 1'), usage);
      return { stdout: 'arping from iputils 20221126\n', stderr: '' };
    }
    return { stdout: '', stderr: '' };
  };
  return { run, calls };
}

describe('gratuitous ARP through arping', () => {
  const refused = ['$(touch /tmp/x)', '-h', '--help', '', 'a/b', '\x1b]0;x\x07'];
  it.each(refused)('refuses interface %j before running anything', async (iface) => {
    const r = recorder('iputils');
    await expect(sendGratuitousArp('192.0.2.1', iface, 3, r.run)).rejects.toThrow(InterfaceNameError);
    expect(r.calls).toEqual([]);
  });

  it('passes a strange but valid name as one argument of -I', async () => {
    const r = recorder('iputils');
    await sendGratuitousArp('192.0.2.1', '$(id>x)', 3, r.run);
    expect(r.calls).toEqual([
      ['arping', '-V'],
      ['arping', '-U', '-c', '3', '-I', '$(id>x)', '-s', '192.0.2.1', '192.0.2.1'],
    ]);
  });

  it("speaks Thomas Habets' flags to his arping", async () => {
    const r = recorder('habets');
    await sendGratuitousArp('192.0.2.1', 'eth0', 2, r.run);
    expect(r.calls.at(-1)).toEqual(['arping', '-U', '-c', '2', '-i', 'eth0', '-S', '192.0.2.1', '192.0.2.1']);
  });

  it('refuses anything but an IPv4 address, before running anything', async () => {
    for (const address of ['2001:db8::1', '-h', '192.0.2.1 -h', '999.1.1.1', '']) {
      const r = recorder('iputils');
      await expect(sendGratuitousArp(address, 'eth0', 3, r.run)).rejects.toThrow(GarpError);
      expect(r.calls).toEqual([]);
    }
  });

  it('says how to install arping when there is none', async () => {
    const r = recorder('none');
    expect(await detectArping(r.run)).toBeUndefined();
    await expect(sendGratuitousArp('192.0.2.1', 'eth0', 3, r.run)).rejects.toThrow(
      /arping not found in \/usr\/sbin, .*: install/,
    );
  });
});
