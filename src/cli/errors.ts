/** Errors the CLI turns into one line on stderr and a non-zero exit, never a stack trace. */

/** Bad command-line input: exit status 2. */
export class UsageError extends Error {}

/**
 * Control characters as escapes (`\x0a`): a message may quote what the user typed, and a
 * newline or an escape sequence in it must neither break the one line nor reach the terminal.
 */
export function printable(text: string): string {
  return text.replace(/[\x00-\x1f\x7f-\x9f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** The one line printed for an error (without the program name): a system error's first line. */
export function errorLine(e: unknown): string {
  if (e instanceof UsageError) return printable(e.message);
  if (e instanceof Error) return printable(e.message.split('\n')[0] ?? 'unknown error');
  return printable(String(e));
}

export function exitCodeFor(e: unknown): number {
  return e instanceof UsageError ? 2 : 1;
}
