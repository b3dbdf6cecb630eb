/** `ipvstop weight`, `drain`, `undrain`: what the parser makes of the arguments, and what it refuses (exit 2). */
import { describe, expect, it } from 'vitest';
import type { WeightRequest } from '../../src/cli/weightArgs.js';
import { runCaptured, stubHandlers } from './handlers.js';

async function parse(...argv: string[]): Promise<{ status: number; stderr: string; request?: WeightRequest }> {
  let request: WeightRequest | undefined;
  const weights = async (r: WeightRequest): Promise<number> => {
    request = r;
    return 0;
  };
  const { status, stderr } = await runCaptured(argv, stubHandlers({ weights }));
  return { status, stderr, request };
}

const WEB = { af: 2, protocol: 6, address: '192.0.2.1', port: 80, fwmark: 0 };

describe('weight, drain and undrain arguments', () => {
  it('reads a service and a real server as ipvsadm spells them', async () => {
    expect((await parse('weight', '-t', '192.0.2.1:80', '-r', '198.51.100.11:80', '7')).request).toEqual({
      command: 'weight',
      target: { service: WEB, server: { af: 2, address: '198.51.100.11', port: 80 } },
      weight: 7,
      wait: false,
      timeout: 300,
      json: false,
      readOnly: false,
    });
    const v6 = await parse('drain', '-f', '43', '-6', '-r', '[2001:DB8::12]', '--wait', '--timeout', '20', '--json');
    expect(v6.request).toMatchObject({
      command: 'drain',
      target: {
        service: { af: 10, protocol: 0, address: '::', port: 0, fwmark: 43 },
        server: { af: 10, address: '2001:db8::12' },
      },
      wait: true,
      timeout: 20,
      json: true,
    });
  });

  it('takes --server for every service, and --weight for undrain', async () => {
    expect((await parse('drain', '--server', '198.51.100.13')).request?.target).toEqual({
      host: { af: 2, address: '198.51.100.13' },
    });
    expect((await parse('undrain', '--server', '2001:db8::13', '--weight', '4')).request).toMatchObject({
      target: { host: { af: 10, address: '2001:db8::13' } },
      weight: 4,
    });
    expect((await parse('drain', '-t', '192.0.2.1:80', '-r', '198.51.100.11', '--read-only')).request?.readOnly).toBe(
      true,
    );
  });

  it.each([
    [['weight', '-t', '192.0.2.1:80', '-r', '198.51.100.11:80', '65536'], /invalid weight '65536'/],
    [
      ['weight', '-t', '192.0.2.1:80', '-r', '198.51.100.11:80', '-1'],
      /invalid weight '-1': expected a whole number from 0 to 65535/,
    ],
    [['weight', '-t', '192.0.2.1:80', '-r', '198.51.100.11:80', 'x'], /invalid weight 'x'/],
    [['undrain', '-t', '192.0.2.1:80', '-r', '198.51.100.11:80', '--weight', '1.5'], /invalid weight '1.5'/],
    [['drain', '-t', '192.0.2.1:80', '-r', '198.51.100.999'], /invalid real server '198.51.100.999'/],
    [['drain', '-t', '192.0.2.1:80', '-r', '198.51.100.1:70000'], /invalid port/],
    [['drain', '-t', '192.0.2.1:80'], /give the real server with -r/],
    [['drain', '-r', '198.51.100.11'], /give a service/],
    [['drain', '--server', '198.51.100.11:80'], /without a port/],
    [['drain', '--server', 'web1'], /invalid server address 'web1'/],
    [['drain', '--server', '198.51.100.11', '-t', '192.0.2.1:80'], /--server takes no service/],
    [['drain', '-t', '192.0.2.1:80', '-u', '192.0.2.1:53', '-r', '198.51.100.11'], /give one service/],
    [['drain', '-t', '192.0.2.1:80', '-r', '198.51.100.11', '--timeout', '5'], /--timeout goes with --wait/],
    [['drain', '-t', '192.0.2.1:80', '-r', '198.51.100.11', '--wait', '--timeout', '0'], /invalid --timeout/],
    [['weight', '--server', '198.51.100.11', '3'], /unknown option '--server'/],
  ])('%j exits 2', async (argv, message) => {
    const r = await parse(...argv);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toMatch(/^ipvstop: .*\n$/);
    expect(r.request).toBeUndefined();
  });
});

describe('an IPv6 address with a zone id', () => {
  // IPVS keeps addresses without one: a bad argument (exit 2), never a failure of the system (exit 1).
  it.each([
    [['drain', '-t', '192.0.2.1:80', '-r', 'fe80::1%eth0'], "invalid real server 'fe80::1%eth0'", '%eth0'],
    [
      ['undrain', '-t', '192.0.2.1:80', '-r', '[fe80::1%25eth0]:80'],
      "invalid real server '[fe80::1%25eth0]:80'",
      '%25eth0',
    ],
    [['undrain', '--server', 'fe80::1%eth0'], "invalid server address 'fe80::1%eth0'", '%eth0'],
    [
      ['weight', '-t', '[fe80::1%eth0]:80', '-r', '192.0.2.11', '3'],
      "invalid service address '[fe80::1%eth0]:80'",
      '%eth0',
    ],
    [['conns', '--server', 'fe80::1%eth0'], "invalid server 'fe80::1%eth0'", '%eth0'],
    [['conns', '--server', '[fe80::1%25eth0]:80'], "invalid server '[fe80::1%25eth0]:80'", '%25eth0'],
    [['conns', '--client', 'fe80::1%eth0/64'], "invalid client 'fe80::1%eth0/64'", '%eth0'],
  ])('%j exits 2 and says so', async (argv, what, zone) => {
    const r = await runCaptured(argv, stubHandlers());
    expect(r.stderr).toBe(`ipvstop: ${what}: IPVS addresses have no zone id (${zone}): give the address without it\n`);
    expect(r.status).toBe(2);
  });
});
