/** The rest of `ipvsadm -L -n`: --timeout, --daemon and -c (connections). */

import { endpoint } from '../../domain/names.js';
import type { SyncDaemon, Timeouts } from '../../kernel/ipvs/types.js';
import type { ConnRow } from '../../kernel/proc/types.js';
import { left } from './numbers.js';

export function formatTimeouts(t: Timeouts): string {
  return `Timeout (tcp tcpfin udp): ${t.tcp} ${t.tcpFin} ${t.udp}\n`;
}

/** One line per daemon; the newer fields only where the kernel reported them. */
export function formatDaemons(daemons: readonly SyncDaemon[]): string {
  const order = [...daemons].sort((a, b) => (a.state === b.state ? 0 : a.state === 'master' ? -1 : 1));
  return order
    .map((d) => {
      let line = `${d.state} sync daemon (mcast=${d.mcastInterface}, syncid=${d.syncId}`;
      if (d.syncMaxLen) line += `, maxlen=${d.syncMaxLen}`;
      if (d.mcastGroup) line += `, group=${d.mcastGroup}`;
      if (d.mcastPort) line += `, port=${d.mcastPort}`;
      if (d.mcastTtl) line += `, ttl=${d.mcastTtl}`;
      return `${line})\n`;
    })
    .join('');
}

export function formatConnHeader(withPe: boolean): string {
  return `IPVS connection entries\npro expire ${left('state', 11)} ${left('source', 18)} ${left('virtual', 18)} ${withPe ? `${left('destination', 18)} ${left('pe name', 16)} pe_data` : 'destination'}\n`;
}

const two = (n: number): string => String(n).padStart(2, '0');

/** One `ipvsadm -Lcn` line; fwmark templates show the mark as an address, as ipvsadm reads it. */
export function formatConnRow(r: ConnRow, withPe: boolean): string {
  const client = endpoint(r.af, r.clientAddress, r.clientPort);
  const virtual = endpoint(r.af, r.virtualAddressAsIp, r.virtualPort);
  const dest = endpoint(r.destAf, r.destAddress, r.destPort);
  const expires = `${two(Math.floor(r.expires / 60))}:${two(r.expires % 60)}`;
  let line = `${left(r.protocol, 3)} ${expires}  ${left(r.state, 11)} ${left(client, 18)} ${left(virtual, 18)} `;
  // ipvsadm gives a row the persistence-engine columns only when it has both (it scans 11 fields).
  const pe = withPe && r.peName !== '' && r.peData !== '';
  // Its row widths are not its header's: the destination is padded to 16, the engine's name to 18.
  line += pe ? `${left(dest, 16)} ${left(r.peName, 18)} ${r.peData}` : dest;
  return `${line}\n`;
}
