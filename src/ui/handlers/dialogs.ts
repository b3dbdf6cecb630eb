/** Keys in a dialog or the filter being typed: Enter reviews or confirms, Esc cancels. */
import { checkInterface, parseTimeouts, parseWeightField } from '../../state/validate.js';
import type { CommandContext } from './context.js';

/** Enter in a dialog: review what was typed, or confirm by the typed word. */
export function submit(x: CommandContext): void {
  const { d } = x;
  const s = d.getState();
  if (s.filterEdit) return d.dispatch({ type: 'filterKeep' });
  const dialog = s.dialog;
  if (!dialog) return;
  switch (dialog.kind) {
    case 'confirm':
      return void (x.answeredAfterShown() && x.run(dialog.action));
    case 'typeToConfirm':
      if (!x.answeredAfterShown()) return;
      if (dialog.typed.trim() === dialog.word) return void x.run(dialog.action);
      return d.dispatch({ type: 'dialogError', message: `type "${dialog.word}" exactly, or Esc to cancel` });
    case 'timeouts': {
      const parsed = parseTimeouts(dialog.fields);
      if (!parsed.ok) return d.dispatch({ type: 'dialogError', message: parsed.message });
      return x.confirm({ kind: 'setTimeouts', timeouts: parsed.value, was: s.meta?.timeouts });
    }
    case 'client':
      return dialog.reading ? undefined : void x.lookUp(dialog.value.trim());
    case 'interface': {
      const checked = checkInterface(dialog.value, dialog.choices);
      if (!checked.ok) return d.dispatch({ type: 'dialogError', message: checked.message });
      return x.confirm({ kind: 'flushNeighbours', iface: checked.value });
    }
    case 'weight': {
      const parsed = parseWeightField(dialog.value);
      if (!parsed.ok) return d.dispatch({ type: 'dialogError', message: parsed.message });
      return x.confirmWeight({ kind: 'setWeight', ...dialog.target, weight: parsed.value });
    }
  }
}

/** `y` in a confirmation shown before this read. */
export function confirm(x: CommandContext): void {
  const dialog = x.d.getState().dialog;
  if (dialog?.kind === 'confirm' && x.answeredAfterShown()) void x.run(dialog.action);
}

/** Esc: the filter cleared, or the dialog closed with nothing changed. */
export function cancel(x: CommandContext): void {
  if (x.d.getState().filterEdit) return x.d.dispatch({ type: 'filterClear' });
  x.d.dispatch({ type: 'dialogClose' });
  x.info('cancelled: nothing was changed');
}
