/**
 * Whether this process is the single executable (`npm run package`: Node's single-executable application), and
 * the files it carries. node:sea came with Node 20.12; an older Node runs only the npm-installed program, so a
 * missing module means "not the single executable".
 */
import { createRequire } from 'node:module';

type Sea = typeof import('node:sea');

function sea(): Sea | undefined {
  try {
    const s = createRequire(import.meta.url)('node:sea') as Sea;
    return s.isSea() ? s : undefined;
  } catch {
    return undefined;
  }
}

export function isSingleExecutable(): boolean {
  return sea() !== undefined;
}

/** An asset the single executable carries (src/build/package.mjs), or undefined outside it. */
export function singleExecutableAsset(name: string): ArrayBuffer | undefined {
  return sea()?.getRawAsset(name) as ArrayBuffer | undefined;
}
