/** Rules over this director's addresses and routes: its VIPs are here, its NAT servers reachable. */
import { BlockList } from 'node:net';
import { AF_INET6, type Service } from '../kernel/ipvs/types.js';
import type { LocalAddress, Route } from '../kernel/net/routes.js';
import type { Rule } from './types.js';
import { finding, serverWhere, serviceWhere } from './where.js';

const family = (af: number): 'ipv4' | 'ipv6' => (af === AF_INET6 ? 'ipv6' : 'ipv4');

/** Whether one of `routes` (prefix length at least `minPrefix`) contains `address`. */
function covered(routes: Route[], af: number, address: string, minPrefix: number): boolean {
  const list = new BlockList();
  for (const r of routes)
    if (r.af === af && r.prefixLength >= minPrefix) list.addSubnet(r.destination, r.prefixLength, family(af));
  return list.check(address, family(af));
}

/**
 * A VIP is local when an address of this host is the VIP, or a `local` route covers it
 * (`ip route add local 192.0.2.0/24 dev lo` answers for a whole range): IPVS sees only
 * packets the host takes for itself.
 */
function isLocal(s: Service, addresses: LocalAddress[], routes: Route[]): boolean {
  if (addresses.some((a) => a.af === s.af && a.address === s.address)) return true;
  return covered(
    routes.filter((r) => r.type === 'local'),
    s.af,
    s.address,
    0,
  );
}

const vipNotLocal: Rule = ({ services, addresses, routes, haBackup }) => {
  if (!addresses || !routes) return [];
  return services.flatMap(({ service, dests }) => {
    const relayed = dests.some((d) => d.forward === 'masq' || d.forward === 'route' || d.forward === 'tunnel');
    if (service.fwmark !== 0 || !relayed || isLocal(service, addresses, routes)) return [];
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
  const unicast = routes.filter((r) => r.type === 'unicast');
  return services.flatMap(({ service, dests }) =>
    dests.flatMap((d) =>
      d.forward !== 'masq' || covered(unicast, d.af, d.address, 1)
        ? []
        : [
            finding('address.nat-server-no-route', 'warning')(
              serverWhere(service, d),
              `no route into ${d.address}'s subnet (only a default route, if any)`,
              'NAT needs the server reachable from the director and routing its replies back through it.',
              `ip addr add ADDRESS/PREFIX dev IFACE on the servers' network, or ip route add ${d.address} via GATEWAY`,
            ),
          ],
    ),
  );
};

export const ADDRESS_RULES: readonly Rule[] = [vipNotLocal, natServerNoRoute];
