/** `drain --wait` progress: one line rewritten in place on a terminal; elsewhere a line per server, only on change. */
import { describe, expect, it } from 'vitest';
import { drainProgress, progressLine } from '../../src/cli/drainProgress.js';
import type { Remaining } from '../../src/cli/drainWait.js';
import type { Destination } from '../../src/kernel/ipvs/types.js';

const web = { af: 2, protocol: 6, address: '192.0.2.1', port: 80, fwmark: 0 } as const;
function left(n: number, active: number, inactive: number, templates: number, worst?: number): Remaining {
  const dest = {
    af: 2,
    address: `198.51.100.1${n}`,
    port: 80,
    weight: 0,
    activeConns: active,
    inactiveConns: inactive,
    persistentConns: templates,
  } as Destination;
  return { service: web, dest, ...(worst !== undefined && { worstCaseSeconds: worst }) };
}

function stream(isTTY: boolean, columns = 80) {
  const writes: string[] = [];
  return { writes, isTTY, columns, write: (t: string) => writes.push(t) };
}

describe('drain --wait progress', () => {
  it('says the time to empty is the worst case, and counts one template as one', () => {
    expect(progressLine([left(1, 2, 5, 1, 898)])).toBe(
      '-t 192.0.2.1:80 -r 198.51.100.11:80: 2 active, 5 inactive, 1 template; empty in 898 s at worst',
    );
    expect(progressLine([left(1, 2, 5, 0, 30), left(2, 1, 1, 3, 95), left(3, 0, 0, 1)])).toBe(
      '3 servers not drained: 3 active, 6 inactive, 4 templates; empty in 95 s at worst',
    );
  });

  it('on a terminal: one line, rewritten in place, cut to the width, cleared at the end', () => {
    const out = stream(true, 40);
    const p = drainProgress(out);
    p.update([left(1, 2, 5, 0, 98)]);
    p.update([left(1, 2, 4, 0, 97)]);
    p.done();
    expect(out.writes).toEqual([
      `\r\x1b[K${'ipvstop: waiting: -t 192.0.2.1:80 -r 198.51.100.11:80: 2 active'.slice(0, 39)}`,
      `\r\x1b[K${'ipvstop: waiting: -t 192.0.2.1:80 -r 198.51.100.11:80: 2 active'.slice(0, 39)}`,
      '\r\x1b[K',
    ]);
    expect(out.writes.join('')).not.toContain('\n');
  });

  it('elsewhere: a line per server when what is left changed, not for the countdown alone', () => {
    const out = stream(false);
    const p = drainProgress(out);
    p.update([left(1, 2, 5, 0, 98), left(2, 0, 1, 0, 50)]);
    p.update([left(1, 2, 5, 0, 97), left(2, 0, 1, 0, 49)]);
    p.update([left(1, 1, 5, 0, 96), left(2, 0, 1, 0, 48)]);
    p.done();
    expect(out.writes.join('')).toBe(
      'ipvstop: waiting: -t 192.0.2.1:80 -r 198.51.100.11:80: 2 active, 5 inactive, 0 templates; empty in 98 s at worst\n' +
        'ipvstop: waiting: -t 192.0.2.1:80 -r 198.51.100.12:80: 0 active, 1 inactive, 0 templates; empty in 50 s at worst\n' +
        'ipvstop: waiting: -t 192.0.2.1:80 -r 198.51.100.11:80: 1 active, 5 inactive, 0 templates; empty in 96 s at worst\n' +
        'ipvstop: waiting: -t 192.0.2.1:80 -r 198.51.100.12:80: 0 active, 1 inactive, 0 templates; empty in 48 s at worst\n',
    );
  });
});
