/**
 * One vocabulary: address families and IP protocols are named (src/kernel/inet.ts), never compared
 * with or typed as bare numbers elsewhere in src/, where a 2 or a 17 says nothing to a reader; and
 * a weight's upper bound is one constant (src/domain/weight.ts), not a 65535 in each place that checks one.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = new URL('../src/', import.meta.url).pathname;
const NAMED_HERE = 'kernel/inet.ts';
/** `af === 2`, `family !== 10`, `protocol: 17`, `af: 2 | 10`, `s.protocol === 132 ?`. */
const BARE = /\b(af|family|protocol)\b\s*(===|!==|==|!=|:)\s*(2|10|6|17|132)\b/;

function sourceFiles(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? sourceFiles(join(dir, e.name), `${prefix}${e.name}/`)
      : /\.(ts|tsx)$/.test(e.name)
        ? [`${prefix}${e.name}`]
        : [],
  );
}

function bareNumbers(file: string, text: string): string[] {
  return text
    .split('\n')
    .map((line, i) => ({ line, i }))
    .filter(({ line }) => BARE.test(line))
    .map(({ line, i }) => `${file}:${i + 1}: ${line.trim()}`);
}

describe('address families and protocols', () => {
  it('the check finds a bare number and passes a named one', () => {
    expect(bareNumbers('x.ts', 'if (af === 2) return;\nconst p = { protocol: 17 };')).toHaveLength(2);
    expect(bareNumbers('x.ts', 'if (af === AF_INET) return;\nconst n = halves.length === 2;')).toEqual([]);
  });

  it('are named everywhere in src/ but where they are defined', () => {
    const files = sourceFiles(SRC).filter((f) => f !== NAMED_HERE);
    expect(files.length).toBeGreaterThan(100);
    const found = files.flatMap((f) => bareNumbers(f, readFileSync(join(SRC, f), 'utf8')));
    expect(found).toEqual([]);
  });
});

/** `const MAX_WEIGHT = 65535`, `w <= 65535`, `Number(t) > 65535` on a line about a weight. */
const WEIGHT_BOUND = /weight.*([<>]=?|=)\s*65535\b/i;

describe('the maximum weight', () => {
  it('the check finds a second bound and passes a port', () => {
    expect(WEIGHT_BOUND.test('const WEIGHT_MAX = 65535;')).toBe(true);
    expect(WEIGHT_BOUND.test('const ok = weight >= 0 && weight <= 65535;')).toBe(true);
    expect(WEIGHT_BOUND.test('if (port > 65535) throw new UsageError(bad);')).toBe(false);
  });

  it('is written once, in domain/weight.ts, and used everywhere else', () => {
    const found = sourceFiles(SRC)
      .filter((f) => f !== 'domain/weight.ts')
      .flatMap((f) =>
        readFileSync(join(SRC, f), 'utf8')
          .split('\n')
          .flatMap((line, i) => (WEIGHT_BOUND.test(line) ? [`${f}:${i + 1}: ${line.trim()}`] : [])),
      );
    expect(found).toEqual([]);
  });
});
