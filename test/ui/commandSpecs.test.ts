/** The command records: the footer, the help and the guarded keys are what the records say. */
import { describe, expect, it } from 'vitest';
import { ACTION_COMMANDS, COMMANDS, DANGEROUS, FOOTER, HELP, KEYMAP } from '../../src/ui/keys/bindings.js';
import { COMMAND_SPECS, SECTION_SPECS } from '../../src/ui/keys/specs/index.js';

describe('the command records', () => {
  it('are one a command, each with keys, a footer name, a help line and a handler', () => {
    expect(Object.keys(COMMAND_SPECS).sort()).toEqual([...COMMANDS].sort());
    for (const c of COMMANDS) {
      const spec = COMMAND_SPECS[c];
      expect(spec.keys.length, c).toBeGreaterThan(0);
      expect(KEYMAP[c]).toBe(spec.keys);
      expect(spec.short, c).not.toBe('');
      expect(spec.help, c).not.toBe('');
      expect(typeof spec.run, c).toBe('function');
    }
  });

  it('give the help its lines in record order, and each command one line', () => {
    const inOrder = SECTION_SPECS.flatMap(([, specs]) => Object.keys(specs));
    expect(HELP.flatMap((h) => h.commands)).toEqual(inOrder);
    for (const h of HELP) for (const c of h.commands) expect(COMMAND_SPECS[c].help).toBe(h.text);
  });

  it('give the footer its order, and guard the action keys and the ARP check', () => {
    const places = FOOTER.map((c) => (COMMAND_SPECS[c] as { footer?: number }).footer!);
    expect(places).toEqual([...places].sort((a, b) => a - b));
    expect(new Set(places).size).toBe(places.length);
    expect([...DANGEROUS].sort()).toEqual([...ACTION_COMMANDS, 'arpCheck'].sort());
  });
});
