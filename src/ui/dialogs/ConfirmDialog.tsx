/** Shows exactly what will happen and waits for the confirm or decline key (keys/router.ts). */
import { memo } from 'react';
import type { Action } from '../../actions/types.js';
import { actionSentence, commandLine, DialogFrame, keyHints } from './common.js';

export interface ConfirmDialogProps {
  action: Action;
  width: number;
}

export const CONFIRM_BODY_LINES = 2;

export const ConfirmDialog = memo(function ConfirmDialog({ action, width }: ConfirmDialogProps) {
  return (
    <DialogFrame
      title="Confirm"
      width={width}
      body={[actionSentence(action), commandLine(action)]}
      keys={keyHints([
        ['confirm', 'do it'],
        ['decline', 'cancel'],
      ])}
    />
  );
});
