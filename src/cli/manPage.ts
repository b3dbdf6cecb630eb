/**
 * ipvstop(8), generated from the same commander definitions as `--help` (npm run package writes it), so the
 * two cannot drift: every command, option and description comes from the program itself.
 */
import type { Command, Help, Option } from 'commander';
import { HELP, keyNames, SECTIONS } from '../ui/keys/bindings.js';

/** Text in roff: backslashes and hyphens escaped, and no line may start with a control character. */
function roff(text: string): string {
  return text
    .replaceAll('\\', '\\e')
    .replaceAll('-', '\\-')
    .replace(/^([.'])/gm, '\\&$1');
}

function optionItems(help: Help, cmd: Command): string[] {
  return help
    .visibleOptions(cmd)
    .filter((o: Option) => o.long !== '--help')
    .flatMap((o) => ['.TP', `.B ${roff(help.optionTerm(o))}`, roff(help.optionDescription(o))]);
}

/** Every exit status of every command (docs/reliability.md, "Exit status and errors", says the same). */
const EXIT_STATUS = [
  'Every command:',
  '.TP',
  '.B 0',
  'success.',
  '.TP',
  '.B 1',
  'the kernel or the system refused: no IPVS, no rights, \\-\\-read\\-only, an unreadable /proc file or saved\\-weights',
  'file, no such service or real server; list \\-c, list \\-\\-json and conns also when the connection table could',
  'not be read whole.',
  '.TP',
  '.B 2',
  'bad command\\-line input: an unknown command or option, a malformed value (a weight, an address, an address',
  'with a zone id), flags list refuses as ipvsadm does, the monitor without a terminal, no weight known for undrain.',
  '.TP',
  '.B drain \\-\\-wait',
  'also 3 when \\-\\-timeout came before every server was drained; 130 (SIGINT) or 143 (SIGTERM) when',
  'interrupted: the servers stay drained, and the command says how to undrain them.',
  '.TP',
  '.B list \\-\\-json \\-\\-watch',
  '0 when its reader goes away (its next write finds the pipe closed) or SIGHUP, SIGINT, SIGTERM or SIGPIPE',
  'ends it; a read that fails meanwhile is said on standard error and that document left out.',
  '.TP',
  '.B fleet',
  'its screen (on a terminal) exits 0 on q or Ctrl\\-C; the table (\\-\\-once, or no terminal) and \\-\\-json also exit 3',
  'when a host could not be read (the others are still in the table or the document).',
  '.TP',
  '.B fleet \\-\\-drift',
  '0 when the IPVS tables of all the hosts are identical, 1 when they differ (one line per difference), 3 when a',
  'host could not be read (the others are still compared and reported); 2 for bad usage, a bad \\-\\-hosts file too.',
  '.TP',
  '.B record, replay',
  'also 4 when the history store cannot be read: truncated, corrupt, foreign, or of another format version;',
  'replay \\-\\-events exits 0 when no event is in its range, printing nothing.',
  '.TP',
  '.B snapshot',
  '0 when the archive was written, parts that could not be read listed in its manifest and on standard error; 1',
  'when none was written: not root, or the file exists (never overwritten nor followed), or cannot be created.',
  '.TP',
  '.B doctor',
  'as a monitoring plugin: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN (the IPVS table could not be read).',
  '.TP',
  '.B exporter',
  'runs until SIGTERM or SIGINT, then 0; 2 for a bad web config file (refused at start, in one line); 1 when it',
  'cannot listen (the address is in use, not local, or not allowed). IPVS absent is no error: ipvs_up is 0.',
  '.TP',
  '.B lab \\-\\-command',
  "the command's own exit status; 1 when the lab itself failed (it says where), or in the single executable",
  '(the lab needs the repository); 124 when the command ran past its \\-\\-timeout and was stopped.',
];

/** The monitor's keys, from the same table as its help screen (`?`), section by section. */
function keyItems(): string[] {
  return SECTIONS.flatMap((section) => [
    `.SS ${roff(section)}`,
    ...HELP.filter((h) => h.section === section).flatMap((h) => [
      '.TP',
      `.B ${roff([...new Set(h.commands.map(keyNames))].join(' '))}`,
      roff(h.text),
    ]),
  ]);
}

/** What the single executable (which this page ships with) does with its temporary directory (see docs/reliability.md). */
const ENVIRONMENT = [
  '.TP',
  '.B TMPDIR',
  '(else TMP, TEMP, /tmp) where the single executable loads its netlink addon from, as an unnamed file, when a',
  'command first reads the kernel. Refused, in one line, unless it and every directory above it belong to root',
  'or to you and no one else may write them (sticky directories such as /tmp excepted). It must allow',
  'executables (not noexec).',
];

/** A command's arguments as the synopsis writes them: `\fIweight\fR`, `[\fIname\fR]`. */
function argumentWords(c: Command): string[] {
  return c.registeredArguments.map((a) => (a.required ? `\\fI${a.name()}\\fR` : `[\\fI${a.name()}\\fR]`));
}

/** Each argument and its description, as an option is listed. */
function argumentItems(help: Help, c: Command): string[] {
  return help
    .visibleArguments(c)
    .flatMap((a) => ['.TP', `\\fI${roff(help.argumentTerm(a))}\\fR`, roff(help.argumentDescription(a))]);
}

export function manPage(program: Command, version: string, date: string): string {
  const help = program.createHelp();
  const name = program.name();
  const lines = [
    `.TH ${name.toUpperCase()} 8 "${date}" "${name} ${version}" "System Administration"`,
    '.SH NAME',
    `${name} \\- ${roff(help.commandDescription(program))}`,
    '.SH SYNOPSIS',
    `.B ${name}`,
    `[\\fIoptions\\fR]`,
    ...help
      .visibleCommands(program)
      .flatMap((c) => ['.br', `.B ${name} ${roff(c.name())}`, ['[\\fIoptions\\fR]', ...argumentWords(c)].join(' ')]),
    '.SH DESCRIPTION',
    `Without a command, ${name} runs the monitor (below, OPTIONS).`,
    'Every error is one line on standard error, beginning with',
    `.BR "${name}:" .`,
    '.SH OPTIONS',
    ...optionItems(help, program),
    '.TP',
    '.B \\-h, \\-\\-help',
    'display help for command',
    '.SH COMMANDS',
  ];
  for (const c of help.visibleCommands(program)) {
    if (c.name() === 'help') continue;
    lines.push(
      `.SS ${name} ${roff(c.name())}`,
      roff(help.commandDescription(c)),
      ...argumentItems(help, c),
      ...optionItems(help, c),
    );
  }
  lines.push(
    '.SH KEYS',
    'In the monitor (every action first shows the exact equivalent command and waits for y):',
    ...keyItems(),
    '.SH ENVIRONMENT',
    ...ENVIRONMENT,
    '.SH EXIT STATUS',
    ...EXIT_STATUS,
    '.SH SEE ALSO',
    '.BR ipvsadm (8),',
    '.BR keepalived (8)',
  );
  return `${lines.join('\n')}\n`;
}
