/** `ipvstop record` and `ipvstop replay` on the command line: their options and the parsers of sizes, durations and times. */
import { type Command, InvalidArgumentError, Option } from 'commander';

export const HISTORY_DIR_DEFAULT = '/var/log/ipvstop';
export const RECORD_INTERVAL_DEFAULT = 10;
const RECORD_INTERVAL_MIN = 1;
const RECORD_INTERVAL_MAX = 3600;
/** Defaults that bound the disk even when no limit is given: a week, 1 GiB. */
export const RETAIN_DEFAULT = '7d';
export const MAX_SIZE_DEFAULT = '1G';

export interface RecordFlags {
  dir: string;
  /** Seconds. */
  interval: number;
  /** ms; 0: no limit. */
  retainMs: number;
  /** Bytes; 0: no limit. */
  maxBytes: number;
  /** Count the connection table by state with each sample (`--no-conns`: not). */
  conns: boolean;
}

export interface ReplayFlags {
  dir: string;
  /** The time asked for, as typed (parsed when the command runs, against the clock then). */
  at?: string;
  json: boolean;
  /** `--events`: the events of the history (replayEvents.ts), within --since and --until as typed. */
  events: boolean;
  since?: string;
  until?: string;
}

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3600_000, d: 86_400_000 };
const UNIT_WORDS: [RegExp, string][] = [
  [/^(s|secs?|seconds?)$/, 's'],
  [/^(m|mins?|minutes?)$/, 'm'],
  [/^(h|hrs?|hours?)$/, 'h'],
  [/^(d|days?)$/, 'd'],
];

/** `90s`, `10m`, `1h30m`, `7d`, `10 minutes` as ms; undefined when it is not one. */
export function durationMs(text: string): number | undefined {
  const parts = [...text.trim().matchAll(/(\d{1,9})\s*([a-z]+)\s*/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== text.trim()) return undefined;
  let ms = 0;
  for (const [, n, word] of parts) {
    const unit = UNIT_WORDS.find(([re]) => re.test(word!))?.[1];
    if (unit === undefined) return undefined;
    ms += Number(n) * UNIT_MS[unit]!;
  }
  return ms;
}

/** `--retain`: a duration such as 36h or 7d; 0: no limit. */
export function parseRetain(text: string): number {
  const ms = text.trim() === '0' ? 0 : durationMs(text);
  if (ms === undefined || ms > 10 * 365 * UNIT_MS.d!) {
    throw new InvalidArgumentError('must be a duration such as 90m, 36h or 7d (0: no limit)');
  }
  return ms;
}

/** `--max-size`: bytes, or with K, M, G or T (powers of 1024; a trailing B or iB is allowed); 0: no limit. */
export function parseSize(text: string): number {
  const m = /^(\d{1,12})\s*([KMGT]?)(i?B)?$/i.exec(text.trim());
  const power = m ? ' KMGT'.indexOf((m[2] || ' ').toUpperCase()) : -1;
  const bytes = m ? Number(m[1]) * 1024 ** power : Number.NaN;
  if (!(bytes >= 0 && bytes <= 2 ** 50))
    throw new InvalidArgumentError('must be a size such as 500M or 2G (0: no limit)');
  if (bytes > 0 && bytes < 1024 * 1024) throw new InvalidArgumentError('must be at least 1M (or 0: no limit)');
  return bytes;
}

function parseRecordInterval(text: string): number {
  const n = Number(text);
  if (!/^\d*\.?\d+$/.test(text.trim()) || !(n >= RECORD_INTERVAL_MIN && n <= RECORD_INTERVAL_MAX)) {
    throw new InvalidArgumentError(`must be a number of seconds from ${RECORD_INTERVAL_MIN} to ${RECORD_INTERVAL_MAX}`);
  }
  return n;
}

/** Adds `record` and `replay`; each action gets its checked flags. */
export function addHistoryCommands(
  program: Command,
  record: (f: RecordFlags) => Promise<void>,
  replay: (f: ReplayFlags) => Promise<void>,
): void {
  program
    .command('record')
    .description('keep a rolling history of the IPVS table on disk (docs/history.md; root only for the default --dir)')
    .option('--dir <dir>', 'the store directory (created mode 0700)', HISTORY_DIR_DEFAULT)
    .option(
      '--interval <seconds>',
      `seconds between samples, ${RECORD_INTERVAL_MIN}-${RECORD_INTERVAL_MAX}`,
      parseRecordInterval,
      RECORD_INTERVAL_DEFAULT,
    )
    // Defaults shown as they are typed (7d, 1G), not as the numbers they parse to.
    .addOption(
      new Option('--retain <duration>', 'delete samples older than this (90m, 36h, 7d; 0: no limit)')
        .argParser(parseRetain)
        .default(parseRetain(RETAIN_DEFAULT), RETAIN_DEFAULT),
    )
    .addOption(
      new Option('--max-size <size>', 'keep the store under this size (500M, 2G; 0: no limit)')
        .argParser(parseSize)
        .default(parseSize(MAX_SIZE_DEFAULT), MAX_SIZE_DEFAULT),
    )
    .option('--no-conns', 'do not count the connection table by state with each sample (it is read whole)')
    .action(async (o: { dir: string; interval: number; retain: number; maxSize: number; conns: boolean }) =>
      record({ dir: o.dir, interval: o.interval, retainMs: o.retain, maxBytes: o.maxSize, conns: o.conns }),
    );
  program
    .command('replay')
    .description(
      'the recorded history: on a terminal, the monitor over it (at --at, the newest by default); with --at TIME --json, the `list --json` document of that moment; with --events, what changed',
    )
    .option('--dir <dir>', 'the store directory', HISTORY_DIR_DEFAULT)
    .option('--at <time>', 'the moment: -10m, 10m ago, HH:MM[:SS] (today), ISO 8601, @EPOCH')
    .option('--json', 'print the `list --json` document of the sample at or before --at; with --events, NDJSON')
    .option('--events', 'print the events of the history, oldest first, one a line')
    .option('--since <time>', 'with --events: from this time on (as --at)')
    .option('--until <time>', 'with --events: up to this time (as --at)')
    .action(async (o: { dir: string; at?: string; json?: boolean; events?: boolean; since?: string; until?: string }) =>
      replay({
        dir: o.dir,
        ...(o.at !== undefined && { at: o.at }),
        json: o.json === true,
        events: o.events === true,
        ...(o.since !== undefined && { since: o.since }),
        ...(o.until !== undefined && { until: o.until }),
      }),
    );
}
