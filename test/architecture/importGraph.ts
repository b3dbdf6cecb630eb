/**
 * The import graph of src/, read with TypeScript's own pre-processor (static
 * imports, `export ... from`, `import type` and dynamic `import()` alike), and
 * the two checks the architecture test makes on it: cycles and layer order.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

/** File (relative to the root, with `/`) -> the files it imports. */
export type ImportGraph = Map<string, Set<string>>;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(e.name) && !e.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** A relative specifier (`./x.js`) resolved to the .ts or .tsx file it names in `files`. */
function resolveSpecifier(from: string, specifier: string, files: ReadonlySet<string>): string | undefined {
  if (!specifier.startsWith('.')) return undefined; // a package or node: builtin
  const base = resolve(dirname(from), specifier).replace(/\.js$/, '');
  return [`${base}.ts`, `${base}.tsx`, join(base, 'index.ts')].find((f) => files.has(f));
}

/** Every .ts/.tsx file under `root` and its imports of other files there; an import that names no file throws. */
export function readImportGraph(root: string): ImportGraph {
  const files = new Set(sourceFiles(root));
  const graph: ImportGraph = new Map();
  for (const file of files) {
    const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    const targets = new Set<string>();
    for (const { fileName } of importedFiles) {
      if (!fileName.startsWith('.')) continue;
      const target = resolveSpecifier(file, fileName, files);
      if (!target) throw new Error(`${relative(root, file)}: cannot resolve '${fileName}'`);
      targets.add(relative(root, target));
    }
    graph.set(relative(root, file), targets);
  }
  return graph;
}

/** The import cycles: strongly connected components of more than one file, or a file importing itself (Tarjan). */
export function findCycles(graph: ImportGraph): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1 || graph.get(v)?.has(v)) cycles.push(component.sort());
  };
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) visit(v);
  return cycles;
}

/** The layer of a file: its top folder under src/ (`kernel/ipvs/codec.ts` -> `kernel`), `.` for a file at the top. */
export const folderOf = (file: string): string => (file.includes('/') ? file.slice(0, file.indexOf('/')) : '.');

/**
 * Imports that go against `layers` (lowest first; folders in one layer are
 * siblings and may not import each other), and files in no layer.
 */
export function layerViolations(graph: ImportGraph, layers: readonly (readonly string[])[]): string[] {
  const rank = new Map(layers.flatMap((folders, i) => folders.map((f) => [f, i] as const)));
  const found: string[] = [];
  for (const [file, targets] of graph) {
    const from = folderOf(file);
    const r = rank.get(from);
    if (r === undefined) {
      found.push(`${file}: folder '${from}' is in no layer`);
      continue;
    }
    for (const target of targets) {
      const to = folderOf(target);
      if (to === from) continue;
      const t = rank.get(to);
      if (t === undefined || t > r) found.push(`${file} -> ${target}: ${from} may not import ${to} (a higher layer)`);
      else if (t === r) found.push(`${file} -> ${target}: ${from} and ${to} are siblings`);
    }
  }
  return found;
}

/** Folder -> the folders it imports (for reading the graph at a glance). */
export function folderGraph(graph: ImportGraph): Map<string, Set<string>> {
  const folders = new Map<string, Set<string>>();
  for (const [file, targets] of graph) {
    const from = folderOf(file);
    const set = folders.get(from) ?? new Set<string>();
    for (const t of targets) if (folderOf(t) !== from) set.add(folderOf(t));
    folders.set(from, set);
  }
  return folders;
}
