/**
 * The kernel log from /dev/kmsg: one record per read(), `PRI,SEQ,USEC,FLAGS;MESSAGE`
 * then continuation lines (` KEY=value`). Opened non-blocking, a read past
 * the last record fails with EAGAIN, which ends a read of the buffer.
 */
import { constants } from 'node:fs';
import { type FileHandle, open, readFile } from 'node:fs/promises';

export interface KernelLogRecord {
  /** 0 emerg .. 7 debug. */
  level: number;
  seq: number;
  /** Microseconds since boot. */
  usec: number;
  /** The message, with the kernel's \xNN escapes left as they are. */
  message: string;
}

/** One record as read(), or undefined for anything else. */
export function parseKmsgRecord(text: string): KernelLogRecord | undefined {
  const semi = text.indexOf(';');
  if (semi < 0) return undefined;
  const [pri, seq, usec] = text.slice(0, semi).split(',').map(Number);
  if (pri === undefined || seq === undefined || usec === undefined || [pri, seq, usec].some(Number.isNaN)) {
    return undefined;
  }
  const end = text.indexOf('\n', semi);
  return { level: pri & 7, seq, usec, message: text.slice(semi + 1, end < 0 ? undefined : end) };
}

/** The largest record the kernel writes (its read() fails with EINVAL on a smaller buffer). */
const RECORD_BYTES = 8192;

/**
 * Reads /dev/kmsg, keeping it open so that each read returns only the
 * records written since the last (the monitor reads it every few seconds).
 * The first read returns the whole buffer.
 */
export class KernelLogReader {
  private handle: FileHandle | undefined;
  private readonly buf = Buffer.alloc(RECORD_BYTES);

  /** New records; throws when /dev/kmsg cannot be opened (no permission: dmesg_restrict). */
  async read(): Promise<KernelLogRecord[]> {
    this.handle ??= await open('/dev/kmsg', constants.O_RDONLY | constants.O_NONBLOCK);
    const records: KernelLogRecord[] = [];
    for (;;) {
      let n: number;
      try {
        ({ bytesRead: n } = await this.handle.read(this.buf, 0, RECORD_BYTES, null));
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'EAGAIN') return records;
        // Records were overwritten before we read them: the next read resumes at the oldest left.
        if (code === 'EPIPE') continue;
        throw e;
      }
      if (n === 0) return records;
      const r = parseKmsgRecord(this.buf.toString('utf8', 0, n));
      if (r) records.push(r);
    }
  }

  async close(): Promise<void> {
    await this.handle?.close();
    this.handle = undefined;
  }
}

/** Milliseconds since the epoch at boot, to turn a record's microseconds since boot into a time. */
export async function bootTimeMs(): Promise<number> {
  const uptime = Number.parseFloat(await readFile('/proc/uptime', 'utf8'));
  return Date.now() - uptime * 1000;
}
