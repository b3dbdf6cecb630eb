/** Rules over this director's addresses and routes: its VIPs are here, its NAT servers reachable. */
import { BlockList } from 'node:net';
import { AF_INET6, type Service } from '../kernel/ipvs/types.js';
import type { LocalAddress, Route } from '../kernel/net/routes.js';
import type { Rule } from './types.js';
import { eachServer, finding, serverWhere, serviceWhere } from './where.js';

const family = (af: number): 'ipv4' | 'ipv6' => (af === AF_INET6 ? 'ipv6' : 'ipv4');

/**
 * Whether one of `routes` (prefix length at least `minPrefix`) contains an address: one BlockList per
 * family and one answer per address, for a whole diagnosis (a list per real server was most of the
 * doctor's time at 1,000 x 10, and many real servers share an address).
 */
function coverage(routes: readonly Route[], minPrefix: number): (af: number, address: string) => boolean {
  const lists = new Map<number, { list: BlockList; answers: Map<string, boolean> }>();
  return (af, address) => {
    let mine = lists.get(af);
    if (!mine) {
      const list = new BlockList();
      for (const r of routes)
        if (r.af === af && r.prefixLength >= minPrefix) list.addSubnet(r.destination, r.prefixLength, family(af));
      mine = { list, answers: new Map() };
      lists.set(af, mine);
    }
    let answer = mine.answers.get(address);
    if (answer === undefined) {
      answer = mine.list.check(address, family(af));
      mine.answers.set(address, answer);
    }
    return answer;
  };
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
