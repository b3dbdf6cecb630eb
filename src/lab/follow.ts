/**
 * Follows files the guest writes in its /run/io/out (a hostfs mount: each write of the guest lands in
 * the host's file at once) and copies what they gain to streams as it comes, as `tail -f` would.
 */
import { closeSync, existsSync, fstatSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';

/** Each file (by name in `dir`) and the stream its new bytes go to. */
export type Followed = Record<string, NodeJS.WritableStream>;

export interface Follower {
  /** Copies what the files gained since the last call. */
  poll(): void;
  /** Copies the rest and stops. */
  stop(): void;
}

const CHUNK = 64 * 1024;

/** Polls every `everyMs` (the guest may create the files late, or never). */
export function followFiles(dir: string, files: Followed, everyMs = 100): Follower {
  const offsets = new Map<string, number>();
  const buf = Buffer.alloc(CHUNK);
  const copy = (name: string, to: NodeJS.WritableStream): void => {
    const path = join(dir, name);
    if (!existsSync(path)) return;
    const fd = openSync(path, 'r');
    try {
      let at = offsets.get(name) ?? 0;
      // Only up to the size seen now: a file that keeps growing cannot keep us here.
      const size = fstatSync(fd).size;
      while (at < size) {
        const n = readSync(fd, buf, 0, Math.min(CHUNK, size - at), at);
        if (n === 0) break;
        to.write(Buffer.from(buf.subarray(0, n)));
        at += n;
      }
      offsets.set(name, at);
    } finally {
      closeSync(fd);
    }
  };
  const poll = (): void => {
    for (const [name, to] of Object.entries(files)) copy(name, to);
  };
  const timer = setInterval(poll, everyMs);
  return {
    poll,
    stop: () => {
      clearInterval(timer);
      poll();
    },
  };
}
