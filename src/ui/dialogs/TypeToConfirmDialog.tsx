/** For what cannot be undone (`C`): confirmed only by typing the word and Enter; a bare `y` is just a letter. */
import { memo } from 'react';
import type { Action } from '../../actions/types.js';
import type { TableCounts } from '../../state/types.js';
import { type Theme, useTheme } from '../theme.js';
import { actionSentence, commandLine, type DialogContent, DialogFrame, keyHints } from './common.js';

export interface TypeToConfirmDialogProps {
  action: Action;
  word: string;
  typed: string;
  error?: string;
  /** What `C` would delete, as last read: named in the first line. */
  counts?: TableCounts;
  width: number;
}

/** `Delete all 4 virtual services and their 12 real servers.` (`12+` when not all were read). */
export function deletionSentence(c: TableCounts): string {
  const plural = (n: number, what: string): string => `${n} ${what}${n === 1 ? '' : 's'}`;
  const dests = `${c.dests}${c.destsComplete ? '' : '+'} real server${c.dests === 1 && c.destsComplete ? '' : 's'}`;
  return `Delete all ${plural(c.services, 'virtual service')} and their ${dests}. Traffic to them stops.`;
}

export function typeToConfirmContent(p: Omit<TypeToConfirmDialogProps, 'width'>, theme: Theme): DialogContent {
  const body = [
    p.action.kind === 'clearTable' && p.counts ? deletionSentence(p.counts) : actionSentence(p.action),
    commandLine(p.action),
    [{ text: `  Type ${p.word} and Enter to confirm: ` }, { text: `${p.typed}_`, style: theme.selected }],
    p.error ? [{ text: `  ${p.error}`, style: theme.error }] : '',
  ];
  return {
    title: 'Confirm by typing',
    body,
    keys: keyHints([
      ['submit', 'confirm'],
      ['cancel', 'cancel'],
    ]),
  };
}

export const TypeToConfirmDialog = memo(function TypeToConfirmDialog(p: TypeToConfirmDialogProps) {
  return <DialogFrame {...typeToConfirmContent(p, useTheme())} width={p.width} />;
});
