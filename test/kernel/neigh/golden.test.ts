/**
 * Golden neighbour messages captured from a real kernel
 * (test/fixtures/netlink/neigh-*.hex) must parse to their recorded JSON.
 * Passes, explicitly skipped, while no captures exist.
 */
import { describe, expect, it } from 'vitest';
import { loadGoldenCases, runGoldenCase } from '../golden.js';

const neigh = loadGoldenCases().filter((c) => c.parser === 'neigh');

describe('neighbour golden bytes', () => {
  if (neigh.length === 0) {
    it.skip('no neighbour captures in test/fixtures/netlink yet (see its README.md)', () => {});
  } else {
    it.each(neigh.map((c) => [c.name, c] as const))('%s', (_name, c) => {
      expect(runGoldenCase(c)).toEqual(c.spec.expected);
    });
  }
});
