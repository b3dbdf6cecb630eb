/** A director's session as the fleet reads it, from the watch line a real director writes (or not read at all). */
import type { HostView } from '../../src/state/fleetSession.js';
import { type Director, watchLineOf } from '../output/directorFixture.js';

export const hostView = (host: string, d: Director | 'down', over: Partial<HostView> = {}): HostView => ({
  host,
  state: d === 'down' ? 'unreachable' : 'reachable',
  ageMs: d === 'down' ? null : 100,
  document: d === 'down' ? null : (JSON.parse(watchLineOf(host, d)) as HostView['document']),
  reason: d === 'down' ? `ssh: connect to host ${host} port 22: Connection refused` : null,
  badDocuments: 0,
  sessions: 1,
  ...over,
});
