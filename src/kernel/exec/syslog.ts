/**
 * Lines to syslog through logger(1): the one writer for the monitor's own event log and for the
 * audit of actions (src/actions/audit.ts adds who acts). Nothing happens where there is no syslog
 * (/dev/log); it never waits or fails.
 */
import { existsSync } from 'node:fs';
import { runSystemTool, type ToolRunner } from './systemTool.js';

/** `tag` as logger's -t; `priority` as its -p (facility.level); `hasSyslog` for tests. */
export function syslogLines(
  tag: string,
  run: ToolRunner = runSystemTool,
  priority = 'daemon.info',
  hasSyslog = (): boolean => existsSync('/dev/log'),
): (line: string) => void {
  return (line) => {
    if (!hasSyslog()) return;
    run('logger', ['-t', tag, '-p', priority, '--', line], 5000).catch(() => {});
  };
}
