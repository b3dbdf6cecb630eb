/** `f`: which interface's neighbour table to flush; the name must exist. */
import { memo } from 'react';
import { describeAction } from '../../actions/describe.js';
import { type Theme, useTheme } from '../theme.js';
import { type DialogContent, DialogFrame, keyHints } from './common.js';

export interface InterfaceDialogProps {
  value: string;
  choices: readonly string[];
  error?: string;
  width: number;
}

export function interfaceContent(p: Omit<InterfaceDialogProps, 'width'>, theme: Theme): DialogContent {
  const known = p.choices.includes(p.value.trim());
  const body = [
    [
      { text: '  Interface: ' },
      { text: `${p.value}_`, style: theme.selected },
      { text: `   (have: ${p.choices.join(' ')})`, style: theme.dim },
    ],
    // Checked on Enter, not while typed: a name half typed is not an error.
    known ? `  $ ${describeAction({ kind: 'flushNeighbours', iface: p.value.trim() })}` : '',
    p.error ? [{ text: `  ${p.error}`, style: theme.error }] : '',
  ];
  return {
    title: 'Flush ARP',
    body,
    keys: keyHints([
      ['submit', 'review'],
      ['cancel', 'cancel'],
    ]),
  };
}

export const InterfaceDialog = memo(function InterfaceDialog(p: InterfaceDialogProps) {
  return <DialogFrame {...interfaceContent(p, useTheme())} width={p.width} />;
});
