/**
 * Files stay small and functions short, so that a reader takes one in at a glance: no source
 * file over 350 lines, no function over 100 (a function's whole text, nested functions included).
 * A file or function past either fails here, named with its size.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const SRC = new URL('../src/', import.meta.url).pathname;
const MAX_FILE_LINES = 350;
const MAX_FUNCTION_LINES = 100;

const sources = (readdirSync(SRC, { recursive: true }) as string[])
  .filter((f) => /\.tsx?$/.test(f))
  .map((f) => ({ name: relative(SRC, join(SRC, f)), text: readFileSync(join(SRC, f), 'utf8') }));

/** Each function-like node with a body over `max` lines, as `file:line (N lines)`. */
function longFunctions(name: string, text: string, max: number): string[] {
  const file = ts.createSourceFile(name, text, ts.ScriptTarget.Latest, true);
  const lineOf = (pos: number) => file.getLineAndCharacterOfPosition(pos).line + 1;
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body) {
      const lines = lineOf(node.end) - lineOf(node.getStart()) + 1;
      if (lines > max) found.push(`${name}:${lineOf(node.getStart())} (${lines} lines)`);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

describe('the size of the code', () => {
  it('has files in src/ to measure', () => {
    expect(sources.length).toBeGreaterThan(100);
  });

  it(`has no source file over ${MAX_FILE_LINES} lines`, () => {
    const long = sources
      .map((s) => ({ name: s.name, lines: s.text.split('\n').length }))
      .filter((s) => s.lines > MAX_FILE_LINES)
      .map((s) => `${s.name} (${s.lines} lines)`);
    expect(long).toEqual([]);
  });

  it(`has no function over ${MAX_FUNCTION_LINES} lines`, () => {
    expect(sources.flatMap((s) => longFunctions(s.name, s.text, MAX_FUNCTION_LINES))).toEqual([]);
    // Parsing every source file takes 4-5 s beside the lab guests on CI, past vitest's default 5 s once.
  }, 60_000);
});
