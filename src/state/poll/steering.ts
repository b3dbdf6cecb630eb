/**
 * Hands each reader the part of a ReadPlan that changed since the last one, in the order a reader
 * depends on (pause first; the talkers before the entries, which are read only with them). A part
 * that did not change is not handed again: a new set with the same services is no change.
 */
import type { ConnReader } from './connReader.js';
import type { DoctorReader } from './doctorReader.js';
import type { HaReader } from './haReader.js';
import type { NeighbourReader } from './neighbourReader.js';
import type { ReadPlan } from './plan.js';
import type { ServicesReader } from './servicesReader.js';

export interface Steered {
  services: Pick<ServicesReader, 'setWanted'>;
  conn: Pick<ConnReader, 'setTalkers' | 'setEntries'>;
  neighbours: Pick<NeighbourReader, 'setVisible'>;
  ha: Pick<HaReader, 'setVisible'> | undefined;
  doctor: Pick<DoctorReader, 'setVisible'> | undefined;
  setPaused(paused: boolean): void;
}

export class Steering {
  /** What each part was last applied with. */
  private readonly applied = new Map<string, readonly unknown[]>();

  constructor(private readonly to: Steered) {}

  apply(plan: ReadPlan): void {
    const { services, conn, neighbours, ha, doctor } = this.to;
    this.when('paused', [plan.paused], () => this.to.setPaused(plan.paused));
    this.when('dests', [[...plan.dests].join('\n')], () => services.setWanted(plan.dests));
    this.when('neighbours', [plan.neighbours], () => neighbours.setVisible(plan.neighbours));
    this.when('ha', [plan.ha], () => ha?.setVisible(plan.ha));
    this.when('doctor', [plan.doctor], () => doctor?.setVisible(plan.doctor));
    this.when('talkers', [plan.talkers, plan.talkersService], () => conn.setTalkers(plan.talkers, plan.talkersService));
    // The id, anchor and size stand for the query; the talkers, because the entries are read only with them.
    const q = plan.entries;
    this.when('entries', [q.id, q.anchor, q.after, plan.entriesNow, plan.talkers], () =>
      conn.setEntries(q, plan.entriesNow),
    );
  }

  private when(part: string, deps: readonly unknown[], apply: () => void): void {
    const was = this.applied.get(part);
    if (was?.every((d, i) => Object.is(d, deps[i]))) return;
    this.applied.set(part, deps);
    apply();
  }
}
