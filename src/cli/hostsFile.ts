/**
 * `fleet --hosts FILE`: director names, one a line; blank lines and `#` comments are ignored.
 * The file is data: read up to MAX_HOSTS_FILE_BYTES (a pipe or a device too, never further),
 * at most MAX_HOSTS names, each checked as a host given on the command line is.
 */
import { hostProblem } from '../kernel/exec/sshCommand.js';
import { readFileBounded } from '../kernel/fs/boundedRead.js';
import { UsageError } from './errors.js';

export const MAX_HOSTS_FILE_BYTES = 64 * 1024;
export const MAX_HOSTS = 1000;

/** The host names of the file's text, or a UsageError naming the line. */
export function parseHostsText(text: string): string[] {
  const hosts: string[] = [];
  for (const [i, raw] of text.split('\n').entries()) {
    const line = raw.replace(/#.*/, '').trim();
    if (line === '') continue;
    const problem = hostProblem(line);
    if (problem !== undefined) throw new UsageError(`line ${i + 1}: host '${line}': ${problem}`);
    if (hosts.length === MAX_HOSTS) throw new UsageError(`more than ${MAX_HOSTS} hosts`);
    hosts.push(line);
  }
  return hosts;
}

/** The usual reasons a file cannot be read, in words; others keep their code (EIO...). */
const OPEN_ERRORS: Record<string, string> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EISDIR: 'a directory, not a file',
};

/** Reads and checks the file; every failure is one UsageError naming the file. */
export function readHostsFile(file: string): string[] {
  try {
    return parseHostsText(readFileBounded(file, MAX_HOSTS_FILE_BYTES).toString('utf8'));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? '';
    const why = e instanceof UsageError ? e.message : (OPEN_ERRORS[code] ?? (code || (e as Error).message));
    throw new UsageError(`--hosts ${file}: ${why}`);
  }
}
