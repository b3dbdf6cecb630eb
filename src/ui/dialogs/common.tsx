/** What every dialog shares: a frame of lines, the sentence and command of an action, text-field keys. */

import { Box } from 'ink';
import { memo } from 'react';
import { actionCommands, describeAction, GARP_COUNT } from '../../actions/describe.js';
import type { Action } from '../../actions/types.js';
import { plural, serviceLabel } from '../../ipvs/labels.js';
import { endpoint } from '../../ipvs/names.js';
import { PROBE_COUNT } from '../../kernel/arp/probe.js';
import type { Destination, ServiceId } from '../../kernel/ipvs/types.js';
import { clip } from '../format/text.js';
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

/** Lines a dialog takes: title, its body lines, and one for keys. */
export const dialogHeight = (bodyLines: number): number => bodyLines + 2;

export interface DialogFrameProps {
  title: string;
  width: number;
  body: readonly (string | Segment[])[];
  keys: string;
}

export const DialogFrame = memo(function DialogFrame({ title, width, body, keys }: DialogFrameProps) {
  const theme = useTheme();
  // Exactly the width: a longer rule would be clipped with an ellipsis.
  const head = `── ${title} `;
  const rule = head + '─'.repeat(Math.max(0, width - head.length));
  return (
    <Box flexDirection="column" width={width} height={dialogHeight(body.length)}>
      <Line text={clip(rule, width)} style={theme.dialog} />
      {body.map((l, i) =>
        typeof l === 'string' ? (
          <Line key={i} text={clip(l, width)} />
        ) : (
          <Segments key={i} parts={fitSegments(l, width)} />
        ),
      )}
      <Line text={clip(keys, width)} style={theme.columns} />
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
