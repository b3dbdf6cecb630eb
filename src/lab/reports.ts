/**
 * What guest scripts tell the host through the kernel console: a line
 * `ipvstop-lab: TEXT` on /dev/console (progress steps, soak samples). The rest
 * of the console is the kernel's and the setup's chatter, kept for when a boot fails.
 */

/** Written by the guest scripts (src/lab/guest/*.sh) before each report line. */
export const REPORT_PREFIX = 'ipvstop-lab: ';

/** Feeds console chunks in; calls `onReport` with the text of each whole report line. */
export function reportScanner(onReport: (text: string) => void): (chunk: string) => void {
  let partial = '';
  return (chunk) => {
    const lines = (partial + chunk).split('\n');
    partial = lines.pop() ?? '';
    for (const raw of lines) {
      // The console is a tty: lines end in \r\n, and a kernel message may start on the same line.
      const line = raw.replace(/\r$/, '');
      const at = line.indexOf(REPORT_PREFIX);
      if (at >= 0) onReport(line.slice(at + REPORT_PREFIX.length));
    }
  };
}

/** A panic's stack words and call trace: long, and says less than the lines before it. */
const TRACE_LINE = /^\s*(\[<[0-9a-f]+>\]|([0-9a-f]{8,16}\s*)+$|Stack:$|Call Trace:$)/;

/** The last `n` lines of the console that say something: no blanks, report lines, carriage returns or stack traces. */
export function consoleTail(text: string, n: number): string[] {
  return text
    .split('\n')
    .map((l) => l.replace(/\r/g, ''))
    .filter((l) => l.trim() !== '' && !l.includes(REPORT_PREFIX) && !TRACE_LINE.test(l))
    .slice(-n);
}
