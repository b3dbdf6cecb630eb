/** `ipvstop conns --top N`: the clients and networks with the most entries and SYN_RECV entries. */

import { plural } from '../../domain/labels.js';
import type { Talker, TopCount, TopTalkersReport } from '../../domain/topTalkers.js';
import { right } from './numbers.js';

/** A count, `~` in front when it is an estimate (more distinct keys than the counters keep). */
const cell = (c: TopCount): string => right(`${c.error ? '~' : ''}${c.count}`, 9);

function section(title: string, what: string, talkers: readonly Talker[]): string {
  const lines = talkers.map((t) => `${cell(t.entries)} ${cell(t.synRecv)} ${t.key}\n`).join('');
  return `${title}\n${right('Entries', 9)} ${right('SYN_RECV', 9)} ${what}\n${lines || '(none)\n'}`;
}

export function formatTopTalkers(r: TopTalkersReport, n: number): string {
  return [
    `${r.entries} ${plural(r.entries, 'entry', 'entries')}, ${r.synRecv} in SYN_RECV\n`,
    section(`Top ${n} ${plural(n, 'client')} by entries`, 'Client', r.clients),
    section(`Top ${n} ${plural(n, 'network')} (/24, /64) by entries`, 'Network', r.networks),
    section(`Top ${n} ${plural(n, 'client')} by SYN_RECV`, 'Client', r.synClients),
    section(`Top ${n} ${plural(n, 'network')} (/24, /64) by SYN_RECV`, 'Network', r.synNetworks),
  ].join('\n');
}
