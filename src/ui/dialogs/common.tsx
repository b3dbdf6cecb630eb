/** What every dialog shares: a frame of lines, the sentence and command of an action, text-field keys. */
import { memo } from 'react';
import { Box, useInput } from 'ink';
import type { Action } from '../../actions/types.js';
import { describeAction, GARP_COUNT } from '../../actions/describe.js';
import { serviceLabel } from '../../ipvs/labels.js';
import { clip } from '../format/text.js';
import { fitSegments, Line, Segments, type Segment } from '../Line.js';
import { useTheme } from '../theme.js';
import { typedOps } from '../keys/typed.js';

/** What an action does, in words, next to the exact command. */
export function actionSentence(a: Action): string {
  switch (a.kind) {
    case 'zeroService':
      return `Zero the counters of ${serviceLabel(a.service)} and its real servers.`;
    case 'zeroAll':
      return 'Zero ALL counters: every service, every real server, the totals.';
    case 'clearTable':
      return 'Delete EVERY virtual service and real server. Traffic to them stops.';
    case 'setTimeouts':
      return `Set connection timeouts: tcp ${a.timeouts.tcp} s, tcpfin ${a.timeouts.tcpFin} s, udp ${a.timeouts.udp} s (0 keeps the current value).`;
    case 'flushNeighbours':
      return `Flush the neighbour (ARP/NDP) table of ${a.iface}.`;
    case 'gratuitousArp':
      return `Send ${GARP_COUNT} gratuitous ARP for ${a.address} on ${a.iface}.`;
  }
}

export const commandLine = (a: Action): string => `  $ ${describeAction(a)}`;

/** Lines a dialog takes: title, its body lines, and one for keys. */
export const dialogHeight = (bodyLines: number): number => bodyLines + 2;

export interface DialogFrameProps {
  title: string;
  width: number;
  body: readonly (string | Segment[])[];
  keys: string;
}

export const DialogFrame = memo(function DialogFrame({ title, width, body, keys }: DialogFrameProps) {
  const theme = useTheme();
  // Exactly the width: a longer rule would be clipped with an ellipsis.
  const head = `── ${title} `;
  const rule = head + '─'.repeat(Math.max(0, width - head.length));
  return (
    <Box flexDirection="column" width={width} height={dialogHeight(body.length)}>
      <Line text={clip(rule, width)} style={theme.dialog} />
      {body.map((l, i) => (typeof l === 'string' ? <Line key={i} text={clip(l, width)} /> : <Segments key={i} parts={fitSegments(l, width)} />))}
      <Line text={clip(keys, width)} style={theme.columns} />
    </Box>
  );
});

/** Callbacks of a dialog with a text field. */
export interface TextFieldHandlers {
  onInput: (text: string) => void;
  onBackspace: () => void;
  onSubmit: () => void;
  onCancel: () => void;
  onQuit: () => void;
  onTab?: (dir: 1 | -1) => void;
}

/** Keys of a text field: everything printable is text (so `y` and `q` are letters here, not commands). */
export function useTextField(h: TextFieldHandlers): void {
  useInput((input, key) => {
    if (key.ctrl && input === 'c') h.onQuit();
    else if (key.escape) h.onCancel();
    else if (key.return) h.onSubmit();
    else if (key.tab) h.onTab?.(key.shift ? -1 : 1);
    // Most terminals send DEL (Ink: delete) for the Backspace key.
    else if (key.backspace || key.delete) h.onBackspace();
    else if (!key.ctrl && !key.meta && input) {
      for (const op of typedOps(input)) {
        if (op.kind === 'text') h.onInput(op.text);
        else if (op.kind === 'backspace') h.onBackspace();
        else h.onSubmit();
      }
    }
  });
}
