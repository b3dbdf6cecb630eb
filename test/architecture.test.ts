/**
 * The import graph of src/ points one way and has no cycle: kernel <- domain
 * (the IPVS vocabulary) <- actions <- state <- output, ui <- lab <- bench,
 * cli. A new import that breaks either fails here, naming the files.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  findCycles,
  folderGraph,
  type ImportGraph,
  layerViolations,
  readImportGraph,
} from './architecture/importGraph.js';

/**
 * Lowest first; folders in one layer are siblings and import neither each other nor anything above.
 * - `.` (files directly in src/): shared basics below everything, such as the one error-to-line function.
 * - actions sit just above the domain: they act on the kernel, and the state's reducer reports them
 *   (state/model.ts shows an action's command), so state may read them but they never read state.
 * - doctor (the director's rules and what they read) sits above actions, whose command words its remedies use.
 * - history (the recorder's store on disk) reads the kernel's and the domain's types; state may read it (replay), cli does.
 * - output and ui are two views of the state, neither of which knows the other.
 * - lab (the User-Mode Linux harness) drives the product from outside: it may use anything below it.
 * - bench and cli are entry points: bench boots the lab, cli runs the lab command; neither loads the other.
 */
const LAYERS = [
  ['.'],
  ['kernel'],
  ['domain'],
  ['actions'],
  ['doctor'],
  ['history'],
  ['state'],
  ['output', 'ui'],
  ['lab'],
  ['bench', 'cli'],
] as const;

const graphOf = (edges: Record<string, string[]>): ImportGraph =>
  new Map(Object.entries(edges).map(([k, v]) => [k, new Set(v)]));

describe('the checks themselves', () => {
  it('find a cycle, a self-import and nothing in a tree', () => {
    expect(findCycles(graphOf({ a: ['b'], b: ['c'], c: ['a'], d: ['a'] }))).toEqual([['a', 'b', 'c']]);
    expect(findCycles(graphOf({ a: ['a'], b: [] }))).toEqual([['a']]);
    expect(findCycles(graphOf({ a: ['b', 'c'], b: ['c'], c: [] }))).toEqual([]);
    // Two separate loops are two cycles.
    expect(findCycles(graphOf({ a: ['b'], b: ['a'], c: ['d'], d: ['c'] }))).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
  });

  it('find an upward import, an import between siblings and a file in no layer', () => {
    const g = graphOf({
      'kernel/x.ts': ['state/y.ts'],
      'state/y.ts': ['kernel/x.ts'],
      'ui/a.ts': ['output/b.ts', 'state/y.ts'],
      'output/b.ts': [],
      'misc/c.ts': [],
    });
    expect(layerViolations(g, LAYERS)).toEqual([
      'kernel/x.ts -> state/y.ts: kernel may not import state (a higher layer)',
      'ui/a.ts -> output/b.ts: ui and output are siblings',
      "misc/c.ts: folder 'misc' is in no layer",
    ]);
  });
});

describe('src/', () => {
  const graph = readImportGraph(new URL('../src', import.meta.url).pathname);

  it('is read whole (the checks below are not vacuous)', () => {
    expect(graph.size).toBeGreaterThan(80);
    expect(folderGraph(graph).get('ui')).toContain('state');
    expect(graph.get('cli/monitor.ts')).toContain('ui/run.tsx'); // a dynamic import() counts too
  });

  it('has no import cycle', () => {
    expect(findCycles(graph)).toEqual([]);
  });

  it('imports only downward: kernel <- ipvs <- actions <- state <- output, ui <- lab <- bench, cli', () => {
    expect(layerViolations(graph, LAYERS)).toEqual([]);
  });
});

describe('src/actions/', () => {
  /** `readFileSync('/proc/self/status')`, `'/proc/self/loginuid'`, `readdirSync(proc)`. */
  const READS = /['"`]\/proc\b|\b(readFileSync|readdirSync|readlinkSync)\b/;
  const dir = new URL('../src/actions/', import.meta.url).pathname;

  it('the check finds a read of /proc and passes an import of what src/kernel read', () => {
    expect(READS.test("const s = readFileSync('/proc/self/status', 'utf8');")).toBe(true);
    expect(READS.test("hasNetAdmin(status = safeRead('/proc/self/status'))")).toBe(true);
    expect(READS.test("import { hasNetAdmin } from '../kernel/proc/processes.js';")).toBe(false);
  });

  it('reads neither /proc nor a file itself: src/kernel reads, and actions are given what it read', () => {
    const files = readdirSync(dir).filter((f) => f.endsWith('.ts'));
    expect(files.length).toBeGreaterThan(5);
    const found = files.flatMap((f) =>
      readFileSync(dir + f, 'utf8')
        .split('\n')
        .flatMap((line, i) => (READS.test(line) ? [`actions/${f}:${i + 1}: ${line.trim()}`] : [])),
    );
    expect(found).toEqual([]);
  });
});
