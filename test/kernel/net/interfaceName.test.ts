/** Interface names: what Linux accepts, minus what would turn into an option or a terminal control. */
import { describe, expect, it } from 'vitest';
import { checkInterfaceName, InterfaceNameError, interfaceNameProblem } from '../../../src/kernel/net/interfaceName.js';

describe('interface names', () => {
  const valid = ['eth0', 'lab-client', 'bond0.100', 'veth1a2b3c4d5e6', '$(id>x)', 'é0', 'a-', 'x_y@z'];
  it.each(valid)('takes %j', (name) => {
    expect(interfaceNameProblem(name)).toBeUndefined();
    expect(checkInterfaceName(name)).toBe(name);
  });

  it.each([
    ['', 'empty'],
    ['abcdefghijklmnop', 'longer than 15 bytes'],
    ['éééééééé', 'longer than 15 bytes'],
    ['.', "'.' is not a name"],
    ['..', "'..' is not a name"],
    ['a/b', "contains '/', ':' or whitespace"],
    ['eth0:1', "contains '/', ':' or whitespace"],
    ['$(touch /tmp/x)', "contains '/', ':' or whitespace"],
    ['a\tb', "contains '/', ':' or whitespace"],
    ['-h', "starts with '-'"],
    ['--help', "starts with '-'"],
    ['\x1b[2J', 'contains control characters'],
  ])('refuses %j: %s', (name, problem) => {
    expect(interfaceNameProblem(name)).toBe(problem);
    expect(() => checkInterfaceName(name)).toThrow(InterfaceNameError);
  });

  it('shows a refused name quoted', () => {
    expect(() => checkInterfaceName('-h')).toThrow("invalid interface name -h: starts with '-'");
    expect(() => checkInterfaceName('\x1b[2J')).toThrow("invalid interface name $'\\x1b[2J': contains control");
  });
});
