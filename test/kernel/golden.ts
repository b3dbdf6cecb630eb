/**
 * Loads golden cases: every `*.hex` in a folder (default
 * test/fixtures/netlink) with its sibling `*.json`. See that folder's
 * README.md for the format.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseConfig, parseDaemon, parseDest, parseInfo, parseService } from '../../src/kernel/ipvs/codec.js';
import { parseNeighbour } from '../../src/kernel/neigh/codec.js';
import { parseHexFile, toGoldenValue } from '../../src/kernel/netlink/golden.js';

export const GOLDEN_DIR = fileURLToPath(new URL('../fixtures/netlink/', import.meta.url));

/** The JSON next to a `.hex` file. */
export interface GoldenSpec {
  /** Which parser; defaults to the file name up to the first '-' ('service-tcp-rr.hex' -> 'service'). */
  parser?: string;
  /** For 'dest': the family of the service the real server belongs to (default 2). */
  serviceAf?: 2 | 10;
  /** Where the bytes came from, e.g. '6.1.0 UML lab'. */
  kernel?: string;
  /** The commands that set the kernel up, e.g. 'ipvsadm -A -t 10.0.0.1:80 -s rr'. */
  madeBy?: string;
  /** toGoldenJson() of what the parser must return (bigints as strings). */
  expected: unknown;
}

export interface GoldenCase {
  name: string;
  parser: string;
  payload: Buffer;
  spec: GoldenSpec;
}

/** Parsers by golden name, each giving the value to compare with `expected`. */
export const GOLDEN_PARSERS: Record<string, (payload: Buffer, spec: GoldenSpec) => unknown> = {
  service: (p) => parseService(p),
  dest: (p, spec) => parseDest(p, spec.serviceAf ?? 2),
  info: (p) => parseInfo(p),
  config: (p) => parseConfig(p),
  daemon: (p) => parseDaemon(p),
  neigh: (p) => parseNeighbour(p),
};

/** Every case in `dir`; a `.hex` without its `.json` is an error, not a skip. */
export function loadGoldenCases(dir = GOLDEN_DIR): GoldenCase[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.hex'))
    .sort()
    .map((file) => {
      const name = basename(file, '.hex');
      const jsonPath = join(dir, `${name}.json`);
      if (!existsSync(jsonPath)) throw new Error(`golden ${file}: missing ${name}.json`);
      const spec = JSON.parse(readFileSync(jsonPath, 'utf8')) as GoldenSpec;
      if (!('expected' in spec)) throw new Error(`golden ${name}.json: no "expected" member`);
      return {
        name,
        parser: spec.parser ?? name.split('-')[0] ?? '',
        payload: parseHexFile(readFileSync(join(dir, file), 'utf8')),
        spec,
      };
    });
}

/** Parses a case and gives it in golden form (bigints as strings), ready for toEqual(spec.expected). */
export function runGoldenCase(c: GoldenCase): unknown {
  const parse = GOLDEN_PARSERS[c.parser];
  if (!parse)
    throw new Error(
      `golden ${c.name}: unknown parser '${c.parser}' (known: ${Object.keys(GOLDEN_PARSERS).join(', ')})`,
    );
  return toGoldenValue(parse(c.payload, c.spec));
}
