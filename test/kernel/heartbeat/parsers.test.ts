import { describe, expect, it } from 'vitest';
import { MAX_NAME_CHARS } from '../../../src/kernel/heartbeat/configText.js';
import { heartbeatTime, parseHaCf } from '../../../src/kernel/heartbeat/haCf.js';
import { parseHaresources } from '../../../src/kernel/heartbeat/haresources.js';

// As the lab's hb-config.sh writes them (src/lab/guest/hb-config.sh).
const HA_CF = `logfile /var/lib/heartbeat/ha-log
udpport 694
ucast eth0 10.6.0.12
keepalive 1
warntime 2
deadtime 4
initdead 8
auto_failback off
crm no
node hb-d1
node hb-d2
`;

describe('ha.cf', () => {
  it('gives the nodes and the timers in milliseconds', () => {
    expect(parseHaCf(HA_CF)).toEqual({
      nodes: ['hb-d1', 'hb-d2'],
      keepaliveMs: 1000,
      deadtimeMs: 4000,
      warntimeMs: 2000,
      initdeadMs: 8000,
      autoFailback: 'off',
    });
  });

  it("reads heartbeat's units and several names on one node line; comments are not directives", () => {
    expect(heartbeatTime('500ms')).toBe(500);
    expect(heartbeatTime('2s')).toBe(2000);
    expect(heartbeatTime('soon')).toBeNull();
    const cf = parseHaCf('node a b   # c\n# deadtime 9\ndeadtime 10\nkeepalive 500ms\n');
    expect(cf).toMatchObject({ nodes: ['a', 'b'], deadtimeMs: 10_000, keepaliveMs: 500 });
  });

  it('reads what can be read past garbage, huge lines and control characters, names escaped', () => {
    const text = [
      '\u0000\u0001\u0002 \uFFFD\uFFFD',
      `node ${'n'.repeat(200_000)}`,
      'node evil\u001b]0;pwned\u0007',
      'keepalive x',
      'deadtime 3',
      '=== :::',
    ].join('\n');
    const cf = parseHaCf(text);
    expect(cf.deadtimeMs).toBe(3000);
    expect(cf.keepaliveMs).toBeNull();
    expect(cf.nodes).toHaveLength(2);
    expect(cf.nodes[0]?.length).toBe(MAX_NAME_CHARS);
    expect(cf.nodes[0]?.endsWith('…')).toBe(true);
    expect(cf.nodes[1]).toBe('evil\\x1b]0;pwned\\x07');
  });
});

describe('haresources', () => {
  it('gives one group per line: its key (the first resource), the preferred node, the resources, the VIPs', () => {
    const text = '# the pair\nhb-d1 IPaddr2::10.6.0.100/24/eth0 ldirectord::ldirectord.cf\n';
    expect(parseHaresources(text)).toEqual([
      {
        name: 'IPaddr2::10.6.0.100/24/eth0',
        preferredNode: 'hb-d1',
        resources: ['IPaddr2::10.6.0.100/24/eth0', 'ldirectord::ldirectord.cf'],
        vips: ['10.6.0.100/24'],
        interface: 'eth0',
        ldirectordConfigs: ['ldirectord.cf'],
      },
    ]);
  });

  it('joins continued lines, reads bare and IPaddr addresses, and several groups', () => {
    const text = 'd1 10.0.0.5 \\\n   IPaddr::10.0.0.6/25 httpd\nd2 IPaddr2::10.0.0.7 ldirectord\n';
    const groups = parseHaresources(text);
    expect(groups.map((g) => [g.name, g.preferredNode, g.vips, g.ldirectordConfigs])).toEqual([
      ['10.0.0.5', 'd1', ['10.0.0.5', '10.0.0.6/25'], []],
      ['IPaddr2::10.0.0.7', 'd2', ['10.0.0.7'], ['ldirectord.cf']],
    ]);
  });

  it('skips lines without resources and escapes control characters; a huge line is cut, not read whole', () => {
    const text = [
      'lonely-node',
      'd\u001b[2J1 IPaddr2::10.0.0.9/24/eth\u00070',
      `d1 IPaddr2::10.0.0.10/24/eth0 ${'r'.repeat(1_000_000)} IPaddr2::10.0.0.11/24`,
    ].join('\n');
    const groups = parseHaresources(text);
    expect(groups).toHaveLength(2);
    expect(groups[0]).toMatchObject({ preferredNode: 'd\\x1b[2J1', interface: 'eth\\x070', vips: ['10.0.0.9/24'] });
    // The address after the huge resource is past the line's bound.
    expect(groups[1]?.vips).toEqual(['10.0.0.10/24']);
    expect(groups[1]?.resources[1]?.length).toBe(MAX_NAME_CHARS);
  });
});
