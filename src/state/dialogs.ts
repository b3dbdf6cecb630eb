/** Dialog edits: what is typed, Tab between fields, inline errors. Opening and submitting are the UI's (they may wait on I/O). */

import { MAX_WEIGHT } from '../domain/weight.js';
import { editLine, FILTER_MAX, type LineEdit } from './lineEdit.js';
import type { ClientLookup, Dialog, MonitorState } from './types.js';

/** Events from dialog keys. */
export type DialogEvent =
  | { type: 'dialogOpen'; dialog: Dialog }
  /** An edit of the current field: text typed (or pasted), a character deleted, the field emptied. */
  | { type: 'dialogEdit'; edit: LineEdit }
  /** Tab / Shift-Tab between the fields of the timeouts dialog. */
  | { type: 'dialogField'; dir: 1 | -1 }
  | { type: 'dialogError'; message: string }
  /** The client lookup's read started (no result) or ended (its result). */
  | { type: 'clientLookup'; result?: ClientLookup }
  | { type: 'dialogClose' };

function edit(d: Dialog, e: LineEdit): Dialog {
  switch (d.kind) {
    case 'typeToConfirm':
      return { ...d, typed: editLine(d.typed, e, 32), error: undefined };
    case 'interface':
      return { ...d, value: editLine(d.value, e, 15), error: undefined }; // IFNAMSIZ - 1
    case 'weight':
      return { ...d, value: editLine(d.value, e, String(MAX_WEIGHT).length), error: undefined };
    case 'client':
      return { ...d, value: editLine(d.value, e, FILTER_MAX), error: undefined };
    case 'timeouts': {
      const fields = [...d.fields] as [string, string, string];
      fields[d.field] = editLine(fields[d.field], e, 10);
      return { ...d, fields, error: undefined };
    }
    default:
      return d;
  }
}

export function applyDialog(state: MonitorState, e: DialogEvent): MonitorState {
  // A new dialog starts with a clean status line: the last outcome ("cancelled: nothing was changed") is not about it.
  if (e.type === 'dialogOpen')
    return { ...state, dialog: e.dialog, help: false, filterEdit: undefined, status: undefined };
  const d = state.dialog;
  if (!d) return state;
  switch (e.type) {
    case 'dialogEdit':
      return { ...state, dialog: edit(d, e.edit) };
    case 'dialogField':
      if (d.kind !== 'timeouts') return state;
      return { ...state, dialog: { ...d, field: ((d.field + e.dir + 3) % 3) as 0 | 1 | 2 } };
    case 'dialogError':
      // A confirmation has no field to blame: the message goes to the status line.
      return d.kind === 'confirm'
        ? { ...state, status: { kind: 'error', text: e.message } }
        : { ...state, dialog: { ...d, error: e.message } };
    case 'clientLookup':
      // A result for a lookup closed meanwhile is dropped.
      if (d.kind !== 'client') return state;
      return { ...state, dialog: { ...d, reading: e.result === undefined, result: e.result ?? d.result } };
    case 'dialogClose':
      return { ...state, dialog: undefined };
  }
}
