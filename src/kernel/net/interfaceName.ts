/**
 * Interface names checked before ipvstop uses one: what Linux accepts (dev_valid_name():
 * 1 to 15 bytes, not '.' or '..', no '/', ':' or whitespace), and, since names reach tools'
 * command lines, none that starts with '-' (a tool would read it as an option) or holds
 * control characters (they would redraw the operator's terminal).
 */
import { shellWord } from '../exec/shellQuote.js';

/** Thrown for a name that cannot be an interface ipvstop acts on. */
export class InterfaceNameError extends Error {
  override readonly name = 'InterfaceNameError';
}

/** Why `name` is refused, or undefined when it is fine. */
export function interfaceNameProblem(name: string): string | undefined {
  if (name === '') return 'empty';
  if (Buffer.byteLength(name) > 15) return 'longer than 15 bytes';
  if (name === '.' || name === '..') return `'${name}' is not a name`;
  if (/[/:\s]/.test(name)) return "contains '/', ':' or whitespace";
  if (name.startsWith('-')) return "starts with '-'";
  if (/[\u0000-\u001f\u007f-\u009f]/.test(name)) return 'contains control characters';
  return undefined;
}

/** Returns `name`, or throws InterfaceNameError saying why it is refused. */
export function checkInterfaceName(name: string): string {
  const problem = interfaceNameProblem(name);
  if (problem !== undefined) throw new InterfaceNameError(`invalid interface name ${shellWord(name)}: ${problem}`);
  return name;
}
