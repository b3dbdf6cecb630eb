/**
 * README.md's key table, made from the command records (`doc`), so that the README cannot
 * name a key the monitor does not have, or miss one it has. `node src/build/readmeKeys.mjs`
 * writes it between the README's markers; test/ui/readmeKeys.test.ts compares them.
 */
import type { Command } from './commandList.js';
import { keyLabel } from './labels.js';
import { COMMAND_SPECS, specOf } from './specs/index.js';

export const README_KEYS_BEGIN = '<!-- keys: made from src/ui/keys/specs by `node src/build/readmeKeys.mjs` -->';
export const README_KEYS_END = '<!-- keys: end -->';

/** A key as a README reader types it: `Ctrl-C`, `Shift-Tab`, `Space`. */
function readmeLabel(label: string): string {
  if (label.startsWith('^')) return `Ctrl-${label.slice(1)}`;
  if (label.startsWith('S-')) return `Shift-${label.slice(2)}`;
  return label;
}

/** The table's rows: one a `doc` text, in record order, each with the keys of its commands. */
export function readmeKeyRows(): { keys: string[]; does: string }[] {
  const rows = new Map<string, Set<string>>();
  for (const c of Object.keys(COMMAND_SPECS) as Command[]) {
    const { doc, keys } = specOf(c);
    if (doc === undefined) continue;
    const row = rows.get(doc) ?? new Set<string>();
    for (const k of keys) row.add(readmeLabel(keyLabel(k)));
    rows.set(doc, row);
  }
  return [...rows].map(([does, keys]) => ({ keys: [...keys], does }));
}

/** The table as markdown, markers included. */
export function readmeKeyTable(): string {
  const lines = readmeKeyRows().map((r) => `| ${r.keys.map((k) => `\`${k}\``).join(' ')} | ${r.does} |`);
  return [README_KEYS_BEGIN, '| key | does |', '| --- | --- |', ...lines, README_KEYS_END].join('\n');
}
