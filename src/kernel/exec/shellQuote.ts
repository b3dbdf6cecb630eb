/**
 * Shell quoting for every command ipvstop shows or logs: pasted into bash, zsh or ksh, a shown
 * command runs exactly the argument list it describes, and nothing else (an interface named
 * `$(id>x)` is shown as '$(id>x)').
 *
 * Hand-written rather than the `shell-quote` package: that one backslash-escapes
 * (`\$\(id\>x\)`, hard to read in a confirmation) and passes control characters through raw,
 * where a terminal would act on them instead of showing them.
 */

/** Words made only of these need no quotes anywhere in a command line. */
const BARE = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** C0 and C1 controls, DEL, and the Unicode separators and bidi controls that reorder a line. */
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

/** One character inside $'...' (ANSI-C quoting): escapes for quotes, backslashes and the unprintable. */
function ansiC(ch: string): string {
  if (ch === '\\' || ch === "'") return `\\${ch}`;
  if (!UNPRINTABLE.test(ch)) return ch;
  const code = ch.codePointAt(0) ?? 0;
  return code < 0x80 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** `s` as one shell word: bare when safe, else in single quotes, else (unprintable characters) in $'...'. */
export function shellWord(s: string): string {
  if (BARE.test(s)) return s;
  if (!UNPRINTABLE.test(s)) return `'${s.replaceAll("'", `'\\''`)}'`;
  return `$'${Array.from(s, ansiC).join('')}'`;
}

/** An argument list as one pasteable command line. */
export function shellCommand(argv: readonly string[]): string {
  return argv.map(shellWord).join(' ');
}
