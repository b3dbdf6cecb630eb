/** What may be typed into the timeouts and interface dialogs, as tables. */
import { describe, expect, it } from 'vitest';
import { checkInterface, parseTimeout, parseTimeouts, TIMEOUT_MAX_S } from '../../src/state/validate.js';

describe('parseTimeout', () => {
  it('is INT_MAX / 1000 at most', () => {
    expect(TIMEOUT_MAX_S).toBe(2147483);
  });

  it.each([
    ['0', 0], // keeps the kernel's current value
    ['1', 1],
    ['15', 15],
    [' 900 ', 900],
    ['0900', 900],
    [String(TIMEOUT_MAX_S), TIMEOUT_MAX_S],
  ])('accepts %j as %d', (text, value) => {
    expect(parseTimeout(text)).toEqual({ ok: true, value });
  });

  it.each([
    ['', /enter whole seconds/],
    ['   ', /enter whole seconds/],
    ['-1', /not a whole number/],
    ['+5', /not a whole number/],
    ['1.5', /not a whole number/],
    ['0.0', /not a whole number/],
    ['1e3', /not a whole number/],
    ['0x10', /not a whole number/],
    ['abc', /not a whole number/],
    ['12 34', /not a whole number/],
    ['١٢', /not a whole number/], // Arabic-Indic digits
    [String(TIMEOUT_MAX_S + 1), /at most 2147483 s/],
    ['99999999999999999999', /at most/],
  ])('refuses %j', (text, message) => {
    const p = parseTimeout(text);
    expect(p.ok).toBe(false);
    if (!p.ok) expect(p.message).toMatch(message);
  });
});

describe('parseTimeouts', () => {
  it.each([
    [['900', '120', '300'], { tcp: 900, tcpFin: 120, udp: 300 }],
    [['0', '30', '0'], { tcp: 0, tcpFin: 30, udp: 0 }],
    [['1', '0', '0'], { tcp: 1, tcpFin: 0, udp: 0 }],
  ] as const)('accepts %j', (fields, value) => {
    expect(parseTimeouts(fields)).toEqual({ ok: true, value });
  });

  it.each([
    [['x', '120', '300'], 0, /^tcp: /],
    [['10', '-5', '300'], 1, /^tcpfin: /],
    [['10', '5', '3.5'], 2, /^udp: /],
    [['bad', 'worse', ''], 0, /^tcp: /], // the first bad one is named
    [['0', '0', '0'], 0, /all zero: nothing would change/],
  ] as const)('refuses %j naming field %d', (fields, field, message) => {
    const p = parseTimeouts(fields);
    expect(p).toMatchObject({ ok: false, field });
    if (!p.ok) expect(p.message).toMatch(message);
  });
});

describe('checkInterface', () => {
  const have = ['lo', 'eth0', 'bond0.100'];

  it.each([
    ['eth0', 'eth0'],
    [' bond0.100 ', 'bond0.100'],
    ['lo', 'lo'],
  ])('accepts %j', (name, value) => {
    expect(checkInterface(name, have)).toEqual({ ok: true, value });
  });

  it.each([
    ['', have, 'enter an interface name'],
    ['eth9', have, 'no interface "eth9" (have: lo eth0 bond0.100)'],
    ['ETH0', have, 'no interface "ETH0" (have: lo eth0 bond0.100)'],
    ['eth0', [], 'no interface "eth0" (have: none)'],
  ])('refuses %j', (name, existing, message) => {
    expect(checkInterface(name, existing)).toEqual({ ok: false, message });
  });
});
