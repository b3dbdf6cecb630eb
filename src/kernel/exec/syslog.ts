/**
 * Lines to syslog through logger(1), for the monitor's own event log (not actions: those carry
 * their actor, see src/actions/audit.ts). Nothing happens where there is no syslog (/dev/log);
 * it never waits or fails.
 */
import { existsSync } from 'node:fs';
import { runSystemTool, type ToolRunner } from './systemTool.js';

export function syslogLines(tag: string, run: ToolRunner = runSystemTool): (line: string) => void {
  return (line) => {
    if (!existsSync('/dev/log')) return;
    run('logger', ['-t', tag, '-p', 'daemon.info', '--', line], 5000).catch(() => {});
  };
}
