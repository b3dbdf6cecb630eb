/** Rules over this director's addresses and routes: its VIPs are here, its NAT servers reachable. */
import { BlockList } from 'node:net';
import { AF_INET, AF_INET6, type Service } from '../kernel/ipvs/types.js';
import type { LocalAddress, Route } from '../kernel/net/routes.js';
import { ipv4Bits } from '../kernel/netlink/address.js';
import type { Rule } from './types.js';
import { eachServer, finding, serverWhere, serviceWhere } from './where.js';

const family = (af: number): 'ipv4' | 'ipv6' => (af === AF_INET6 ? 'ipv6' : 'ipv4');

/** An IPv4 network as the 2^(32 - prefix)-sized block its addresses' bits fall in. */
interface Ipv4Block {
  size: number;
  index: number;
}

/**
 * Whether one of `routes` (prefix length at least `minPrefix`) contains an address. IPv4 is compared as
 * numbers: Node's BlockList made a SocketAddress per check, and its checks were a third of the doctor's
 * rules at 1,000 x 10 (10,000 distinct real servers: 17 of 42 ms natively). IPv6 goes through a BlockList,
 * with one answer per address.
 */
function coverage(routes: readonly Route[], minPrefix: number): (af: number, address: string) => boolean {
  const chosen = routes.filter((r) => r.prefixLength >= minPrefix);
  const blocks: Ipv4Block[] = [];
  for (const r of chosen) {
    const bits = r.af === AF_INET && r.prefixLength <= 32 ? ipv4Bits(r.destination) : undefined;
    const size = 2 ** (32 - r.prefixLength);
    if (bits !== undefined) blocks.push({ size, index: Math.floor(bits / size) });
  }
  const lists = new Map<number, BlockList>();
  const answers = new Map<string, boolean>();
  return (af, address) => {
    const bits = af === AF_INET ? ipv4Bits(address) : undefined;
    if (bits !== undefined) return blocks.some((b) => Math.floor(bits / b.size) === b.index);
    let answer = answers.get(address);
    if (answer === undefined) {
      const list = lists.get(af) ?? blockList(chosen.filter((r) => r.af === af));
      lists.set(af, list);
      answer = list.check(address, family(af));
      answers.set(address, answer);
    }
    return answer;
  };
}

function blockList(routes: readonly Route[]): BlockList {
  const list = new BlockList();
  for (const r of routes) list.addSubnet(r.destination, r.prefixLength, family(r.af));
  return list;
}

/**
 * A VIP is local when an address of this host is the VIP, or a `local` route covers it
 * (`ip route add local 192.0.2.0/24 dev lo` answers for a whole range): IPVS sees only
 * packets the host takes for itself.
 */
function localTest(addresses: readonly LocalAddress[], routes: readonly Route[]): (s: Service) => boolean {
  const held = new Set(addresses.map((a) => `${a.af} ${a.address}`));
  const coveredByLocal = coverage(
    routes.filter((r) => r.type === 'local'),
    0,
  );
  return (s) => held.has(`${s.af} ${s.address}`) || coveredByLocal(s.af, s.address);
}

const vipNotLocal: Rule = ({ services, addresses, routes, haBackup }) => {
  if (!addresses || !routes) return [];
  const isLocal = localTest(addresses, routes);
  return services.flatMap(({ service, dests }) => {
    const relayed = dests.some((d) => d.forward === 'masq' || d.forward === 'route' || d.forward === 'tunnel');
    if (service.fwmark !== 0 || !relayed || isLocal(service)) return [];
    return [
      finding('address.vip-not-local', haBackup ? 'info' : 'critical')(
        serviceWhere(service),
        `${service.address} is on no local interface${haBackup ? ' (expected: this director is the HA backup)' : ''}`,
        'clients reach this director only for addresses it holds: the service gets no traffic here.',
        haBackup
          ? 'none while backup; the master holds the VIP'
          : `ip addr add ${service.address}/${service.af === AF_INET6 ? 128 : 32} dev IFACE (or check the HA daemon)`,
      ),
    ];
  });
};

const natServerNoRoute: Rule = ({ services, routes }) => {
  if (!routes) return [];
  // A default route does not count: a NAT server must send its replies back through this director,
  // which a server in no subnet of ours reached through a gateway rarely does.
  const covered = coverage(
    routes.filter((r) => r.type === 'unicast'),
    1,
  );
  return eachServer(services, (service, d) =>
    d.forward !== 'masq' || covered(d.af, d.address)
      ? undefined
      : finding('address.nat-server-no-route', 'warning')(
          serverWhere(service, d),
          `no route into ${d.address}'s subnet (only a default route, if any)`,
          'NAT needs the server reachable from the director and routing its replies back through it.',
          `ip addr add ADDRESS/PREFIX dev IFACE on the servers' network, or ip route add ${d.address} via GATEWAY`,
        ),
  );
};

export const ADDRESS_RULES: readonly Rule[] = [vipNotLocal, natServerNoRoute];
