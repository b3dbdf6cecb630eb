/**
 * One director of the fleet: its `ssh HOST ipvstop list --json --watch S` kept running, its
 * documents read as data (bounded lines, JSON.parse, a shape check; a bad one is counted, never
 * used), and what the fleet shows of it: reachable, stale (with the age of its last document) or
 * unreachable, with ssh's own last stderr line as the reason. A session that ends is started
 * again after a backoff that doubles up to BACKOFF_MAX_MS, and starts over once documents come.
 */
import { BoundedLineReader } from '../kernel/exec/boundedLines.js';
import type { RemoteProcess } from '../kernel/exec/sshCommand.js';
import { type Clock, systemClock } from './loop.js';

/** A document is at most this long: a director with 10,000 services writes a few MiB. */
export const MAX_DOCUMENT_BYTES = 64 << 20;
/** ssh's stderr lines are kept up to this; only the last is shown. */
const MAX_REASON_BYTES = 1024;
export const BACKOFF_MIN_MS = 1000;
export const BACKOFF_MAX_MS = 30_000;

/** What the fleet relies on in a watch document; the rest is kept as it came. */
export interface WatchDocument {
  host: string;
  seq: number;
  takenAtMs: number;
  services: unknown[];
  [field: string]: unknown;
}

/** The parsed line if it has the watch document's shape, else undefined (never evaluated: JSON.parse only). */
export function parseWatchDocument(line: string): WatchDocument | undefined {
  let doc: unknown;
  try {
    doc = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return undefined;
  const d = doc as Record<string, unknown>;
  const ok =
    d.schema === 1 &&
    typeof d.host === 'string' &&
    Number.isSafeInteger(d.seq) &&
    Number.isFinite(d.takenAtMs) &&
    Array.isArray(d.services);
  return ok ? (d as WatchDocument) : undefined;
}

export type HostState = 'connecting' | 'reachable' | 'stale' | 'unreachable';

export interface HostView {
  host: string;
  state: HostState;
  /** ms since the last good document arrived; null before the first. */
  ageMs: number | null;
  document: WatchDocument | null;
  /** ssh's last stderr line, or how it ended; null while nothing went wrong. */
  reason: string | null;
  /** Lines that were not a watch document: unparseable, wrong shape, too long, or cut off. */
  badDocuments: number;
  /** Sessions started, the first included. */
  sessions: number;
}

export interface FleetSessionOptions {
  host: string;
  intervalS: number;
  start: () => RemoteProcess;
  /** After each good document or change of state. */
  onChange?: () => void;
  clock?: Clock;
  /** Default: three periods, and at least 5 s more than one. */
  staleAfterMs?: number;
  /** Default MAX_DOCUMENT_BYTES. */
  maxDocumentBytes?: number;
}

export class FleetSession {
  private readonly clock: Clock;
  private child: RemoteProcess | undefined;
  private timer: unknown;
  private stopped = true;
  private document: WatchDocument | null = null;
  private documentAt: number | undefined;
  private reason: string | null = null;
  private badLines = 0;
  private sessions = 0;
  private ended = false;
  private failures = 0;
  private readonly cut = { overlong: 0, partial: 0 };

  constructor(private readonly o: FleetSessionOptions) {
    this.clock = o.clock ?? systemClock;
  }

  /** A document older than this is stale: one that should have come twice since did not. */
  get staleAfterMs(): number {
    return this.o.staleAfterMs ?? Math.max(3 * this.o.intervalS * 1000, this.o.intervalS * 1000 + 5000);
  }

  start(): void {
    this.stopped = false;
    this.connect();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.child?.kill('SIGTERM');
    this.child = undefined;
  }

  view(): HostView {
    const ageMs = this.documentAt === undefined ? null : Math.max(0, this.clock.now() - this.documentAt);
    const state: HostState =
      ageMs !== null && ageMs <= this.staleAfterMs
        ? 'reachable'
        : ageMs !== null
          ? 'stale'
          : this.ended
            ? 'unreachable'
            : 'connecting';
    return {
      host: this.o.host,
      state,
      ageMs,
      document: this.document,
      reason: this.reason,
      badDocuments: this.badLines + this.cut.overlong + this.cut.partial,
      sessions: this.sessions,
    };
  }

  private connect(): void {
    this.timer = undefined;
    if (this.stopped) return;
    this.sessions++;
    let gotDocument = false;
    let child: RemoteProcess;
    try {
      child = this.o.start();
    } catch (e) {
      this.reason = e instanceof Error ? e.message : String(e);
      this.ended = true;
      this.retry(false);
      return;
    }
    this.child = child;
    const lines = new BoundedLineReader(this.o.maxDocumentBytes ?? MAX_DOCUMENT_BYTES, (line) => {
      const doc = parseWatchDocument(line);
      if (!doc) {
        this.badLines++;
        return;
      }
      gotDocument = true;
      this.document = doc;
      this.documentAt = this.clock.now();
      this.reason = null;
      this.o.onChange?.();
    });
    const errors = new BoundedLineReader(MAX_REASON_BYTES, (line) => {
      if (line.trim() !== '') this.reason = line.trim();
    });
    child.stdout.on('data', (b: Buffer) => lines.push(b));
    child.stderr.on('data', (b: Buffer) => errors.push(b));
    let over = false;
    const end = (why: string | null): void => {
      if (over) return;
      over = true;
      lines.end();
      this.cut.overlong += lines.overlong;
      this.cut.partial += lines.partial;
      errors.end();
      if (this.child === child) this.child = undefined;
      this.ended = true;
      if (why !== null && this.reason === null) this.reason = why;
      this.o.onChange?.();
      this.retry(gotDocument);
    };
    child.once('error', (e) => end(`cannot run ssh: ${e.message}`));
    child.once('close', (code, signal) => end(signal ? `ssh ended by ${signal}` : `ssh exited ${code}`));
  }

  /** Again after the backoff: from its least when the session that ended had delivered documents. */
  private retry(delivered: boolean): void {
    if (this.stopped) return;
    this.failures = delivered ? 0 : this.failures + 1;
    const wait = Math.min(BACKOFF_MAX_MS, BACKOFF_MIN_MS * 2 ** Math.max(0, this.failures - 1));
    this.timer = this.clock.setTimeout(() => this.connect(), wait);
  }
}
