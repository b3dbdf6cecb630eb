/** Shows exactly what will happen and waits: `y` confirms, `n` or Esc cancels. */
import { memo } from 'react';
import { useInput } from 'ink';
import type { Action } from '../../actions/types.js';
import { actionSentence, commandLine, DialogFrame } from './common.js';

export interface ConfirmDialogProps {
  action: Action;
  width: number;
  onConfirm: () => void;
  onCancel: () => void;
  onQuit: () => void;
}

export const CONFIRM_BODY_LINES = 2;

export const ConfirmDialog = memo(function ConfirmDialog({ action, width, onConfirm, onCancel, onQuit }: ConfirmDialogProps) {
  useInput((input, key) => {
    if (key.ctrl && input === 'c') onQuit();
    else if (input === 'y' || input === 'Y') onConfirm();
    else if (input === 'n' || input === 'N' || key.escape) onCancel();
  });
  return <DialogFrame title="Confirm" width={width} body={[actionSentence(action), commandLine(action)]} keys="  y: do it    n / Esc: cancel" />;
});
