import type { AddressFamily } from '../inet.js';

/** A neighbour (ARP / NDP) table entry, as `ip neigh` shows it. */
export interface Neighbour {
  ifindex: number;
  /** Interface name, '' if it could not be resolved. */
  interface: string;
  af: AddressFamily;
  address: string;
  /** Link-layer address as aa:bb:cc:dd:ee:ff, '' when none (INCOMPLETE / FAILED). */
  lladdr: string;
  /** NUD state names, e.g. ['REACHABLE'] or ['STALE'] (linux/neighbour.h). */
  states: string[];
  /** Raw NUD_* bits. */
  state: number;
  /** NTF_* flag names, e.g. ['router']. */
  flags: string[];
}
