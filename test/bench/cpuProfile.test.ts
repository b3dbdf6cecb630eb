import { describe, expect, it } from 'vitest';
import { bundleModules, type CpuProfile, loopCpu, moduleAt } from '../../src/bench/cpuProfile.js';

const bundle = [
  '"use strict";', // 0
  '// node_modules/netlink/lib/index.js', // 1
  'function onData() {}', // 2
  '// src/state/loop.ts', // 3
  'function tick() {}', // 4
  '// src/state/poll/servicesReader.ts', // 5
  'async function read() {}', // 6
  '// src/doctor/diagnose.ts', // 7
  'function diagnose() {}', // 8
  '// node_modules/ink/build/ink.js', // 9
  'function render() {}', // 10
].join('\n');

const frame = (functionName: string, lineNumber = -1, url = '/x/dist/ipvstop.cjs') => ({
  functionName,
  url: lineNumber < 0 ? '' : url,
  lineNumber,
});

/** root -> (idle) | (garbage collector) | timers -> tick -> read -> diagnose | onData | render */
const profile: CpuProfile = {
  nodes: [
    { id: 1, callFrame: frame('(root)'), children: [2, 3, 4, 7, 8, 10] },
    { id: 2, callFrame: frame('(idle)') },
    { id: 3, callFrame: frame('(garbage collector)') },
    { id: 4, callFrame: frame('listOnTimeout', 10, 'node:internal/timers'), children: [5] },
    { id: 5, callFrame: frame('tick', 4), children: [6] },
    { id: 6, callFrame: frame('read', 6), children: [9] },
    { id: 7, callFrame: frame('onData', 2) },
    { id: 8, callFrame: frame('render', 10) },
    { id: 9, callFrame: frame('diagnose', 8) },
    { id: 10, callFrame: frame('toString', 3, 'node:internal/util') },
  ],
  // busy: read 5 ms, diagnose 3 ms (the services reader's), then idle, then render 4 ms, onData 2 ms, GC 1 ms
  samples: [6, 9, 2, 2, 8, 7, 3, 2, 10],
  timeDeltas: [5000, 3000, 1000, 9000, 4000, 2000, 1000, 1000, 1000],
};

describe("the CPU profile's loops", () => {
  it("finds each bundled module's first line, and the module of any line", () => {
    const starts = bundleModules(bundle);
    expect(starts.map((s) => s.line)).toEqual([1, 3, 5, 7, 9]);
    expect(moduleAt(starts, 0)).toBeUndefined();
    expect(moduleAt(starts, 6)).toBe('src/state/poll/servicesReader.ts');
    expect(moduleAt(starts, 8)).toBe('src/doctor/diagnose.ts');
    expect(moduleAt(starts, 100)).toBe('node_modules/ink/build/ink.js');
  });

  it('gives a sample to the outermost known module of its stack, counts no idle, and times the longest busy run', () => {
    const cpu = loopCpu(profile, 'ipvstop.cjs', bundleModules(bundle));
    // The doctor's function ran inside the services reader's read: the read's cost.
    expect(cpu.byLoop).toEqual({
      services: 8,
      drawing: 4,
      'netlink replies': 2,
      'garbage collection': 1,
      other: 1, // a function named like an Object property is no V8 node
    });
    expect(cpu.busyMs).toBe(16);
    expect(cpu.spanMs).toBe(27);
    expect(cpu.longestBusyMs).toBe(8); // 5 + 3; the idle samples end it (15 without them)
  });

  it('counts only from a moment on: start-up is not a loop', () => {
    const cpu = loopCpu(profile, 'ipvstop.cjs', bundleModules(bundle), 9);
    expect(cpu.byLoop).toEqual({ drawing: 4, 'netlink replies': 2, 'garbage collection': 1, other: 1 });
    expect(cpu.spanMs).toBe(19);
    expect(cpu.longestBusyMs).toBe(7);
  });
});
