/**
 * How any failure reads to the user: one line, whatever was thrown. The CLI
 * prints it after `ipvstop: `, the monitor in its status line, actions in
 * their outcome. Errors made here say what is wrong and, from the kernel,
 * keep its errno (EPERM, ENOENT, ...) in the message.
 */
export function errorLine(e: unknown): string {
  if (e instanceof Error) return e.message.split('\n')[0] || e.name;
  return String(e);
}
