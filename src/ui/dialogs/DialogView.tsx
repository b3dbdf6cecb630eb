/** The open dialog, wired to the commands; its height is reserved by the layout above the status line. */
import { useEffect } from 'react';
import type { Dialog } from '../../state/model.js';
import type { Commands } from '../commands.js';
import { dialogHeight } from './common.js';
import { ConfirmDialog, CONFIRM_BODY_LINES } from './ConfirmDialog.js';
import { InterfaceDialog, INTERFACE_BODY_LINES } from './InterfaceDialog.js';
import { TimeoutsDialog, TIMEOUTS_BODY_LINES } from './TimeoutsDialog.js';
import { TypeToConfirmDialog, TYPE_TO_CONFIRM_BODY_LINES } from './TypeToConfirmDialog.js';

const BODY_LINES: Record<Dialog['kind'], number> = {
  confirm: CONFIRM_BODY_LINES,
  typeToConfirm: TYPE_TO_CONFIRM_BODY_LINES,
  timeouts: TIMEOUTS_BODY_LINES,
  interface: INTERFACE_BODY_LINES,
};

/** Lines the dialog takes on screen. */
export const dialogLines = (d: Dialog): number => dialogHeight(BODY_LINES[d.kind]);

export interface DialogViewProps {
  dialog: Dialog;
  width: number;
  /** Told when the dialog is on screen (a confirmation is armed from then on). */
  commands: Pick<Commands, 'shown'>;
}

export function DialogView({ dialog: d, width, commands: c }: DialogViewProps) {
  // Runs once the frame that shows this dialog is written (Ink writes it during the commit).
  useEffect(() => c.shown(), [d.kind, c]);
  switch (d.kind) {
    case 'confirm':
      return <ConfirmDialog action={d.action} width={width} />;
    case 'typeToConfirm':
      return <TypeToConfirmDialog width={width} action={d.action} word={d.word} typed={d.typed} error={d.error} />;
    case 'timeouts':
      return <TimeoutsDialog width={width} fields={d.fields} field={d.field} error={d.error} />;
    case 'interface':
      return <InterfaceDialog width={width} value={d.value} choices={d.choices} error={d.error} />;
  }
}
