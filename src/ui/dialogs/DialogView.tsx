/** The open dialog, wired to the commands; its height is reserved by the layout above the status line. */
import { useEffect } from 'react';
import type { Dialog } from '../../state/types.js';
import type { Commands } from '../commands.js';
import { PLAIN_THEME, type Theme, useTheme } from '../theme.js';
import { clientContent } from './ClientDialog.js';
import { confirmContent } from './ConfirmDialog.js';
import { type DialogContent, DialogFrame, dialogHeight } from './common.js';
import { interfaceContent } from './InterfaceDialog.js';
import { timeoutsContent } from './TimeoutsDialog.js';
import { typeToConfirmContent } from './TypeToConfirmDialog.js';
import { weightContent } from './WeightDialog.js';

/** What the dialog shows at `width`. */
function contentOf(d: Dialog, width: number, theme: Theme): DialogContent {
  switch (d.kind) {
    case 'confirm':
      return confirmContent(d);
    case 'typeToConfirm':
      return typeToConfirmContent(d, theme);
    case 'timeouts':
      return timeoutsContent(d, theme);
    case 'interface':
      return interfaceContent(d, theme);
    case 'weight':
      return weightContent(d, theme);
    case 'client':
      return clientContent({ ...d, width }, theme);
  }
}

/** Lines the dialog takes on screen at `width`: its text wrapped, never cut. */
export const dialogLines = (d: Dialog, width: number): number => dialogHeight(contentOf(d, width, PLAIN_THEME), width);

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
  return <DialogFrame {...contentOf(d, width, useTheme())} width={width} />;
}
