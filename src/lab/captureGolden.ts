/**
 * Captures golden netlink payloads from the lab kernel into
 * test/fixtures/netlink/ (see its README). Run in the guest, after
 * start-lab.sh, by `node dist/lab/captureGolden.js OUTDIR`; each case records
 * the commands that made it and what ipvsadm / ip said, to check by hand.
 */
import { execSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { release } from 'node:os';
import { join } from 'node:path';
import { rt as rtnl } from 'netlink';
import type { AddressFamily, Protocol } from '../kernel/inet.js';
import { encodeServiceId, parseConfig, parseDaemon, parseDest, parseInfo, parseService } from '../kernel/ipvs/codec.js';
import {
  IPVS_CMD_GET_CONFIG,
  IPVS_CMD_GET_DAEMON,
  IPVS_CMD_GET_DEST,
  IPVS_CMD_GET_INFO,
  IPVS_CMD_GET_SERVICE,
  IPVS_GENL_NAME,
  IPVS_GENL_VERSION,
} from '../kernel/ipvs/constants.js';
import type { ServiceId } from '../kernel/ipvs/types.js';
import { parseNeighbour } from '../kernel/neigh/codec.js';
import { toGoldenJson, toHexFile } from '../kernel/netlink/golden.js';
import { type NetlinkTransport, openGenericFamily, openRtnetlink } from '../kernel/netlink/transport.js';

const EMPTY = Buffer.alloc(0);
const sh = (cmd: string): string => execSync(cmd, { encoding: 'utf8' });

interface Case {
  name: string;
  setup: string;
  /** Shown next to the bytes so a reviewer can check `expected`. */
  check: string;
  capture(nl: NetlinkTransport, rt: NetlinkTransport): Promise<{ payload: Buffer; value: unknown; serviceAf?: number }>;
}

function svc(af: AddressFamily, protocol: Protocol, address: string, port: number, fwmark = 0): ServiceId {
  return { af, protocol, address, port, fwmark };
}

/** The dump reply whose parse satisfies `match`. */
async function pick<T>(
  replies: Buffer[],
  parse: (b: Buffer) => T,
  match: (v: T) => boolean,
): Promise<{ payload: Buffer; value: T }> {
  for (const payload of replies) {
    const value = parse(payload);
    if (match(value)) return { payload, value };
  }
  throw new Error('capture: no reply matched');
}

function serviceCase(name: string, setup: string, id: ServiceId, check: string): Case {
  return {
    name,
    setup,
    check,
    capture: async (nl) =>
      pick(
        await nl.request(IPVS_CMD_GET_SERVICE, EMPTY, { dump: true }),
        parseService,
        (s) =>
          s.af === id.af &&
          s.protocol === id.protocol &&
          s.address === id.address &&
          s.port === id.port &&
          s.fwmark === id.fwmark,
      ),
  };
}

function destCase(name: string, setup: string, id: ServiceId, address: string, check: string): Case {
  return {
    name,
    setup,
    check,
    capture: async (nl) => ({
      ...(await pick(
        await nl.request(IPVS_CMD_GET_DEST, encodeServiceId(id), { dump: true }),
        (b) => parseDest(b, id.af),
        (d) => d.address === address,
      )),
      serviceAf: id.af,
    }),
  };
}

function neighCase(name: string, setup: string, address: string): Case {
  return {
    name,
    setup,
    check: `ip neigh show to ${address}`,
    capture: async (_nl, rt) => {
      const replies = await rt.request(rtnl.MessageType.GETNEIGH, rtnl.formatNeighbor({}), { dump: true });
      return pick(replies, parseNeighbour, (n) => n.address === address);
    },
  };
}

const WEB = svc(2, 6, '192.0.2.1', 80);
const CASES: Case[] = [
  // Daemons first: started after the tunnel cases below, the master daemon fails with EINVAL on 6.1 (not yet understood).
  {
    name: 'daemon-master',
    setup: 'ipvsadm --start-daemon master --mcast-interface lab-client --syncid 5',
    check: 'ipvsadm -L --daemon',
    capture: async (nl) =>
      pick(await nl.request(IPVS_CMD_GET_DAEMON, EMPTY, { dump: true }), parseDaemon, (d) => d.state === 'master'),
  },
  {
    name: 'daemon-backup-mcast6',
    setup:
      'ipvsadm --start-daemon backup --mcast-interface lab-rs --syncid 7 --mcast-group ff02::1:3 --mcast-port 8850 --mcast-ttl 3',
    check: 'ipvsadm -L --daemon',
    capture: async (nl) =>
      pick(await nl.request(IPVS_CMD_GET_DAEMON, EMPTY, { dump: true }), parseDaemon, (d) => d.state === 'backup'),
  },
  serviceCase('service-tcp-rr-live', 'true', WEB, 'ipvsadm -L -n --stats --exact -t 192.0.2.1:80'),
  serviceCase('service-tcp-persistent-netmask', 'true', svc(2, 6, '192.0.2.2', 80), 'ipvsadm -L -n -t 192.0.2.2:80'),
  serviceCase(
    'service-ipv6-tcp-live',
    'true',
    svc(10, 6, '2001:db8:192::1', 80),
    'ipvsadm -L -n --stats --exact -t [2001:db8:192::1]:80',
  ),
  serviceCase(
    'service-udp-sip-ops',
    'ipvsadm -A -u 192.0.2.16:5060 -s rr -p 60 --pe sip -o',
    svc(2, 17, '192.0.2.16', 5060),
    'ipvsadm -L -n -u 192.0.2.16:5060',
  ),
  serviceCase(
    'service-sctp-sh-flags',
    'ipvsadm -A --sctp-service 192.0.2.17:3868 -s sh -b sh-fallback,sh-port',
    svc(2, 132, '192.0.2.17', 3868),
    'ipvsadm -L -n --sctp-service 192.0.2.17:3868',
  ),
  serviceCase(
    'service-fwm6-persistent',
    'ipvsadm -A -f 8 -6 -s mh -p 60 -M 64',
    svc(10, 0, '::', 0, 8),
    'ipvsadm -L -n -f 8 -6',
  ),
  destCase(
    'dest-masq-thresholds-live',
    'true',
    WEB,
    '198.51.100.13',
    'ipvsadm -L -n --stats --exact --thresholds -t 192.0.2.1:80',
  ),
  destCase(
    'dest-route',
    'ipvsadm -A -t 192.0.2.20:80 -s rr && ipvsadm -a -t 192.0.2.20:80 -r 198.51.100.21 -g -w 7',
    svc(2, 6, '192.0.2.20', 80),
    '198.51.100.21',
    'ipvsadm -L -n -t 192.0.2.20:80',
  ),
  destCase(
    'dest-tunnel-gue',
    'ipvsadm -a -t 192.0.2.20:80 -r 198.51.100.22 -i --tun-type gue --tun-port 6080 --tun-remcsum',
    svc(2, 6, '192.0.2.20', 80),
    '198.51.100.22',
    'ipvsadm -L -n --tun-info -t 192.0.2.20:80',
  ),
  destCase(
    'dest-tunnel-gre',
    'ipvsadm -a -t 192.0.2.20:80 -r 198.51.100.23 -i --tun-type gre --tun-csum',
    svc(2, 6, '192.0.2.20', 80),
    '198.51.100.23',
    'ipvsadm -L -n --tun-info -t 192.0.2.20:80',
  ),
  {
    name: 'info',
    setup: 'true',
    check: 'ipvsadm -L -n | head -1',
    capture: async (nl) => {
      const [payload] = await nl.request(IPVS_CMD_GET_INFO, EMPTY);
      return { payload: payload!, value: parseInfo(payload!) };
    },
  },
  {
    name: 'config',
    setup: 'ipvsadm --set 901 121 301',
    check: 'ipvsadm -L --timeout',
    capture: async (nl) => {
      const [payload] = await nl.request(IPVS_CMD_GET_CONFIG, EMPTY);
      return { payload: payload!, value: parseConfig(payload!) };
    },
  },
  neighCase(
    'neigh-ipv4-stale',
    'ip neigh replace 198.51.100.77 lladdr 02:00:00:00:00:77 dev lab-rs nud stale',
    '198.51.100.77',
  ),
  neighCase(
    'neigh-ipv4-permanent',
    'ip neigh replace 198.51.100.78 lladdr 02:00:00:00:00:78 dev lab-rs nud permanent',
    '198.51.100.78',
  ),
  neighCase(
    'neigh-ipv4-noarp',
    'ip neigh replace 198.51.100.79 lladdr 02:00:00:00:00:79 dev lab-rs nud noarp',
    '198.51.100.79',
  ),
  neighCase(
    'neigh-ipv6-router',
    'ip -6 neigh replace 2001:db8:198::77 lladdr 02:00:00:00:00:87 dev lab-rs nud reachable router',
    '2001:db8:198::77',
  ),
];

async function main(outDir: string): Promise<void> {
  const nl = await openGenericFamily(IPVS_GENL_NAME, IPVS_GENL_VERSION);
  const rt = openRtnetlink();
  const kernel = `Linux ${release()} (User-Mode Linux lab), x86_64`;
  for (const c of CASES) {
    sh(c.setup);
    const { payload, value, serviceAf } = await c.capture(nl, rt);
    const note = sh(c.check).trimEnd().split('\n');
    writeFileSync(join(outDir, `${c.name}.hex`), `# ${c.setup}\n${toHexFile(payload)}`);
    const madeBy = c.setup === 'true' ? 'src/lab/guest/services.sh, under the lab traffic' : c.setup;
    writeFileSync(
      join(outDir, `${c.name}.json`),
      toGoldenJson({
        kernel,
        madeBy,
        check: { command: c.check, output: note },
        ...(serviceAf ? { serviceAf } : {}),
        expected: value,
      }),
    );
  }
  nl.close();
  rt.close();
}

await main(process.argv[2] ?? '.');
