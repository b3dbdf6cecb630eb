import { describe, expect, it } from 'vitest';
import { interfaceNames, interfaceNamesFor } from '../../../src/kernel/net/interfaces.js';

describe('interfaceNamesFor', () => {
  it("gives this host's names by index, read again only for an unknown index or when asked", () => {
    const names = interfaceNamesFor([]);
    expect([...names]).toEqual([...interfaceNames()]);
    expect(names.get(1)).toBe('lo');
    // The same interfaces listed, every index known (0 is no interface): the names last read.
    expect(interfaceNamesFor([1, 0])).toBe(names);
    // An index the last read did not have (an interface made since): read again.
    const again = interfaceNamesFor([1, 999_999]);
    expect(again).not.toBe(names);
    expect([...again]).toEqual([...names]);
    expect(interfaceNamesFor([], true)).not.toBe(again);
  });
});
