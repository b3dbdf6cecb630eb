/**
 * `ipvstop conns --json`: the entries as one JSON document, written a piece at a time (a
 * table can hold a million entries). See the README for the schema.
 */
import { familyName } from '../domain/names.js';
import type { Talker, TopCount, TopTalkersReport } from '../domain/topTalkers.js';
import type { ConnRow } from '../kernel/proc/types.js';

/** One entry: the expiry in seconds; a template names the real server it pins its client to. */
export function connEntryJson(r: ConnRow) {
  const server = { af: familyName(r.destAf), address: r.destAddress, port: r.destPort };
  return {
    protocol: r.protocol,
    state: r.state,
    expires: r.expires,
    template: r.template,
    client: { af: familyName(r.af), address: r.clientAddress, port: r.clientPort },
    // A fwmark template (protocol IP) holds the mark where the virtual address would be.
    virtual:
      r.protocol === 'IP'
        ? { af: familyName(r.af), fwmark: Number(r.virtualAddress) }
        : { af: familyName(r.af), address: r.virtualAddress, port: r.virtualPort },
    server,
    pinnedServer: r.template ? server : null,
    peName: r.peName || null,
    peData: r.peData || null,
  };
}

/** The document's opening, up to the first entry. */
export const CONNS_JSON_START = '{"entries":[\n';

/** One entry line; `first` has no comma before it. */
export const connEntryLine = (r: ConnRow, first: boolean): string =>
  `${first ? '' : ',\n'}${JSON.stringify(connEntryJson(r))}`;

/** The document's end: what the read skipped, and whether it was cut short. */
export function connsJsonEnd(malformed: number, truncated: string | undefined): string {
  return `\n],"malformed":${malformed},"truncated":${JSON.stringify(truncated ?? null)}}\n`;
}

/** A count as the README documents it: the counter's own key (the talker's, again) stays inside. */
const countJson = (c: TopCount) => ({ count: c.count, error: c.error });
const talkerJson = (t: Talker) => ({ key: t.key, entries: countJson(t.entries), synRecv: countJson(t.synRecv) });

/** --top with --json. */
export function topTalkersJson(r: TopTalkersReport, malformed: number, truncated: string | undefined): string {
  const out = {
    entries: r.entries,
    synRecv: r.synRecv,
    clients: r.clients.map(talkerJson),
    networks: r.networks.map(talkerJson),
    synClients: r.synClients.map(talkerJson),
    synNetworks: r.synNetworks.map(talkerJson),
    malformed,
    truncated: truncated ?? null,
  };
  return `${JSON.stringify(out, null, 2)}\n`;
}
