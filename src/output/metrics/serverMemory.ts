/**
 * What the exporter keeps of each service and real server from one scrape to the next: its labels, rendered
 * and encoded once while it stays in the table, and a real server's overload flag (it has hysteresis, and the
 * kernel does not send it). At 1,000 x 10 a scrape made a label string and a buffer per real server, and
 * checked each one against a set of those strings for repeats: in a CPU profile in the lab, the set's lookups
 * alone took about 100 ms of a scrape's 2 s, and the strings and buffers were garbage for the collector. A
 * known server now costs two map lookups by values the reader already made (its address string, its port),
 * and no allocation.
 *
 * A service or real server that comes twice in one read (the table changed during a multi-message netlink
 * dump) is reported as a repeat, so that its series are written once: a repeated series makes Prometheus reject
 * the whole scrape.
 */
import type { Destination, ServiceId } from '../../kernel/ipvs/types.js';
import { serviceIdentity } from '../../kernel/ipvs/unique.js';
import { renderLabels } from './exposition.js';
import { utf8 } from './expositionWriter.js';
import { backendLabelText, serviceLabels } from './serviceLabels.js';

export interface RememberedServer {
  /** renderLabels(backendLabels(service, server)), as UTF-8. */
  readonly labels: Uint8Array;
  /** The overload flag as derived in the last scrape. */
  overloaded: boolean;
  /** The scrape that last saw it. */
  seen: number;
  readonly port: number;
  /** Another server of the same address and service, on another port. */
  next?: RememberedServer;
}

export interface RememberedService {
  /** renderLabels(serviceLabels(service)): the text its servers' labels begin with. */
  readonly text: string;
  readonly labels: Uint8Array;
  seen: number;
  /** Whether this scrape had seen it already when service() was last asked for it. */
  repeat: boolean;
  /** Its real servers by address (then by port, along `next`). */
  readonly servers: Map<string, RememberedServer>;
}

export class ServerMemory {
  private scrape = 0;
  private readonly services = new Map<string, RememberedService>();

  /** A new scrape begins: what it does not see is forgotten at its end(). */
  begin(): void {
    this.scrape++;
  }

  /** The service, remembered; `repeat` when this scrape has seen it already (its real servers may be new). */
  service(s: ServiceId): RememberedService {
    // The dump's own identity (what serviceLabels tells apart), made once per service object by the reader.
    const key = serviceIdentity(s);
    let known = this.services.get(key);
    if (!known) {
      const text = renderLabels(serviceLabels(s));
      known = { text, labels: utf8(text), seen: 0, repeat: false, servers: new Map() };
      this.services.set(key, known);
    }
    known.repeat = known.seen === this.scrape;
    known.seen = this.scrape;
    return known;
  }

  /** The real server of `service`, remembered; undefined when this scrape has seen it already. */
  server(service: RememberedService, d: Destination): RememberedServer | undefined {
    const first = service.servers.get(d.address);
    let known = first;
    while (known && known.port !== d.port) known = known.next;
    if (!known) {
      known = {
        labels: utf8(backendLabelText(service.text, d)),
        overloaded: false,
        seen: 0,
        port: d.port,
        next: first,
      };
      service.servers.set(d.address, known);
    }
    if (known.seen === this.scrape) return undefined;
    known.seen = this.scrape;
    return known;
  }

  /** Forgets the services and real servers this scrape did not see (gone from the table). */
  end(): void {
    for (const [key, service] of this.services) {
      if (service.seen !== this.scrape) this.services.delete(key);
      else for (const [address, first] of service.servers) this.forgetGone(service.servers, address, first);
    }
  }

  private forgetGone(servers: Map<string, RememberedServer>, address: string, first: RememberedServer): void {
    let head: RememberedServer | undefined;
    let tail: RememberedServer | undefined;
    for (let s: RememberedServer | undefined = first; s; s = s.next) {
      if (s.seen !== this.scrape) continue;
      if (tail) tail.next = s;
      else head = s;
      tail = s;
    }
    if (tail) tail.next = undefined;
    if (!head) servers.delete(address);
    else if (head !== first) servers.set(address, head);
  }

  /** How many real servers are remembered. */
  get size(): number {
    let n = 0;
    for (const service of this.services.values()) {
      for (const first of service.servers.values()) {
        for (let s: RememberedServer | undefined = first; s; s = s.next) n++;
      }
    }
    return n;
  }
}
