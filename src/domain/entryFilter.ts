/**
 * The Connections pane's `/` filter: words separated by spaces, each narrowing the entries
 * shown. A client address or prefix (`203.0.113.7`, `203.0.113.0/24`, `2001:db8::/64`), a state
 * (`syn_recv`), `rs:ADDR[:PORT]` for a real server, `templates` for persistence templates only.
 */
import { KNOWN_STATES } from '../kernel/proc/states.js';
import { type ConnFilter, parseServerMatch } from './connFilter.js';
import { parsePrefix } from './prefix.js';

/** The filter the words make, and the words that are none of the above (the filter ignores them). */
export interface EntryFilter {
  filter: Pick<ConnFilter, 'client' | 'server' | 'state' | 'templatesOnly'>;
  bad: string[];
}

const SERVER = /^rs:(.+)$/i;
const TEMPLATES = new Set(['template', 'templates', 'tmpl']);

export function parseEntryFilter(text: string): EntryFilter {
  const filter: EntryFilter['filter'] = {};
  const bad: string[] = [];
  for (const word of text.split(' ').filter((w) => w !== '')) {
    const server = SERVER.exec(word);
    const client = server ? undefined : parsePrefix(word);
    if (server) {
      const match = parseServerMatch(server[1]!);
      if (match) filter.server = match;
      else bad.push(word);
    } else if (KNOWN_STATES.has(word.toUpperCase())) filter.state = word.toUpperCase();
    else if (TEMPLATES.has(word.toLowerCase())) filter.templatesOnly = true;
    else if (client) filter.client = client;
    else bad.push(word);
  }
  return { filter, bad };
}
