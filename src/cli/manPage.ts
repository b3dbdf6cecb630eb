/**
 * ipvstop(8), generated from the same commander definitions as `--help` (npm run package writes it), so the
 * two cannot drift: every command, option and description comes from the program itself.
 */
import type { Command, Help, Option } from 'commander';

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

const EXIT_STATUS = [
  '.TP',
  '.B 0',
  'success.',
  '.TP',
  '.B 1',
  'the kernel or the system refused (no IPVS, no rights, an unreadable /proc file, no such service);',
  'list \\-c and list \\-\\-json also when the connection table could not be read whole.',
  '.TP',
  '.B 2',
  'bad command\\-line input (an unknown or malformed option, flags list refuses as ipvsadm does,',
  'the monitor without a terminal).',
  '.TP',
  '.B 124',
  'lab \\-\\-command ran past its \\-\\-timeout and was stopped.',
];

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
    ...help.visibleCommands(program).flatMap((c) => ['.br', `.B ${name} ${roff(c.name())}`, '[\\fIoptions\\fR]']),
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
    lines.push(`.SS ${name} ${roff(c.name())}`, roff(help.commandDescription(c)), ...optionItems(help, c));
  }
  lines.push('.SH EXIT STATUS', ...EXIT_STATUS, '.SH SEE ALSO', '.BR ipvsadm (8),', '.BR keepalived (8)');
  return `${lines.join('\n')}\n`;
}
