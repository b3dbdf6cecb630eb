/** `t`: the tcp, tcpfin and udp timeouts, prefilled, Tab between fields, validated as typed. */
import { memo } from 'react';
import { describeAction } from '../../actions/describe.js';
import { parseTimeouts, TIMEOUT_FIELDS, TIMEOUT_MAX_S } from '../../state/validate.js';
import type { Segment } from '../Line.js';
import { type Theme, useTheme } from '../theme.js';
import { type DialogContent, DialogFrame, keyHints } from './common.js';

export interface TimeoutsDialogProps {
  fields: readonly [string, string, string];
  field: 0 | 1 | 2;
  /** An error from the last Enter. */
  error?: string;
  width: number;
}

export function timeoutsContent(p: Omit<TimeoutsDialogProps, 'width'>, theme: Theme): DialogContent {
  const parsed = parseTimeouts(p.fields);
  const inputs: Segment[] = [{ text: ' ' }];
  TIMEOUT_FIELDS.forEach((name, i) => {
    const on = i === p.field;
    inputs.push(
      { text: ` ${name} ` },
      { text: on ? `[${p.fields[i]}_]` : ` ${p.fields[i]} `, style: on ? theme.selected : undefined },
    );
  });
  const verdict: Segment[] = parsed.ok
    ? [{ text: `  $ ${describeAction({ kind: 'setTimeouts', timeouts: parsed.value })}` }]
    : [{ text: `  ${parsed.message}`, style: theme.error }];
  const body = [
    `  Whole seconds, 0 keeps the current value, at most ${TIMEOUT_MAX_S}.`,
    inputs,
    verdict,
    // The error of the last Enter, unless the line above already says it.
    p.error && !(!parsed.ok && parsed.message === p.error) ? [{ text: `  ${p.error}`, style: theme.error }] : '',
  ];
  return {
    title: 'Set timeouts',
    body,
    keys: keyHints([
      ['submit', 'review'],
      ['nextField', 'next field'],
      ['cancel', 'cancel'],
    ]),
  };
}

export const TimeoutsDialog = memo(function TimeoutsDialog(p: TimeoutsDialogProps) {
  return <DialogFrame {...timeoutsContent(p, useTheme())} width={p.width} />;
});
