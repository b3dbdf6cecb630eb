/** The focused list pane's keys: only the focused pane listens (useInput isActive). */
import { useInput } from 'ink';
import { LIST_COMMANDS, type Command } from '../keys/bindings.js';
import { eachKey, matchCommand } from '../keys/match.js';

export function useListKeys(onCommand: ((c: Command) => void) | undefined, active: boolean, among: readonly Command[] = LIST_COMMANDS): void {
  useInput(
    (input, key) => eachKey(input, key, (one, k) => {
      const c = matchCommand(one, k, among);
      if (c && onCommand) onCommand(c);
    }),
    { isActive: active && onCommand !== undefined },
  );
}
