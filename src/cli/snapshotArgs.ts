/** `ipvstop snapshot` on the command line (docs/snapshot.md). */
import type { Command } from 'commander';
import { HISTORY_DIR_DEFAULT } from './historyArgs.js';

export interface SnapshotFlags {
  /** The archive's path; undefined: ipvstop-snapshot-HOST-TIME.tar.gz in the current directory. */
  output?: string;
  anonymize: boolean;
  /** The recorder's store, whose last 15 minutes go into the archive when it exists. */
  historyDir: string;
}

export function defineSnapshotCommand(program: Command, action: (f: SnapshotFlags) => Promise<void>): void {
  program
    .command('snapshot')
    .description(
      'write one archive for an incident ticket: the table in every form, connections, doctor, HA, sysctls, addresses, routes, kernel log, recent history (root only; docs/snapshot.md)',
    )
    .option(
      '-o, --output <file>',
      'the archive (created mode 0600; never overwritten; default ./ipvstop-snapshot-HOST-YYYYMMDDTHHMMSSZ.tar.gz)',
    )
    .option('--anonymize', 'replace every address, MAC and host name with a consistent fake, for sharing outside')
    .option(
      '--history-dir <dir>',
      "the recorder's store (record's --dir); its last 15 minutes are taken when it exists",
      HISTORY_DIR_DEFAULT,
    )
    .action(async (o: { output?: string; anonymize?: boolean; historyDir: string }) =>
      action({
        ...(o.output !== undefined && { output: o.output }),
        anonymize: o.anonymize === true,
        historyDir: o.historyDir,
      }),
    );
}
