import { describe, expect, it } from 'vitest';
import { manPage } from '../../src/cli/manPage.js';
import { programDefinition } from '../../src/cli/program.js';
import { HELP } from '../../src/ui/keys/bindings.js';
import { runCaptured, stubHandlers } from './handlers.js';

const help = async (argv: string[]): Promise<string> => (await runCaptured(argv, stubHandlers())).stdout;

/** The option terms of a --help text ("-t, --tcp-service <addr:port>"), from its Options section. */
function optionTerms(text: string): string[] {
  const section = text.split(/^Options:$/m)[1]?.split(/^\S.*:$/m)[0] ?? '';
  return [...section.matchAll(/^ {2}(-\S.*?)(?: {2,}|$)/gm)].map((m) => m[1]!.trim());
}

/** What man(1) shows for a roff text, for the escapes we write. */
const shown = (roff: string): string => roff.replaceAll('\\-', '-').replaceAll('\\e', '\\');

describe('the man page, from the same definitions as --help', () => {
  const page = shown(manPage(programDefinition(), '0.1.0', '2026-01-01'));

  const commands = ['list', 'lab', 'weight', 'drain', 'undrain', 'conns', 'doctor', 'exporter', 'fleet'];
  for (const argv of [['--help'], ...commands.map((c) => [c, '--help'])]) {
    it(`has every option of ipvstop ${argv.join(' ')}, with its description`, async () => {
      const text = await help(argv);
      const terms = optionTerms(text);
      expect(terms.length).toBeGreaterThan(argv.length === 1 ? 5 : 1);
      for (const term of terms) {
        expect(page).toContain(term);
        const description = new RegExp(`^ {2}${term.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} +(.+)$`, 'm').exec(text);
        if (description) expect(page).toContain(description[1]!.trim().split('  ')[0]!.slice(0, 30));
      }
    });
  }

  it('shows each default as it is typed, never as the milliseconds or bytes it parses to', async () => {
    const all = [...commands, 'record', 'replay', 'snapshot'];
    const texts = await Promise.all([['--help'], ...all.map((c) => [c, '--help'])].map(help));
    const shownDefaults = texts.flatMap((t) =>
      [...t.replace(/\s+/g, ' ').matchAll(/\(default: ([^)]*)\)/g)].map((m) => m[1]),
    );
    expect(shownDefaults).toEqual(expect.arrayContaining(['15m', '7d', '1G']));
    // A count of milliseconds (900000) or bytes (1073741824) is not what anyone types.
    for (const d of shownDefaults) expect(d).not.toMatch(/^\d{4,}$/);
  });

  it('has a KEYS section with every line of the help screen, from the same table', () => {
    const keys = page.split('\n.SH KEYS\n')[1]?.split('\n.SH ')[0] ?? '';
    expect(HELP.length).toBeGreaterThan(10);
    for (const h of HELP) expect(keys).toContain(h.text);
  });

  it('is roff: a title line, sections, no line a stray request', () => {
    const raw = manPage(programDefinition(), '0.1.0', '2026-01-01');
    expect(raw).toMatch(/^\.TH IPVSTOP 8 "2026-01-01" "ipvstop 0.1.0"/);
    for (const s of ['NAME', 'SYNOPSIS', 'OPTIONS', 'COMMANDS', 'KEYS', 'EXIT STATUS'])
      expect(raw).toContain(`.SH ${s}\n`);
    for (const line of raw.split('\n')) expect(line).toMatch(/^(\.(TH|SH|SS|TP|B|BR|br)\b|[^.'])|^$/);
  });

  it("names each command's arguments in the synopsis and its section", () => {
    expect(page).toContain('.B ipvstop weight\n[\\fIoptions\\fR] \\fIweight\\fR\n');
    expect(page).toMatch(/\.SS ipvstop weight\n.*\n\.TP\n\\fIweight\\fR\nthe new weight, 0-65535\n/);
  });

  it('lists every exit status of every command', () => {
    const exit = page.split('.SH EXIT STATUS\n')[1]?.split('.SH ')[0] ?? '';
    for (const status of ['.B 0\n', '.B 1\n', '.B 2\n']) expect(exit).toContain(status);
    expect(exit).toMatch(/\.B drain --wait\nalso 3 when --timeout came .* 130 \(SIGINT\) or 143 \(SIGTERM\)/s);
    expect(exit).toContain('.B doctor\nas a monitoring plugin: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN');
    expect(exit).toContain(".B lab --command\nthe command's own exit status");
    expect(exit).toContain('.B record, replay\nalso 4 when the history store cannot be read');
    expect(exit).toContain('.B snapshot\n0 when the archive was written');
  });
});
