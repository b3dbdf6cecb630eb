/**
 * Every director's FleetSession, kept running together (the fleet screen) or until each has said
 * something (`fleet --once`, `--json`, `--drift`), with one change notification for all of them.
 */
import type { RemoteProcess } from '../kernel/exec/sshCommand.js';
import { FleetSession, type HostView } from './fleetSession.js';
import type { Clock } from './loop.js';

export interface FleetWatchOptions {
  hosts: readonly string[];
  intervalS: number;
  /** Starts one director's `list --json --watch` (ssh). */
  start: (host: string) => RemoteProcess;
  clock?: Clock;
}

export class FleetWatch {
  readonly sessions: FleetSession[];
  private readonly listeners = new Set<() => void>();

  constructor(o: FleetWatchOptions) {
    this.sessions = o.hosts.map(
      (host) =>
        new FleetSession({
          host,
          intervalS: o.intervalS,
          start: () => o.start(host),
          clock: o.clock,
          onChange: () => {
            for (const f of this.listeners) f();
          },
        }),
    );
  }

  start(): void {
    for (const s of this.sessions) s.start();
  }

  stop(): void {
    for (const s of this.sessions) s.stop();
  }

  views(): HostView[] {
    return this.sessions.map((s) => s.view());
  }

  /** Called after any director's document or change of state; returns the unsubscribe function. */
  subscribe(f: () => void): () => void {
    this.listeners.add(f);
    return () => {
      this.listeners.delete(f);
    };
  }

  /** True once no director is still connecting for the first time. */
  decided(): boolean {
    return this.sessions.every((s) => s.view().state !== 'connecting');
  }
}
