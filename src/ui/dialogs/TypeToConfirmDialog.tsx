/** For what cannot be undone (`C`): confirmed only by typing the word and Enter; a bare `y` is just a letter. */
import { memo } from 'react';
import type { Action } from '../../actions/types.js';
import { useTheme } from '../theme.js';
import { actionSentence, commandLine, DialogFrame, keyHints } from './common.js';

export interface TypeToConfirmDialogProps {
  action: Action;
  word: string;
  typed: string;
  error?: string;
  width: number;
}

export const TYPE_TO_CONFIRM_BODY_LINES = 4;

export const TypeToConfirmDialog = memo(function TypeToConfirmDialog(p: TypeToConfirmDialogProps) {
  const theme = useTheme();
  const body = [
    actionSentence(p.action),
    commandLine(p.action),
    [{ text: `  Type ${p.word} and Enter to confirm: ` }, { text: `${p.typed}_`, style: theme.selected }],
    p.error ? [{ text: `  ${p.error}`, style: theme.error }] : '',
  ];
  return <DialogFrame title="Confirm by typing" width={p.width} body={body} keys={keyHints([['submit', 'confirm'], ['cancel', 'cancel']])} />;
});
