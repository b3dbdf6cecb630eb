/** Errors the CLI turns into one line on stderr (see errorLine()) and a non-zero exit, never a stack trace. */
import { InputError } from '../errors.js';
import { STORE_EXIT, StoreError } from '../history/errors.js';

/** Bad command-line input: exit status 2. */
export class UsageError extends InputError {
  override readonly name = 'UsageError';
}

export function exitCodeFor(e: unknown): number {
  if (e instanceof StoreError) return STORE_EXIT;
  return e instanceof UsageError ? 2 : 1;
}
