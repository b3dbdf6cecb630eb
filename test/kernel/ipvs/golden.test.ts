/**
 * Golden bytes captured from a real kernel (test/fixtures/netlink/*.hex)
 * must parse to their recorded JSON. Passes, explicitly skipped, while no
 * captures exist.
 */
import { describe, expect, it } from 'vitest';
import { GOLDEN_PARSERS, loadGoldenCases, runGoldenCase } from '../golden.js';

const cases = loadGoldenCases();
const ipvs = cases.filter((c) => c.parser !== 'neigh');

describe('IPVS golden bytes', () => {
  it('every capture names a known parser', () => {
    expect(cases.filter((c) => !(c.parser in GOLDEN_PARSERS)).map((c) => c.name)).toEqual([]);
  });

  if (ipvs.length === 0) {
    it.skip('no IPVS captures in test/fixtures/netlink yet (see its README.md)', () => {});
  } else {
    it.each(ipvs.map((c) => [c.name, c] as const))('%s', (_name, c) => {
      expect(runGoldenCase(c)).toEqual(c.spec.expected);
    });
  }
});
