/** The open dialog, wired to the commands; its height is reserved by the layout above the status line. */
import { useEffect } from 'react';
import type { Dialog } from '../../state/types.js';
import type { Commands } from '../commands.js';
import { CLIENT_BODY_LINES, ClientDialog } from './ClientDialog.js';
import { ConfirmDialog, confirmBody } from './ConfirmDialog.js';
import { dialogHeight } from './common.js';
import { INTERFACE_BODY_LINES, InterfaceDialog } from './InterfaceDialog.js';
import { TIMEOUTS_BODY_LINES, TimeoutsDialog } from './TimeoutsDialog.js';
import { TYPE_TO_CONFIRM_BODY_LINES, TypeToConfirmDialog } from './TypeToConfirmDialog.js';
import { WEIGHT_BODY_LINES, WeightDialog } from './WeightDialog.js';

const BODY_LINES: Record<Exclude<Dialog['kind'], 'confirm'>, number> = {
  typeToConfirm: TYPE_TO_CONFIRM_BODY_LINES,
  timeouts: TIMEOUTS_BODY_LINES,
  interface: INTERFACE_BODY_LINES,
  weight: WEIGHT_BODY_LINES,
  client: CLIENT_BODY_LINES,
};

/** Lines the dialog takes on screen (a confirmation: one per command). */
export const dialogLines = (d: Dialog): number =>
  dialogHeight(d.kind === 'confirm' ? confirmBody(d.action, d.note).length : BODY_LINES[d.kind]);

export interface DialogViewProps {
  dialog: Dialog;
  width: number;
  /** Told when the dialog is on screen (a confirmation is armed from then on). */
  commands: Pick<Commands, 'shown'>;
}

export function DialogView({ dialog: d, width, commands: c }: DialogViewProps) {
  // Runs once the frame that shows this dialog is written (Ink writes it during the commit); again
  // when the dialog becomes another (a field's Enter opens its confirmation).
  // biome-ignore lint/correctness/useExhaustiveDependencies: d.kind is the trigger, not an input
  useEffect(() => c.shown(), [d.kind, c]);
  switch (d.kind) {
    case 'confirm':
      return <ConfirmDialog action={d.action} note={d.note} width={width} />;
    case 'typeToConfirm':
      return (
        <TypeToConfirmDialog
          width={width}
          action={d.action}
          word={d.word}
          typed={d.typed}
          error={d.error}
          counts={d.counts}
        />
      );
    case 'timeouts':
      return <TimeoutsDialog width={width} fields={d.fields} field={d.field} error={d.error} />;
    case 'interface':
      return <InterfaceDialog width={width} value={d.value} choices={d.choices} error={d.error} />;
    case 'weight':
      return <WeightDialog width={width} target={d.target} value={d.value} undrain={d.undrain} error={d.error} />;
    case 'client':
      return <ClientDialog width={width} value={d.value} error={d.error} reading={d.reading} result={d.result} />;
  }
}
