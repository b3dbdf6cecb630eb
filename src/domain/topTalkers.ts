/**
 * Top talkers of the connection table: the clients, and their /24 (IPv4) or /64 (IPv6)
 * prefixes, with the most entries and with the most SYN_RECV entries (the SYN flood
 * question). A table can hold a million clients, so the counts are bounded (see
 * BoundedCounter); rows in the kernel's layout are counted from their bytes.
 */
import { AF_INET, AF_INET6 } from '../kernel/ipvs/types.js';
import { formatIPv6, parseAddress, parseIPv6 } from '../kernel/netlink/address.js';
import { type FixedLayout, fieldsAt } from '../kernel/proc/fixedRow.js';
import { hexValueAt } from '../kernel/proc/rowBytes.js';
import type { ConnRow } from '../kernel/proc/types.js';
import { BoundedCounter, type TopCount } from './boundedCounter.js';
import { ipv4Number, masked } from './prefix.js';

export type { TopCount } from './boundedCounter.js';

/** The /24 of an IPv4 client, the /64 of an IPv6 one. */
export function clientNetwork(row: Pick<ConnRow, 'af' | 'clientAddress'>): string {
  if (row.af === AF_INET) return `${row.clientAddress.slice(0, row.clientAddress.lastIndexOf('.'))}.0/24`;
  return `${formatIPv6(masked(parseIPv6(row.clientAddress), 64))}/64`;
}

/** A client or network: entries, and SYN_RECV entries (kept apart: a flood's sources may have few others). */
export interface Talker {
  key: string;
  entries: TopCount;
  synRecv: TopCount;
}

export interface TopTalkersReport {
  /** Entries counted (the rows that passed the filter). */
  entries: number;
  synRecv: number;
  clients: Talker[];
  networks: Talker[];
  /** Clients and networks with the most SYN_RECV entries. */
  synClients: Talker[];
  synNetworks: Talker[];
}

/** A key: the family, then the address as four big-endian words (an IPv4 one in the first). */
const KEY_WIDTH = 5;

/** The address a key holds, as the /proc parser decodes it. */
function keyText(key: Int32Array): string {
  const bytes = Buffer.alloc(16);
  for (let i = 0; i < 4; i++) bytes.writeInt32BE(key[i + 1]!, i * 4);
  return key[0] === AF_INET ? `${bytes[0]}.${bytes[1]}.${bytes[2]}.${bytes[3]}` : formatIPv6(bytes);
}

const networkText = (key: Int32Array): string =>
  clientNetwork({ af: key[0] === AF_INET ? AF_INET : AF_INET6, clientAddress: keyText(key) });

const ZERO = 0x30;
const NONE = Buffer.from('NONE ', 'latin1');
const ASSURED = Buffer.from('ASSURED ', 'latin1');
const SYN_RECV = Buffer.from('SYN_RECV ', 'latin1');

const startsWith = (b: Uint8Array, at: number, text: Uint8Array): boolean => {
  for (let i = 0; i < text.length; i++) if (b[at + i] !== text[i]) return false;
  return true;
};

/** Counts entries and SYN_RECV entries by client and by network, row by row, in bounded memory. */
export class TopTalkers {
  private entries = 0;
  private syn = 0;
  private readonly byClient = new BoundedCounter(KEY_WIDTH);
  private readonly byNetwork = new BoundedCounter(KEY_WIDTH);
  private readonly synByClient = new BoundedCounter(KEY_WIDTH);
  private readonly synByNetwork = new BoundedCounter(KEY_WIDTH);
  private readonly client = new Int32Array(KEY_WIDTH);
  private readonly network = new Int32Array(KEY_WIDTH);

  /** Counts from nothing again, in the memory already held. */
  clear(): void {
    this.entries = 0;
    this.syn = 0;
    for (const c of [this.byClient, this.byNetwork, this.synByClient, this.synByNetwork]) c.clear();
  }

  /** Counts a connection; a template is skipped (its client address is masked by the service's netmask). */
  add(row: ConnRow): void {
    if (row.template || (row.af !== AF_INET && row.af !== AF_INET6)) return;
    // The client's own family (a row the kernel did not write could mix them).
    const af = row.clientAddress.includes(':') ? AF_INET6 : AF_INET;
    this.client.fill(0);
    this.client[0] = af;
    if (af === AF_INET) this.client[1] = ipv4Number(row.clientAddress) | 0;
    else {
      const bytes = parseAddress(af, row.clientAddress);
      for (let i = 0; i < 4; i++) this.client[i + 1] = bytes.readInt32BE(i * 4);
    }
    this.count(row.state === 'SYN_RECV');
  }

  /** Counts the row of the line at b[start..] in the kernel's layout (see FixedRows.layoutOf()), as add() would. */
  addFixed(b: Uint8Array, start: number, l: FixedLayout): void {
    const q = fieldsAt(b, start);
    const state = q + l.state;
    const cport = q + l.cport;
    const zeroPort = b[cport] === ZERO && b[cport + 1] === ZERO && b[cport + 2] === ZERO && b[cport + 3] === ZERO;
    if (zeroPort && (startsWith(b, state, NONE) || startsWith(b, state, ASSURED))) return;
    const k = this.client;
    const at = q + l.caddr;
    k.fill(0);
    if (l.addressWidth === 8) {
      k[0] = AF_INET;
      k[1] = hexValueAt(b, at, 8) | 0;
    } else {
      k[0] = AF_INET6;
      // Groups of four digits and a colon: two groups a word.
      for (let w = 0; w < 4; w++) k[w + 1] = (hexValueAt(b, at + 10 * w, 4) << 16) | hexValueAt(b, at + 10 * w + 5, 4);
    }
    this.count(startsWith(b, state, SYN_RECV));
  }

  private count(synRecv: boolean): void {
    const n = this.network;
    n.set(this.client);
    if (n[0] === AF_INET) n[1] = n[1]! & ~0xff;
    else n[3] = n[4] = 0;
    this.entries++;
    this.byClient.add(this.client);
    this.byNetwork.add(n);
    if (!synRecv) return;
    this.syn++;
    this.synByClient.add(this.client);
    this.synByNetwork.add(n);
  }

  report(n: number): TopTalkersReport {
    const talkers = (
      by: BoundedCounter,
      other: BoundedCounter,
      entriesFirst: boolean,
      text: (key: Int32Array) => string,
    ): Talker[] =>
      by.top(n, text).map(({ words, ...c }) => {
        const o = other.get(words, c.key);
        return entriesFirst ? { key: c.key, entries: c, synRecv: o } : { key: c.key, entries: o, synRecv: c };
      });
    return {
      entries: this.entries,
      synRecv: this.syn,
      clients: talkers(this.byClient, this.synByClient, true, keyText),
      networks: talkers(this.byNetwork, this.synByNetwork, true, networkText),
      synClients: talkers(this.synByClient, this.byClient, false, keyText).filter((t) => t.synRecv.count > 0),
      synNetworks: talkers(this.synByNetwork, this.byNetwork, false, networkText).filter((t) => t.synRecv.count > 0),
    };
  }
}
