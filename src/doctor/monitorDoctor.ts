/**
 * The monitor's doctor: the rules over what its poller last read (the table, the real servers
 * read so far, the connection table) and the HA daemon as the monitor's state has it. It reads
 * no IPVS table of its own.
 */
import { diagnose } from './diagnose.js';
import type { DoctorGatherer } from './gather.js';
import type { DoctorResult, DoctorView } from './types.js';

/** The findings over `view`, and what the view has not read yet (said as such, not as findings). */
export async function diagnoseView(gatherer: DoctorGatherer, view: DoctorView): Promise<DoctorResult> {
  const unread = view.unreadServices;
  const notReadYet = unread > 0 ? [`real servers of ${unread} of ${view.services.length + unread} services`] : [];
  const input = await gatherer.gather(view.services, {
    conns: view.conns ?? null,
    notReadYet,
    servicesNotRead: unread,
    ha: view.ha,
    haSeen: view.haSeen,
  });
  return { findings: diagnose(input), notReadYet: input.notReadYet };
}
