/** 5 Doctor: the doctor's findings, worst first: severity, where, what; then the fix, dimmed. */

import { Box } from 'ink';
import { memo } from 'react';
import type { Finding } from '../../doctor/types.js';
import { clip } from '../format/text.js';
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

/** Two lines a finding: `CRIT where: what  [rule]`, then `     fix: remedy`. */
export function findingLines(f: Finding): [string, string] {
  return [`${LABEL[f.severity]} ${f.where}: ${f.what}  [${f.ruleId}]`, `     fix: ${f.remedy}`];
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
  if (p.arpCheck) lines.push({ text: arpCheckLine(p.arpCheck), style: theme.dim });
  const pending = p.notReadYet ?? [];
  if (pending.length > 0)
    lines.push({ text: `not read yet: ${pending.join(', ')} (looked at when read)`, style: theme.dim });
  if (p.error) lines.push({ text: `cannot check: ${p.error}`, style: theme.error });
  else if (!p.findings) lines.push({ text: 'looking…' });
  else if (p.findings.length === 0 && !p.arpCheck)
    lines.push({ text: pending.length > 0 ? 'nothing found in what was read' : 'nothing found' });
  const all = p.findings ?? [];
  const top = Math.max(0, Math.min(p.top ?? 0, all.length - 1));
  if (top > 0) lines.push({ text: `… ${top} above (↑ scrolls back)`, style: theme.dim });
  const findings = all.slice(top);
  let shown = 0;
  for (const f of findings) {
    // The last line says what did not fit, so a finding is never silently cut off.
    const left = findings.length - shown - 1;
    if (lines.length + 2 > room - (left > 0 ? 1 : 0)) break;
    const [head, fix] = findingLines(f);
    lines.push({ text: head, style: headStyle(theme, f) }, { text: fix, style: theme.dim });
    shown++;
  }
  if (shown < findings.length)
    lines.push({ text: `… ${findings.length - shown} more: ↓ scrolls, ${p.zoomKey} shows the pane alone` });
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
