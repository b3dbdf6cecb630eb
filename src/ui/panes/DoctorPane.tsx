/** 5 Doctor: the doctor's findings, worst first: severity, where, what; then the fix, dimmed. */

import { Box } from 'ink';
import { memo } from 'react';
import type { Finding } from '../../doctor/types.js';
import { clip, wrap } from '../format/text.js';
import { Line } from '../Line.js';
import { type Style, type Theme, useTheme } from '../theme.js';
import { PaneTitle } from './PaneTitle.js';

export interface DoctorPaneProps {
  width: number;
  height: number;
  focused: boolean;
  tabs: boolean;
  findings?: readonly Finding[];
  /** When the doctor last looked (ms since the epoch): every check, changed or not. */
  at?: number;
  /** What the monitor has not read yet (a big connection table's first read): not findings. */
  notReadYet?: readonly string[];
  error?: string;
  /** The last ARP check (`a`): how many VIPs it asked, its findings (among `findings` too), and when. */
  arpCheck?: { asked: number; found: number; at: number };
  /** The first finding on screen (the movement keys scroll). */
  top?: number;
  /** The zoom key's label, for what does not fit. */
  zoomKey: string;
}

const LABEL = { critical: 'CRIT', warning: 'WARN', info: 'info' } as const;

/**
 * A finding's lines at `width`: `CRIT where: what  [rule]`, then `     fix: remedy`, each
 * wrapped (the rule id and the fix are what the engineer acts on: never cut).
 */
export function findingLines(f: Finding, width: number): { head: string[]; fix: string[] } {
  return {
    head: wrap(`${LABEL[f.severity]} ${f.where}: ${f.what}  [${f.ruleId}]`, width, '     '),
    fix: wrap(`     fix: ${f.remedy}`, width, '          '),
  };
}

function headStyle(theme: Theme, f: Finding): Style | undefined {
  return f.severity === 'critical' ? theme.error : f.severity === 'warning' ? theme.marker : undefined;
}

/** Local time of day, as `date` prints it. */
const timeOfDay = (at: number): string => new Date(at).toTimeString().slice(0, 8);

/** `ARP check 01:02:03: 2 VIPs asked, 1 finding (marked [arp.…])`: when the ARP findings below were taken. */
function arpCheckLine(c: { asked: number; found: number; at: number }): string {
  const found = c.found === 0 ? 'nothing found' : `${c.found} finding${c.found === 1 ? '' : 's'} below`;
  return `ARP check ${timeOfDay(c.at)}: ${c.asked} VIP${c.asked === 1 ? '' : 's'} asked, ${found}`;
}

export const DoctorPane = memo(function DoctorPane(p: DoctorPaneProps) {
  const theme = useTheme();
  const room = Math.max(0, p.height - 1);
  const lines: { text: string; style?: Style }[] = [];
  const add = (text: string, style?: Style): void => {
    for (const l of wrap(text, p.width, '  ')) lines.push({ text: l, style });
  };
  if (p.arpCheck) add(arpCheckLine(p.arpCheck), theme.dim);
  const pending = p.notReadYet ?? [];
  if (pending.length > 0) add(`not read yet: ${pending.join(', ')} (looked at when read)`, theme.dim);
  if (p.error) add(`cannot check: ${p.error}`, theme.error);
  else if (!p.findings) add('looking…');
  else if (p.findings.length === 0 && !p.arpCheck)
    add(pending.length > 0 ? 'nothing found in what was read' : 'nothing found');
  const all = p.findings ?? [];
  const top = Math.max(0, Math.min(p.top ?? 0, all.length - 1));
  if (top > 0) add(`… ${top} above (↑ scrolls back)`, theme.dim);
  const findings = all.slice(top);
  const moreLine = (n: number): string => `… ${n} more: ↓ scrolls, ${p.zoomKey} shows the pane alone`;
  let shown = 0;
  for (const f of findings) {
    // The last lines say what did not fit, so a finding is never silently cut off.
    const left = findings.length - shown - 1;
    const { head, fix } = findingLines(f, p.width);
    const more = left > 0 ? wrap(moreLine(left), p.width, '  ').length : 0;
    if (lines.length + head.length + fix.length > room - more) break;
    for (const text of head) lines.push({ text, style: headStyle(theme, f) });
    for (const text of fix) lines.push({ text, style: theme.dim });
    shown++;
  }
  if (shown < findings.length) add(moreLine(findings.length - shown));
  // The doctor looks every 10 s or so; the time moves with every look, whether anything changed or not.
  const info = p.at === undefined ? '' : `checked ${timeOfDay(p.at)}`;
  return (
    <Box flexDirection="column" width={p.width} height={p.height} overflow="hidden">
      <PaneTitle pane="doctor" focused={p.focused} tabs={p.tabs} info={info} width={p.width} />
      {lines.slice(0, room).map((l, i) => (
        <Line key={i} text={clip(l.text, p.width)} style={l.style} />
      ))}
    </Box>
  );
});
