/**
 * The weight each drained real server had, so that undrain can put it back, even from another
 * ipvstop process. Kept in /run (a tmpfs: a reboot empties it, as it empties the kernel's table),
 * in a file only root reads and writes, replaced atomically and never through a symlink.
 */
import { readPrivateFile, writePrivateFileAtomic } from '../kernel/fs/privateFile.js';
import type { ServiceId } from '../kernel/ipvs/types.js';
import { ipvsadmServerArg, ipvsadmServiceArg } from './describe.js';
import type { ServerId } from './types.js';

export const SAVED_WEIGHTS_DIR = '/run/ipvstop';
const FILE = 'saved-weights.json';
const MAX_WEIGHT = 65535;

export interface SavedWeights {
  /** Where the weights live, for messages. */
  readonly path: string;
  get(service: ServiceId, server: ServerId): Promise<number | undefined>;
  set(service: ServiceId, server: ServerId, weight: number): Promise<void>;
  forget(service: ServiceId, server: ServerId): Promise<void>;
}

/** `-t 192.0.2.1:80 -r 198.51.100.13:80`: what an operator reading the file recognises. */
export const savedWeightKey = (service: ServiceId, server: ServerId): string =>
  `${ipvsadmServiceArg(service)} -r ${ipvsadmServerArg(server)}`;

function parse(text: string, path: string): Map<string, number> {
  let weights: unknown;
  try {
    weights = (JSON.parse(text) as { weights?: unknown }).weights;
  } catch {
    weights = undefined;
  }
  if (typeof weights !== 'object' || weights === null) throw new Error(`${path} is not a file of saved weights`);
  const out = new Map<string, number>();
  for (const [key, w] of Object.entries(weights)) {
    if (Number.isInteger(w) && w >= 0 && w <= MAX_WEIGHT) out.set(key, w as number);
  }
  return out;
}

/** The saved weights in `dir` (created mode 0700 on the first save). */
export function savedWeightsIn(dir: string = SAVED_WEIGHTS_DIR): SavedWeights {
  const path = `${dir}/${FILE}`;
  const load = async (): Promise<Map<string, number>> => {
    const text = await readPrivateFile(dir, FILE);
    return text === undefined ? new Map() : parse(text, path);
  };
  const store = async (m: Map<string, number>): Promise<void> => {
    const weights = Object.fromEntries([...m].sort(([a], [b]) => a.localeCompare(b)));
    await writePrivateFileAtomic(dir, FILE, `${JSON.stringify({ weights }, null, 2)}\n`);
  };
  return {
    path,
    get: async (service, server) => (await load()).get(savedWeightKey(service, server)),
    async set(service, server, weight) {
      const m = await load();
      m.set(savedWeightKey(service, server), weight);
      await store(m);
    },
    async forget(service, server) {
      const m = await load();
      if (m.delete(savedWeightKey(service, server))) await store(m);
    },
  };
}
