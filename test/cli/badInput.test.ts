/**
 * Garbage on the command line, generated: every argument list ends in exit 0, 1 or 2;
 * a refusal (2) is exactly one line `ipvstop: ...` on stderr, with no control characters in
 * it; nothing ever prints a stack.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Ran, runCaptured, stubHandlers } from './handlers.js';

/** Values an operator (or a paste gone wrong) might give an option. */
const garbage = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      '',
      ' ',
      '-1',
      '0',
      '-0',
      '1e400',
      'NaN',
      'Infinity',
      '1s',
      '500ms',
      '0x',
      '0x1g',
      '4294967296',
      '18446744073709551616',
      '999.1.1.1:80',
      '[::1]',
      '1.2.3.4:99999',
      '1.2.3.4:-1',
      '[10.1.0.100]:80',
      '[fe80::1%eth0]:80',
      '::1',
      ':80',
      '$(touch /tmp/x)',
      '`id`',
      '; rm -rf /',
      '|| true',
      '-h',
      '--',
      '\n',
      'a\nb',
      '\x1b[31m',
      '\x00',
      '\u202e',
      'ÿ',
      'eth0',
      'lo',
      '0.2',
      '60',
      '7',
      '192.0.2.1:80',
      '[2001:db8::1]:443',
      'x'.repeat(16),
      'é'.repeat(8),
    ),
  },
  // Short strings of what breaks parsers and terminals: newlines, escapes, NULs, brackets, digits.
  {
    weight: 3,
    arbitrary: fc.string({
      unit: fc.constantFrom('1', '.', ':', '[', ']', '-', 'a', 'é', '\n', '\r', '\x1b', '\x00', '\x9b'),
      maxLength: 12,
    }),
  },
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.string({ minLength: 200, maxLength: 2000 }),
  fc.integer().map(String),
  fc.double().map(String),
);

const MONITOR_OPTIONS = [
  '-i',
  '--interval',
  '--read-only',
  '--iface',
  '--exact',
  '--no-color',
  '--no-highlight',
  '-V',
  '--bogus',
];
const LIST_OPTIONS = [
  '-n',
  '--stats',
  '--rate',
  '--exact',
  '--thresholds',
  '--persistent-conn',
  '--tun-info',
  '--timeout',
  '--daemon',
  '-c',
  '--nosort',
  '--sort',
  '-t',
  '-u',
  '--sctp-service',
  '-f',
  '-6',
  '--json',
  '--stat',
  '-x',
];

const EXPORTER_OPTIONS = [
  '--web.listen-address',
  '--web.telemetry-path',
  '--web.config.file',
  '--collect.services',
  '--no-collect.backends',
  '--collect.bogus',
  '--collect.conn-states',
  '--max-series',
];

/** An option followed by a value, an option alone, or a bare word. */
const token = (options: string[]) =>
  fc.oneof(
    { weight: 3, arbitrary: fc.tuple(fc.constantFrom(...options), garbage).map(([o, v]) => [o, v]) },
    { weight: 2, arbitrary: fc.constantFrom(...options).map((o) => [o]) },
    { weight: 1, arbitrary: garbage.map((v) => [v]) },
  );

const argv = fc
  .oneof(
    fc.array(token(MONITOR_OPTIONS), { maxLength: 4 }),
    fc.array(token(LIST_OPTIONS), { maxLength: 4 }).map((t) => [['list'], ...t]),
    fc.array(token(['--command', '--bogus']), { maxLength: 3 }).map((t) => [['lab'], ...t]),
    fc.array(token(EXPORTER_OPTIONS), { maxLength: 3 }).map((t) => [['exporter'], ...t]),
  )
  .map((tokens) => tokens.flat());

const ipvstop = (args: string[]): Promise<Ran> => runCaptured(args, stubHandlers());

describe('bad input on the command line', () => {
  it('exits 0, 1 or 2; a refusal is one line starting ipvstop:; never a stack trace', async () => {
    const seen = new Set<number>();
    await fc.assert(
      fc.asyncProperty(argv, async (args) => {
        const r = await ipvstop(args);
        seen.add(r.status);
        expect([0, 1, 2]).toContain(r.status);
        expect(r.stdout + r.stderr).not.toMatch(/\n\s+at /);
        // One line, and nothing in it a terminal would act on (what was typed is shown escaped).
        if (r.status === 2) expect(r.stderr).toMatch(/^ipvstop: [^\x00-\x1f\x7f-\x9f]+\n$/);
        if (r.status === 0) expect(r.stderr).toBe('');
      }),
      { numRuns: 500 },
    );
    // The generator must reach both outcomes, or the property says little.
    expect([...seen].sort()).toEqual([0, 2]);
  });

  it.each([
    [['-i', '1s'], /^ipvstop: option '-i, --interval <seconds>' argument '1s' is invalid/],
    [['-i', 'NaN'], /argument 'NaN' is invalid/],
    [['--iface', ''], /must be an interface name/],
    [['--iface', 'x'.repeat(16)], /must be an interface name/],
    [['--iface', 'é'.repeat(8)], /must be an interface name \(1-15 bytes/],
    [['--iface', 'a:b'], /must be an interface name/],
    [['--iface', 'a\nb'], /argument 'a\\x0ab' is invalid/],
    // A tool (arping, ip) would read a leading '-' as an option: the one rule of interfaceName.ts.
    [
      ['--iface', '-x'],
      /^ipvstop: option '--iface <name>' argument '-x' is invalid\. .*: starts with '-' \(see ipvstop --help\)$/,
    ],
    [['--iface=--help'], /argument '--help' is invalid\. .*: starts with '-' \(see ipvstop --help\)$/],
    [['lab', '--iface', '-x'], /argument '-x' is invalid\. .*: starts with '-' \(see ipvstop --help\)$/],
    [['list', '-t', '999.1.1.1:80'], /^ipvstop: invalid service address '999\.1\.1\.1:80'/],
    [['list', '-t', '[::1]'], /^ipvstop: invalid service address '\[::1\]'/],
    [['list', '-t', '1.2.3.4:99999'], /^ipvstop: invalid port in '1\.2\.3\.4:99999'/],
    [['list', '-f', '4294967296'], /^ipvstop: invalid fwmark '4294967296'/],
    [['list', '-t', '\x1b[2J'], /^ipvstop: invalid service address '\\x1b\[2J'/],
    [['list', '--stat'], /^ipvstop: unknown option '--stat'; did you mean --stats\? \(see ipvstop --help\)$/],
  ])('%j: exit 2, one line', async (args, pattern) => {
    const r = await ipvstop(args);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^ipvstop: [^\n]+\n$/);
    expect(r.stderr.trimEnd()).toMatch(pattern);
  });
});
