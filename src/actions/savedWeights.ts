/**
 * The weight each drained real server had, so that undrain can put it back, even from another
 * ipvstop process. Kept in /run (a tmpfs: a reboot empties it, as it empties the kernel's table),
 * in a file only root reads and writes, replaced atomically and never through a symlink. Every
 * read-change-write holds a lock across processes (several drains at once, and the monitor's keys,
 * share the file; without it the last writer dropped the others' entries).
 */
import { rename } from 'node:fs/promises';
import { isWeight } from '../domain/weight.js';
import { withLock } from '../kernel/fs/lockFile.js';
import { readPrivateFile, UnsafePathError, writePrivateFileAtomic } from '../kernel/fs/privateFile.js';
import type { ServiceId, Stats } from '../kernel/ipvs/types.js';
import { ipvsadmServerArg, ipvsadmServiceArg } from './describe.js';
import type { ServerId } from './types.js';

export const SAVED_WEIGHTS_DIR = '/run/ipvstop';
const FILE = 'saved-weights.json';
const LOCK = 'saved-weights.lock';

/**
 * The counters of the service and of the real server when the weight was saved. The kernel gives a
 * service no identity beyond its address, but its counters only grow, until it is deleted and
 * added again (or zeroed): lower counters at undrain mean the saved weight may be another's.
 */
export interface SavedCounters {
  serviceConns: string;
  serviceInPackets: string;
  serverConns: string;
  serverInPackets: string;
}

/** What a drain saved for one real server. */
export interface SavedEntry {
  weight: number;
  /** When it was saved (ISO 8601); absent in files of older versions. */
  savedAt?: string;
  counters?: SavedCounters;
}

/** The saved-weights file cannot be read; the message says why and what to do. */
export class SavedWeightsError extends Error {
  override readonly name = 'SavedWeightsError';
}

/** A service or real server as read from the kernel, with its counters, or as named only. */
type WithStats<T> = T & { stats?: Pick<Stats, 'connections' | 'inPackets'> };

export interface SavedWeights {
  /** Where the weights live, for messages. */
  readonly path: string;
  /** What was saved for this server; throws SavedWeightsError when the file cannot be read. */
  entry(service: ServiceId, server: ServerId): Promise<SavedEntry | undefined>;
  get(service: ServiceId, server: ServerId): Promise<number | undefined>;
  /** Every entry, by savedWeightKey; throws SavedWeightsError as entry does. */
  entries(): Promise<Map<string, SavedEntry>>;
  /**
   * Saves the weight, with the counters of `service` and `server` when they carry them. Entries of
   * services not in `present` (when given) are dropped. Resolves to a note when the file could not
   * be read and was moved aside.
   */
  set(
    service: WithStats<ServiceId>,
    server: WithStats<ServerId>,
    weight: number,
    present?: readonly ServiceId[],
  ): Promise<string | undefined>;
  /** Forgets the server's weight (and entries of services not in `present`); a note as for set. */
  forget(service: ServiceId, server: ServerId, present?: readonly ServiceId[]): Promise<string | undefined>;
}

/** `-t 192.0.2.1:80 -r 198.51.100.13:80`: what an operator reading the file recognises. */
export const savedWeightKey = (service: ServiceId, server: ServerId): string =>
  `${ipvsadmServiceArg(service)} -r ${ipvsadmServerArg(server)}`;

const serviceOfKey = (key: string): string => key.slice(0, key.lastIndexOf(' -r '));

const counterText = (c: unknown): boolean => typeof c === 'string' && /^\d{1,20}$/.test(c);

/** One entry as stored: a weight (files of older versions), or an object; undefined when invalid. */
function parseEntry(raw: unknown): SavedEntry | undefined {
  if (isWeight(raw)) return { weight: raw };
  if (typeof raw !== 'object' || raw === null) return undefined;
  const { weight, savedAt, counters } = raw as Record<string, unknown>;
  if (!isWeight(weight)) return undefined;
  const entry: SavedEntry = { weight };
  if (typeof savedAt === 'string' && savedAt.length <= 40) entry.savedAt = savedAt;
  const c = counters as Record<string, unknown> | undefined;
  if (c && ['serviceConns', 'serviceInPackets', 'serverConns', 'serverInPackets'].every((k) => counterText(c[k]))) {
    entry.counters = c as unknown as SavedCounters;
  }
  return entry;
}

function parse(text: string, path: string): Map<string, SavedEntry> {
  let weights: unknown;
  try {
    weights = (JSON.parse(text) as { weights?: unknown }).weights;
  } catch {
    weights = undefined;
  }
  if (typeof weights !== 'object' || weights === null) {
    throw new SavedWeightsError(`${path} is ${text.trim() === '' ? 'empty' : 'not a file of saved weights'}`);
  }
  const out = new Map<string, SavedEntry>();
  for (const [key, raw] of Object.entries(weights)) {
    const entry = parseEntry(raw);
    if (entry) out.set(key, entry);
  }
  return out;
}

function countersOf(service: WithStats<ServiceId>, server: WithStats<ServerId>): SavedCounters | undefined {
  if (!service.stats || !server.stats) return undefined;
  return {
    serviceConns: String(service.stats.connections),
    serviceInPackets: String(service.stats.inPackets),
    serverConns: String(server.stats.connections),
    serverInPackets: String(server.stats.inPackets),
  };
}

/** The saved weights in `dir` (created mode 0700 on the first save). */
export function savedWeightsIn(dir: string = SAVED_WEIGHTS_DIR): SavedWeights {
  const path = `${dir}/${FILE}`;
  const load = async (): Promise<Map<string, SavedEntry>> => {
    const text = await readPrivateFile(dir, FILE);
    return text === undefined ? new Map() : parse(text, path);
  };
  const store = async (m: Map<string, SavedEntry>): Promise<void> => {
    const weights = Object.fromEntries([...m].sort(([a], [b]) => a.localeCompare(b)));
    await writePrivateFileAtomic(dir, FILE, `${JSON.stringify({ weights }, null, 2)}\n`);
  };

  /**
   * Read, change, write under the lock. A file that cannot be read (empty, corrupt, a FIFO or
   * another user's file in its place) does not block a drain: it is moved aside, kept for
   * whoever wants its weights, and the note says where.
   */
  const update = (change: (m: Map<string, SavedEntry>) => boolean, present?: readonly ServiceId[]) =>
    withLock(dir, LOCK, async (): Promise<string | undefined> => {
      let m: Map<string, SavedEntry>;
      let note: string | undefined;
      try {
        m = await load();
      } catch (e) {
        if (!(e instanceof SavedWeightsError || e instanceof UnsafePathError)) throw e;
        const aside = `${path}.unreadable-${new Date().toISOString().replace(/[:.]/g, '')}`;
        await rename(path, aside);
        note = `${e.message}: moved it to ${aside}; undrain the servers saved in it with --weight W`;
        m = new Map();
      }
      let changed = change(m);
      if (present) {
        const services = new Set(present.map(ipvsadmServiceArg));
        for (const key of m.keys()) if (!services.has(serviceOfKey(key)) && m.delete(key)) changed = true;
      }
      if (changed) await store(m);
      return note;
    });

  const entries = async (): Promise<Map<string, SavedEntry>> => {
    try {
      return await load();
    } catch (e) {
      if (!(e instanceof SavedWeightsError || e instanceof UnsafePathError)) throw e;
      throw new SavedWeightsError(
        `cannot read the saved weights: ${e.message}; give the weight to set (undrain --weight W), ` +
          `and move the file aside (the next drain does so itself)`,
      );
    }
  };
  const entry = async (service: ServiceId, server: ServerId): Promise<SavedEntry | undefined> =>
    (await entries()).get(savedWeightKey(service, server));
  return {
    path,
    entry,
    entries,
    get: async (service, server) => (await entry(service, server))?.weight,
    set: (service, server, weight, present) =>
      update((m) => {
        const counters = countersOf(service, server);
        m.set(savedWeightKey(service, server), {
          weight,
          savedAt: new Date().toISOString(),
          ...(counters && { counters }),
        });
        return true;
      }, present),
    forget: (service, server, present) => update((m) => m.delete(savedWeightKey(service, server)), present),
  };
}
