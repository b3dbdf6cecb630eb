/** Shows exactly what will happen and waits for the confirm or decline key (keys/router.ts). */
import { memo } from 'react';
import type { Action } from '../../actions/types.js';
import { actionSentence, commandLines, type DialogContent, DialogFrame, keyHints } from './common.js';

export interface ConfirmDialogProps {
  action: Action;
  note?: string;
  width: number;
}

/** The sentence, the note when there is one, and the commands. */
export const confirmBody = (action: Action, note?: string): string[] => [
  actionSentence(action),
  ...(note ? [`  ${note}`] : []),
  ...commandLines(action),
];

export const confirmContent = ({ action, note }: Omit<ConfirmDialogProps, 'width'>): DialogContent => ({
  title: 'Confirm',
  body: confirmBody(action, note),
  keys: keyHints([
    ['confirm', 'do it'],
    ['decline', 'cancel'],
  ]),
});

export const ConfirmDialog = memo(function ConfirmDialog(p: ConfirmDialogProps) {
  return <DialogFrame {...confirmContent(p)} width={p.width} />;
});
