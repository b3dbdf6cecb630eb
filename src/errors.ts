/**
 * How any failure reads to the user: one line, whatever was thrown. The CLI
 * prints it after `ipvstop: `, the monitor in its status line, actions in
 * their outcome. Errors made here say what is wrong and, from the kernel,
 * keep its errno (EPERM, ENOENT, ...) in the message.
 */

/** Bad input from the user. Its message may quote what was typed: it is shown whole, never cut at a newline. */
export class InputError extends Error {
  override readonly name: string = 'InputError';
}

/**
 * Control characters as escapes (`\x0a`): a message may quote what the user typed, and a
 * newline or an escape sequence in it must neither break the one line nor reach the terminal.
 */
export function printable(text: string): string {
  return text.replace(/[\x00-\x1f\x7f-\x9f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** An input error whole; any other error's first line (what follows is detail, e.g. a child's stderr). */
export function errorLine(e: unknown): string {
  if (!(e instanceof Error)) return printable(String(e));
  const text = e instanceof InputError ? e.message : e.message.split('\n')[0];
  return printable(text || e.name);
}
