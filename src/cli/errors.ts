/** Errors the CLI turns into one line on stderr and a non-zero exit, never a stack trace. */

/** Bad command-line input: exit status 2. */
export class UsageError extends Error {}

/** The one line printed for an error (without the program name). */
export function errorLine(e: unknown): string {
  if (e instanceof Error) return e.message.split('\n')[0] ?? 'unknown error';
  return String(e);
}

export function exitCodeFor(e: unknown): number {
  return e instanceof UsageError ? 2 : 1;
}
