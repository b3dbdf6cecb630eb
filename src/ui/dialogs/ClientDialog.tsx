/**
 * `c`: an address or prefix, then every entry of that client across services and, per
 * persistent service, the real server its template pins it to and for how long, or that it
 * is not pinned (a new connection is scheduled afresh).
 */
import { memo } from 'react';
import { plural, serviceLabel } from '../../domain/labels.js';
import { endpoint } from '../../domain/names.js';
import { formatPrefix } from '../../domain/prefix.js';
import type { ConnRow } from '../../kernel/proc/types.js';
import type { ClientLookup } from '../../state/types.js';
import { wrap } from '../format/text.js';
import type { Segment } from '../Line.js';
import { type Theme, useTheme } from '../theme.js';
import { type BodyLine, type DialogContent, DialogFrame, keyHints } from './common.js';

export interface ClientDialogProps {
  value: string;
  error?: string;
  reading: boolean;
  result?: ClientLookup;
  width: number;
}

/** Input, status, then pins, unpinned services and entries as far as they fit. */
export const CLIENT_BODY_LINES = 9;

const two = (n: number): string => String(n).padStart(2, '0');
/** Seconds as ipvsadm -Lcn shows an expiry: mm:ss. */
export const mmss = (s: number): string => `${two(Math.floor(s / 60))}:${two(s % 60)}`;

const server = (r: ConnRow): string => endpoint(r.destAf, r.destAddress, r.destPort);

function entryLine(r: ConnRow): string {
  const client = endpoint(r.af, r.clientAddress, r.clientPort);
  const virtual = endpoint(r.af, r.virtualAddress, r.virtualPort);
  return `  ${r.protocol.padEnd(4)} ${mmss(r.expires)} ${r.state.padEnd(11)} ${client} -> ${virtual} -> ${server(r)}`;
}

/** The answer as lines: pins first (the question asked most), then what is not pinned, then the entries. */
export function lookupLines(r: ClientLookup): string[] {
  const pins = r.pins.map(
    (p) =>
      `  pinned     ${serviceLabel(p.service)} -> ${server(p.template)} for ${mmss(p.template.expires)}` +
      ` (template ${p.template.clientAddress}, ${p.template.state})`,
  );
  const unpinned = r.unpinned.length
    ? [`  not pinned ${r.unpinned.map(serviceLabel).join(', ')}: scheduled afresh`]
    : [];
  return [...pins, ...unpinned, ...r.entries.map(entryLine)];
}

function status(p: ClientDialogProps): string {
  if (p.reading) return '  reading /proc/net/ip_vs_conn…';
  const r = p.result;
  if (!r) return '  IPv4 or IPv6 address, or ADDRESS/LENGTH; Enter looks it up';
  const held = r.complete ? '' : ` (first ${r.entries.length + r.pins.length} shown)`;
  const cut = r.truncated ? `; read cut short (${r.truncated}): partial` : '';
  return `  ${formatPrefix(r.prefix)}: ${r.matched} ${plural(r.matched, 'entry', 'entries')}, ${r.pins.length} ${plural(r.pins.length, 'template')}${held}${cut}`;
}

/** The answer's lines in `room` lines of `width`: each wrapped whole, then how many more there are. */
function answerLines(found: readonly string[], room: number, width: number): string[] {
  const wrapped = found.map((l) => wrap(l, width, '      '));
  const out: string[] = [];
  for (const [i, lines] of wrapped.entries()) {
    const more = i < wrapped.length - 1 ? 1 : 0;
    if (out.length + lines.length + more > room) return [...out, `  … ${wrapped.length - i} more`];
    out.push(...lines);
  }
  return out;
}

export function clientContent(p: ClientDialogProps, theme: Theme): DialogContent {
  const found = p.result && !p.reading ? lookupLines(p.result) : [];
  const input: Segment[] = [{ text: '  Client: ' }, { text: `${p.value}_`, style: theme.selected }];
  const body: BodyLine[] = [
    input,
    p.error ? [{ text: `  ${p.error}`, style: theme.error }] : status(p),
    ...answerLines(found, CLIENT_BODY_LINES - 2, p.width),
  ];
  while (body.length < CLIENT_BODY_LINES) body.push('');
  return {
    title: 'Client lookup',
    body,
    keys: keyHints([
      ['submit', 'look up'],
      ['cancel', 'close'],
    ]),
  };
}

export const ClientDialog = memo(function ClientDialog(p: ClientDialogProps) {
  return <DialogFrame {...clientContent(p, useTheme())} width={p.width} />;
});
