/** What every dialog shares: a frame of lines, the sentence and command of an action, text-field keys. */

import { Box } from 'ink';
import { memo } from 'react';
import { actionCommands, describeAction, GARP_COUNT } from '../../actions/describe.js';
import type { Action } from '../../actions/types.js';
import { plural, serviceLabel } from '../../domain/labels.js';
import { endpoint } from '../../domain/names.js';
import { PROBE_COUNT } from '../../kernel/arp/probe.js';
import type { Destination, ServiceId } from '../../kernel/ipvs/types.js';
import { clip, wrap } from '../format/text.js';
import { type Command, keyNames } from '../keys/bindings.js';
import { fitSegments, Line, type Segment, Segments } from '../Line.js';
import { useTheme } from '../theme.js';

/** What an action does, in words, next to the exact command. */
export function actionSentence(a: Action): string {
  switch (a.kind) {
    case 'zeroService':
      return `Zero the counters of ${serviceLabel(a.service)} and its real servers.`;
    case 'zeroAll':
      return 'Zero ALL counters: every service, every real server, the totals.';
    case 'clearTable':
      return 'Delete EVERY virtual service and real server. Traffic to them stops.';
    case 'setTimeouts': {
      const t = a.timeouts;
      if (!a.was)
        return `Set connection timeouts: tcp ${t.tcp} s, tcpfin ${t.tcpFin} s, udp ${t.udp} s (0 keeps the current value).`;
      const was = a.was;
      const one = (name: string, from: number, to: number): string =>
        to === 0 || to === from ? `${name} ${from} s (kept)` : `${name} ${from} -> ${to} s`;
      return `Set connection timeouts: ${one('tcp', was.tcp, t.tcp)}, ${one('tcpfin', was.tcpFin, t.tcpFin)}, ${one('udp', was.udp, t.udp)}.`;
    }
    case 'flushNeighbours':
      return `Flush the neighbour (ARP/NDP) table of ${a.iface}.`;
    case 'gratuitousArp':
      return `Send ${GARP_COUNT} gratuitous ARP for ${a.address} on ${a.iface}.`;
    case 'setWeight':
      return weightSentence(a.dest, a.weight, a.service);
    case 'arpProbe': {
      const n = a.targets.length;
      return `Ask who answers ARP for ${n} VIP${n === 1 ? '' : 's'}: ${PROBE_COUNT} requests each, on the wire.`;
    }
    case 'setWeights': {
      const first = a.steps[0]?.dest;
      const where = first ? endpoint(first.af, first.address, first.port).replace(/:\d+$/, '') : '';
      return `Drain ${where} in all ${a.steps.length} ${plural(a.steps.length, 'service')} it is in: no new connections; existing ones stay.`;
    }
  }
}

function weightSentence(d: Destination, weight: number, service: ServiceId): string {
  const server = `${endpoint(d.af, d.address, d.port)} in ${serviceLabel(service)}`;
  if (weight === 0) return `Drain ${server}: weight ${d.weight} -> 0, no new connections; existing ones stay.`;
  if (d.weight === 0) return `Undrain ${server}: weight 0 -> ${weight}, new connections again.`;
  return `Set the weight of ${server}: ${d.weight} -> ${weight}.`;
}

export const commandLine = (a: Action): string => `  $ ${describeAction(a)}`;

/** Most commands a confirmation lists one per line; more are counted on one line. */
const MAX_COMMAND_LINES = 6;

/** One line per command of the action (`D` has one per service). */
export function commandLines(a: Action): string[] {
  const all = actionCommands(a).map((c) => `  $ ${c}`);
  if (all.length <= MAX_COMMAND_LINES) return all;
  return [...all.slice(0, MAX_COMMAND_LINES - 1), `  ... and ${all.length - MAX_COMMAND_LINES + 1} more (each logged)`];
}

/** A line of a dialog's body: plain, or in styled segments. */
export type BodyLine = string | Segment[];

/** What a dialog shows: its title, its body, and the keys that answer it. */
export interface DialogContent {
  title: string;
  body: readonly BodyLine[];
  keys: string;
}

/** Where a line's text starts: its continuation lines start two further in. */
const continuation = (text: string): string => ' '.repeat(/^ */.exec(text)![0].length + 2);

/** Segments wrapped as wrap() wraps their text, each piece keeping its segment's style. */
export function wrapSegments(parts: readonly Segment[], w: number): Segment[][] {
  const text = parts.map((p) => p.text).join('');
  const styles = parts.flatMap((p) => [...p.text].map(() => p.style));
  const chars = [...text];
  const indent = continuation(text);
  let at = 0;
  return wrap(text, w, indent).map((line, i) => {
    const lead = i === 0 ? '' : indent;
    const own = [...line.slice(lead.length)];
    // wrap() drops the spaces where it breaks a line.
    while (chars[at] === ' ' && own[0] !== ' ') at++;
    const out: Segment[] = lead ? [{ text: lead }] : [];
    for (const c of own) {
      const style = styles[at++];
      const last = out.at(-1);
      if (last && last.style === style) last.text += c;
      else out.push({ text: c, style });
    }
    return out;
  });
}

/** A command too long for a line, each line but the last ending in ` \`: pasted, it is still one command. */
function wrapCommand(line: string, width: number): string[] {
  const lines = wrap(line, width - 2, continuation(line));
  return lines.map((l, i) => (i < lines.length - 1 ? `${l} \\` : l));
}

/** The lines a dialog's body takes at `width`: every line wrapped, never cut. */
export function wrapBody(body: readonly BodyLine[], width: number): BodyLine[] {
  return body.flatMap((l): BodyLine[] => {
    if (typeof l !== 'string') return wrapSegments(l, width);
    return /^ *\$ /.test(l) ? wrapCommand(l, width) : wrap(l, width, continuation(l));
  });
}

/** Lines a dialog takes at `width`: its title, its body and its keys, wrapped. */
export const dialogHeight = (c: DialogContent, width: number): number =>
  1 + wrapBody(c.body, width).length + wrap(c.keys, width, continuation(c.keys)).length;

export interface DialogFrameProps extends DialogContent {
  width: number;
}

export const DialogFrame = memo(function DialogFrame({ title, width, body, keys }: DialogFrameProps) {
  const theme = useTheme();
  // Exactly the width: a longer rule would be clipped with an ellipsis.
  const head = `── ${title} `;
  const rule = head + '─'.repeat(Math.max(0, width - head.length));
  const lines = wrapBody(body, width);
  const keyLines = wrap(keys, width, continuation(keys));
  return (
    <Box flexDirection="column" width={width} height={1 + lines.length + keyLines.length}>
      <Line text={clip(rule, width)} style={theme.dialog} />
      {lines.map((l, i) =>
        typeof l === 'string' ? (
          <Line key={i} text={clip(l, width)} />
        ) : (
          <Segments key={i} parts={fitSegments(l, width)} />
        ),
      )}
      {keyLines.map((l, i) => (
        <Line key={`k${i}`} text={clip(l, width)} style={theme.columns} />
      ))}
    </Box>
  );
});

/**
 * `  y: do it    n / Esc: cancel`, from the key map. A capital letter bound beside its small
 * one (y and Y) is not named twice.
 */
export function keyHints(hints: readonly [Command, string][]): string {
  return `  ${hints.map(([c, what]) => `${keyNames(c).split(' ').join(' / ')}: ${what}`).join('    ')}`;
}
