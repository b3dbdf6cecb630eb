/** README.md's key table is the one the command records make, and names every key outside dialogs. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readmeKeyRows, readmeKeyTable } from '../../src/ui/keys/readmeTable.js';
import { SECTION_SPECS } from '../../src/ui/keys/specs/index.js';
import type { CommandSpec } from '../../src/ui/keys/specs/spec.js';

const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

describe("README.md's key table", () => {
  it('is the table the records make (else run `npm run build && node src/build/readmeKeys.mjs`)', () => {
    expect(README).toContain(readmeKeyTable());
  });

  it('has a row for every command outside dialogs', () => {
    const outside = SECTION_SPECS.filter(([section]) => !section.startsWith('In dialogs'));
    for (const [, specs] of outside)
      for (const [c, spec] of Object.entries(specs as Record<string, CommandSpec>))
        expect(spec.doc, `${c} has no README row (doc)`).toBeTruthy();
  });

  it('names each pane key and the action keys', () => {
    const keys = readmeKeyRows().flatMap((r) => r.keys);
    for (const k of ['1', '6', 'Tab', 'Shift-Tab', 'z', 'Z', 'C', 't', 'f', 'g', 'w', 'd', 'u', 'D', 'Ctrl-C', 'Space'])
      expect(keys).toContain(k);
  });
});
