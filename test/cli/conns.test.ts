/** `ipvstop conns` over captured tables: the rows a filter keeps, in order, and what it refuses. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { connsCommand } from '../../src/cli/conns.js';
import { parseConnTable } from '../../src/kernel/proc/connParser.js';
import type { ConnRow } from '../../src/kernel/proc/types.js';
import { formatConnHeader, formatConnRow } from '../../src/output/text/listOptions.js';
import { type Ran, runCaptured, stubHandlers } from './handlers.js';

const LAB = new URL('../fixtures/proc/ip_vs_conn.lab', import.meta.url).pathname;
const rows = parseConnTable(readFileSync(LAB));

const conns = (args: string[], path = LAB): Promise<Ran> =>
  runCaptured(['conns', ...args], stubHandlers({ conns: (f, io) => connsCommand(f, io, path) }, 99));

const listing = (keep: (r: ConnRow) => boolean): string =>
  formatConnHeader(false) +
  rows
    .filter(keep)
    .map((r) => formatConnRow(r, false))
    .join('');

describe('ipvstop conns', () => {
  it('without filters: every row as ipvsadm -Lcn prints it, header included', async () => {
    const r = await conns([]);
    expect(r).toEqual({ status: 0, stdout: listing(() => true), stderr: '' });
    expect(rows.length).toBeGreaterThan(100);
  });

  it.each<[string[], (r: ConnRow) => boolean]>([
    [['--client', '203.0.113.4'], (r) => r.clientAddress === '203.0.113.4'],
    [['--client', '203.0.113.0/30'], (r) => /^203\.0\.113\.[0-3]$/.test(r.clientAddress)],
    [['--client', '2001:db8:203::2'], (r) => r.clientAddress === '2001:db8:203::2'],
    [['--client', '2001:db8:203::/64'], (r) => r.clientAddress.startsWith('2001:db8:203::')],
    [['--server', '198.51.100.12'], (r) => r.destAddress === '198.51.100.12'],
    [['--server', '198.51.100.12:80'], (r) => r.destAddress === '198.51.100.12' && r.destPort === 80],
    [['--server', '[2001:db8:198::11]:80'], (r) => r.destAddress === '2001:db8:198::11' && r.destPort === 80],
    [['--state', 'time_wait'], (r) => r.state === 'TIME_WAIT'],
    [['--templates'], (r) => r.template],
    [
      ['--client', '203.0.113.0/24', '--state', 'ESTABLISHED', '--server', '198.51.100.11'],
      (r) => r.af === 2 && r.state === 'ESTABLISHED' && r.destAddress === '198.51.100.11',
    ],
  ])('%j: the rows ipvsadm -Lcn would print for it, in its order', async (args, keep) => {
    const r = await conns(args);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(listing(keep));
    expect(r.stdout.split('\n').length).toBeGreaterThan(3);
  });

  it('--json: expiry in seconds, templates with the real server they pin', async () => {
    const r = await conns(['--json', '--templates']);
    const doc = JSON.parse(r.stdout) as { entries: Record<string, unknown>[]; malformed: number };
    expect(doc.entries.length).toBe(rows.filter((x) => x.template).length);
    const first = rows.find((x) => x.template)!;
    expect(doc.entries[0]).toMatchObject({
      expires: first.expires,
      template: true,
      pinnedServer: { address: first.destAddress, port: first.destPort },
    });
    expect(doc.malformed).toBe(0);
  });

  it('--top: the clients with the most entries', async () => {
    const r = await conns(['--top', '2']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Top 2 clients by entries\n {2}Entries {2}SYN_RECV Client\n( +\d+ +\d+ \S+\n){2}\n/m);
  });

  it.each([
    [['--client', '203.0.113.300']],
    [['--client', '203.0.113.0/33']],
    [['--server', 'rs1']],
    [['--server', '198.51.100.1:70000']],
    [['--state', 'OPEN']],
    [['--top', '0']],
    [['-t', '192.0.2.1:http']],
    [['-6']],
    [['-t', '192.0.2.1:80', '-u', '192.0.2.1:53']],
  ])('%j: exit 2, one line', async (args) => {
    const r = await conns(args);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^ipvstop: [^\n]+\n$/);
  });

  it('no connection table (IPVS not loaded): exit 1, one line naming the module', async () => {
    const r = await conns([], '/nonexistent/ip_vs_conn');
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^ipvstop: cannot read .*modprobe ip_vs\)\n$/);
  });
});
