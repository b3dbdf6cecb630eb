/**
 * Everything one scrape read, as metric families in a fixed order (the table's first, the costly and
 * numerous last), and the --max-series cap over them.
 */

import type { Finding } from '../../doctor/types.js';
import type { Attribution } from '../../domain/attribution.js';
import type { HaStatus } from '../../domain/ha.js';
import type { IpvsSnapshot } from '../../kernel/ipvs/types.js';
import { connStateFamilies, doctorFamilies } from './doctorMetrics.js';
import { type MetricFamily, seriesCount } from './exposition.js';
import { haFamilies } from './haMetrics.js';
import { type CollectGroup, ipvsFamilies } from './ipvsMetrics.js';
import type { ServerMemory } from './serverMemory.js';
import { settingsFamilies } from './settingsMetrics.js';

/** One scrape's reads; a part is absent when its group is off or it could not be read. */
export interface ExporterReading {
  snap: IpvsSnapshot;
  /** `net.ipv4.vs.*` as text by dotted name; null: none (IPVS not loaded). */
  sysctls?: Record<string, string> | null;
  ha?: HaStatus;
  findings?: readonly Finding[];
  /** The connection table attributed to services and real servers. */
  conns?: Attribution;
}

export function readingFamilies(
  r: ExporterReading,
  groups: ReadonlySet<CollectGroup>,
  memory: ServerMemory,
): MetricFamily[] {
  const families = ipvsFamilies(r.snap, groups, memory);
  if (groups.has('settings')) families.push(...settingsFamilies(r.snap, r.sysctls ?? null));
  if (groups.has('ha') && r.ha) families.push(...haFamilies(r.ha, r.snap.services));
  if (groups.has('doctor') && r.findings) families.push(...doctorFamilies(r.findings));
  if (groups.has('conn-states') && r.conns) {
    families.push(...connStateFamilies(r.snap.services, r.conns, groups.has('backends')));
  }
  return families.filter((f) => seriesCount(f) > 0);
}

/**
 * The families cut to at most `max` series, in their order: what comes past the cap is left out (whole
 * families, then the tail of the one that crosses it), and counted.
 */
export function capSeries(
  families: readonly MetricFamily[],
  max: number,
): { families: MetricFamily[]; dropped: number } {
  let room = max;
  let dropped = 0;
  const kept: MetricFamily[] = [];
  for (const f of families) {
    const count = seriesCount(f);
    if (room >= count) {
      kept.push(f);
      room -= count;
      continue;
    }
    dropped += count - room;
    if (room > 0) kept.push(firstSeries(f, room));
    room = 0;
  }
  return { families: kept, dropped };
}

/** The family with its first `n` series only. */
function firstSeries(f: MetricFamily, n: number): MetricFamily {
  if (!f.rows) return { ...f, samples: f.samples.slice(0, n) };
  const rows = f.rows;
  return {
    ...f,
    rows: { count: n, write: (out, name, limit) => rows.write(out, name, Math.min(n, limit)) },
  };
}
