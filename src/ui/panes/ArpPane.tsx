/** 4 ARP: the neighbour table, VIPs and real servers marked, filterable by interface. */

import { Box } from 'ink';
import { memo, useMemo } from 'react';
import { plural } from '../../domain/labels.js';
import type { Neighbour } from '../../kernel/neigh/types.js';
import type { ArpSort } from '../../state/types.js';
import { neighbourId } from '../../state/view.js';
import { clip, padEnd, width } from '../format/text.js';
import { Line } from '../Line.js';
import { useTheme } from '../theme.js';
import { PaneTitle, titleWidth } from './PaneTitle.js';
import { sortLabel } from './ServicesPane.js';

export interface ArpPaneProps {
  rows: readonly Neighbour[];
  selected?: string;
  offset: number;
  width: number;
  height: number;
  focused: boolean;
  tabs: boolean;
  /** Addresses of virtual services and of real servers (as read), to mark rows. */
  vips: ReadonlySet<string>;
  reals: ReadonlySet<string>;
  filter: string;
  sort: ArpSort;
  reverse: boolean;
  /** Undefined until the first read. */
  loaded: boolean;
  /** `ipvstop replay`: the neighbour table is not in a recording. */
  notRecorded?: boolean;
}

export function roleOf(n: Neighbour, vips: ReadonlySet<string>, reals: ReadonlySet<string>): string {
  return [vips.has(n.address) ? 'VIP' : '', reals.has(n.address) ? 'RS' : ''].filter(Boolean).join(',');
}

interface Widths {
  iface: number;
  address: number;
}

function arpLine(n: Neighbour, w: Widths, role: string): string {
  const flags = n.flags.length ? ` ${n.flags.join(',')}` : '';
  return `${padEnd(n.interface || `#${n.ifindex}`, w.iface)} ${padEnd(n.address, w.address)} ${padEnd(n.lladdr || '-', 17)} ${padEnd(role, 6)} ${n.states.join(',')}${flags}`;
}

const widthsOf = (rows: readonly Neighbour[]): Widths => ({
  iface: Math.max(5, ...rows.map((n) => width(n.interface))),
  address: Math.max(15, ...rows.map((n) => width(n.address))),
});

const headerOf = (w: Widths): string =>
  `  ${padEnd('Iface', w.iface)} ${padEnd('Address', w.address)} ${padEnd('MAC', 17)} ${padEnd('Role', 6)} State`;

type TitleProps = Pick<ArpPaneProps, 'rows' | 'sort' | 'reverse' | 'filter'>;

const titleInfo = (p: TitleProps) => [
  sortLabel(p.sort, p.reverse, 'asc'),
  p.filter ? `filter: ${p.filter}` : '',
  { text: `${p.rows.length} ${plural(p.rows.length, 'entry', 'entries')}`, optional: true } as const,
];

/** Columns the pane's lines fill (the layout's measure of its need): the title, the headings and every row. */
export function arpWidth(p: TitleProps & Pick<ArpPaneProps, 'vips' | 'reals'>): number {
  const w = widthsOf(p.rows);
  const info = titleInfo(p)
    .map((s) => (typeof s === 'string' ? s : s.text))
    .filter(Boolean)
    .join('  ');
  const widest = p.rows.reduce((m, n) => Math.max(m, 2 + width(arpLine(n, w, roleOf(n, p.vips, p.reals)))), 0);
  return Math.max(titleWidth('arp', info), width(headerOf(w)), widest);
}

export const ArpPane = memo(function ArpPane(p: ArpPaneProps) {
  const theme = useTheme();
  const listHeight = Math.max(0, p.height - 2);
  const visible = useMemo(() => p.rows.slice(p.offset, p.offset + listHeight), [p.rows, p.offset, listHeight]);
  const w = widthsOf(visible);
  const info = titleInfo(p);
  const header = headerOf(w);
  const empty = p.notRecorded
    ? 'the neighbour table is not recorded'
    : !p.loaded
      ? 'reading the neighbour table…'
      : p.rows.length === 0
        ? p.filter
          ? `nothing matches "${p.filter}"`
          : 'no neighbours'
        : undefined;
  return (
    <Box flexDirection="column" width={p.width} height={p.height} overflow="hidden">
      <PaneTitle pane="arp" focused={p.focused} tabs={p.tabs} info={info} width={p.width} />
      <Line text={clip(header, p.width)} style={theme.columns} />
      {empty && listHeight > 0 ? <Line text={clip(`  ${empty}`, p.width)} style={theme.dim} /> : null}
      {visible.map((n) => {
        const id = neighbourId(n);
        const sel = id === p.selected;
        const role = roleOf(n, p.vips, p.reals);
        const style = sel
          ? theme.selected
          : role
            ? theme.service
            : n.states.includes('FAILED')
              ? theme.warn
              : undefined;
        return <Line key={id} text={clip(`${sel ? '>' : ' '} ${arpLine(n, w, role)}`, p.width)} style={style} />;
      })}
    </Box>
  );
});
