/**
 * `--arp`: who answers ARP for each IPv4 VIP. This director never hears its own requests,
 * so a MAC that answers and is not one of its own is another host claiming the VIP,
 * typically a DR real server holding it on loopback without arp_ignore / arp_announce:
 * clients then reach that server directly, past the director.
 */
import { isIPv4 } from 'node:net';
import type { ArpProbeTarget } from '../actions/arpProbe.js';
import { AF_INET } from '../kernel/inet.js';
import type { ServiceId } from '../kernel/ipvs/types.js';
import type { DoctorInput, Finding } from './types.js';
import { finding } from './where.js';

const REMEDY =
  'on each DR real server: sysctl -w net.ipv4.conf.all.arp_ignore=1 net.ipv4.conf.all.arp_announce=2 ' +
  '(and on its interface), with the VIP on lo';

/** The VIPs to ask for: IPv4, held on an interface here, asked from a non-VIP address of that interface. */
export function arpTargets(input: {
  services: readonly { service: Pick<ServiceId, 'fwmark' | 'address'> }[];
  addresses?: DoctorInput['addresses'];
}): {
  targets: ArpProbeTarget[];
  skipped: string[];
} {
  const addresses = input.addresses ?? [];
  const vips = new Set(input.services.filter((s) => s.service.fwmark === 0).map((s) => s.service.address));
  const targets: ArpProbeTarget[] = [];
  const skipped: string[] = [];
  for (const vip of [...vips].filter((v) => isIPv4(v))) {
    const iface = addresses.find((a) => a.af === AF_INET && a.address === vip)?.interface;
    if (iface === undefined || iface === 'lo') continue; // not held here: vip-not-local says so
    const source = addresses.find((a) => a.af === AF_INET && a.interface === iface && !vips.has(a.address))?.address;
    if (source) targets.push({ address: vip, iface, source });
    else skipped.push(`ARP for ${vip}: no address of ours on ${iface} but VIPs to ask from`);
  }
  return { targets, skipped };
}

const vipAnsweredElsewhere: ArpRule = ({ arp, ownMacs }) =>
  (arp ?? []).flatMap((r) => {
    const foreign = r.macs.filter((m) => !(ownMacs ?? []).includes(m));
    if (r.error !== undefined || foreign.length === 0) return [];
    return [
      finding('arp.vip-answered-elsewhere', 'critical')(
        `${r.address} on ${r.iface}`,
        `ARP for the VIP answered by ${foreign.join(', ')}${r.macs.length > 1 ? ` (${r.macs.length} MACs)` : ''}`,
        'another host claims the VIP: clients whose ARP it wins bypass the director.',
        REMEDY,
      ),
    ];
  });

const arpUnchecked: ArpRule = ({ arp }) =>
  (arp ?? []).flatMap((r) =>
    r.error === undefined
      ? []
      : [
          finding('doctor.unchecked', 'info')(
            `${r.address} on ${r.iface}`,
            `not checked: ${r.command}: ${r.error}`,
            'who answers ARP for this VIP is unknown.',
            'install iputils-arping; run as root',
          ),
        ],
  );

/** A rule that looks only at an ARP check's results: the monitor runs these on its own check (`a`). */
type ArpRule = (input: Pick<DoctorInput, 'arp' | 'ownMacs'>) => Finding[];

export const ARP_RULES: readonly ArpRule[] = [vipAnsweredElsewhere, arpUnchecked];
