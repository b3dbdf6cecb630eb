// Writes README.md's key table from the command records (run `npm run build` first).
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const { README_KEYS_BEGIN, README_KEYS_END, readmeKeyTable } = await import(join(root, 'dist/ui/keys/readmeTable.js'));
const file = join(root, 'README.md');
const text = readFileSync(file, 'utf8');
const start = text.indexOf(README_KEYS_BEGIN);
const end = text.indexOf(README_KEYS_END);
if (start < 0 || end < start) {
  process.stderr.write(`readmeKeys: README.md has no ${README_KEYS_BEGIN} ... ${README_KEYS_END}\n`);
  process.exit(1);
}
writeFileSync(file, text.slice(0, start) + readmeKeyTable() + text.slice(end + README_KEYS_END.length));
