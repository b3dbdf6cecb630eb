/**
 * Two lines: who and what (host, kernel, IPVS, table size, sync daemon,
 * interval, poll latency) led by the markers that must never be cut off
 * (PAUSED, READ-ONLY, STALE, ERROR), then the totals.
 */

import { Box } from 'ink';
import { memo } from 'react';
import type { SeverityCounts } from '../doctor/diagnose.js';
import { plural } from '../domain/labels.js';
import type { HostInfo } from '../kernel/sources.js';
import type { RateSet } from '../state/rates.js';
import type { TableMeta } from '../state/types.js';
import { joinFitting } from './format/text.js';
import { bytes, count, duration, rate, roughDuration } from './format/units.js';
import { fitSegments, type Segment, Segments } from './Line.js';
import { type Theme, useTheme } from './theme.js';

/** What the totals line shows. */
export interface Totals {
  services: number;
  /** Services the filter lets through, while a filter is on. */
  servicesShown?: number;
  /** Real servers of the services whose real servers were read. */
  dests: number;
  /** False when some services' real servers were not read (large tables read only what is on screen). */
  destsComplete: boolean;
  /**
   * Connections (templates excluded) and templates: of the real servers as read with the services
   * when all were, else from the connection table (connsAgeMs: how much older that read is, when it lags).
   */
  conns?: number;
  templates?: number;
  connsAgeMs?: number;
  /** Undefined while some service's rate is not known yet. */
  rates?: RateSet;
}

export interface HeaderProps {
  host: HostInfo;
  meta?: TableMeta;
  totals: Totals;
  intervalMs: number;
  /** A large table read less often than every interval: how often. */
  tableEveryMs?: number;
  paused: boolean;
  readOnly: boolean;
  overdueMs?: number;
  errorCount: number;
  exact: boolean;
  width: number;
  /** `BACKUP VI_1`, `MASTER VI_1, BACKUP VI_2`: keepalived's instances and their states; '' without any. */
  haBadge?: string;
  /** The doctor's findings by severity, once it has looked. */
  doctor?: SeverityCounts;
  /** The view looks back: the moment's time, and how long before the last live read it was. */
  past?: { at: number; agoMs: number };
}

/** `PAST 03:12:07 (-4m10s)`: first of the markers, so that a moment is never taken for now. */
export function pastMarker(p: { at: number; agoMs: number }): string {
  const s = Math.round(p.agoMs / 1000);
  return `PAST ${new Date(p.at).toTimeString().slice(0, 8)} (-${s < 60 ? `${s}s` : duration(s * 1000)})`;
}

/** The HA badge's room: half the header, so that the other markers and the host name still show. */
export const haBadgeWidth = (headerWidth: number): number => Math.max(6, Math.floor(headerWidth / 2) - 2);

/** Critical and warning findings are markers (never cut off); the rest says the doctor looked. */
function doctorMarkers(c: SeverityCounts | undefined, theme: Theme): Segment[] {
  if (!c) return [];
  const m: Segment[] = [];
  if (c.critical) m.push({ text: ` ${c.critical} CRIT `, style: theme.error });
  if (c.warning) m.push({ text: ` ${c.warning} WARN `, style: theme.marker });
  return m;
}

const doctorPart = (c: SeverityCounts | undefined): string =>
  !c ? '' : c.critical || c.warning ? `doctor: ${c.info} info` : c.info ? `doctor ok, ${c.info} info` : 'doctor ok';

function identity(p: HeaderProps): string[] {
  const m = p.meta;
  const sync = !m
    ? ''
    : m.daemons.length === 0
      ? 'sync: none'
      : `sync: ${m.daemons.map((d) => `${d.state} ${d.mcastInterface}`).join(', ')}`;
  return [
    `${p.host.hostname}`,
    `Linux ${p.host.kernelRelease}`,
    m ? `IPVS ${m.info.version}` : 'IPVS …',
    // The connection hash table's size (ipvsadm's "size="), not a count of connections.
    m ? `hash ${m.info.connTableSize}` : '',
    sync,
    p.tableEveryMs === undefined
      ? `every ${duration(p.intervalMs)}`
      : `every ${duration(p.intervalMs)}, table ${roughDuration(p.tableEveryMs)}`,
    m ? `poll ${roughDuration(m.latencyMs)}` : '',
    doctorPart(p.doctor),
  ].filter(Boolean);
}

/** The totals, most wanted first; the header drops whole ones from the end when narrow. */
export function totalsParts(t: Totals, exact: boolean): string[] {
  const r = t.rates;
  const age = t.connsAgeMs === undefined ? '' : ` (${roughDuration(t.connsAgeMs)} old)`;
  return [
    t.servicesShown === undefined
      ? `svc ${t.services}`
      : `${t.servicesShown} of ${t.services} ${plural(t.services, 'service')}`,
    `rs ${t.dests}${t.destsComplete ? '' : '+'}`,
    `conn ${t.conns === undefined ? '…' : count(t.conns, exact)}${t.templates ? ` (+${count(t.templates, exact)} tmpl)` : ''}${age}`,
    // Not known yet: a dash, as on the rows (not a fake 0).
    r ? `cps ${rate(r.cps, exact)}` : 'cps -',
    r ? `in ${rate(r.inPps, exact)} pk/s ${bytes(r.inBps, exact)}/s` : 'in -',
    r ? `out ${rate(r.outPps, exact)} pk/s ${bytes(r.outBps, exact)}/s` : 'out -',
  ];
}

export const totalsLine = (t: Totals, exact: boolean): string => totalsParts(t, exact).join('  ');

export const Header = memo(function Header(p: HeaderProps) {
  const theme = useTheme();
  const markers: Segment[] = [];
  if (p.past) markers.push({ text: ` ${pastMarker(p.past)} `, style: theme.error });
  if (p.haBadge)
    markers.push({ text: ` ${p.haBadge} `, style: /\bFAULT\b/.test(p.haBadge) ? theme.error : theme.marker });
  if (p.paused) markers.push({ text: ' PAUSED ', style: theme.marker });
  if (p.readOnly) markers.push({ text: ' READ-ONLY ', style: theme.marker });
  if (p.overdueMs !== undefined) markers.push({ text: ` STALE ${duration(p.overdueMs)} `, style: theme.error });
  if (p.errorCount > 0)
    markers.push({ text: ` ${p.errorCount} ERROR${p.errorCount > 1 ? 'S' : ''} `, style: theme.error });
  markers.push(...doctorMarkers(p.doctor, theme));
  const spaced = markers.flatMap((m) => [m, { text: ' ' }]);
  const used = spaced.reduce((n, s) => n + s.text.length, 0);
  const line1: Segment[] = [
    ...spaced,
    { text: joinFitting(identity(p), p.width - used) || p.host.hostname, style: theme.title },
  ];
  return (
    <Box flexDirection="column" width={p.width} height={2}>
      <Segments parts={fitSegments(line1, p.width)} />
      <Segments
        parts={fitSegments(
          [{ text: p.meta ? joinFitting(totalsParts(p.totals, p.exact), p.width) : 'reading the IPVS table…' }],
          p.width,
        )}
      />
    </Box>
  );
});
