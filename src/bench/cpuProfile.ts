/**
 * The CPU of each of the monitor's loops, from a V8 CPU profile (`node --cpu-prof`) of the program as
 * users run it: the bundle. esbuild writes `// src/state/poll/servicesReader.ts` above each module it
 * bundles, so a sample's line number names its module; the outermost frame of a known module names the
 * loop (a reader's continuation calls the codec, the reducer and the rest: all of it is that reader's).
 * Pure: the profile and the bundle's text in, milliseconds by loop out.
 */

/** A V8 `.cpuprofile` document: the call tree, and which node was on top at each sample. */
export interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }[];
  samples: number[];
  /** Microseconds before each sample. */
  timeDeltas: number[];
}

/** Where each bundled module begins: its first line (0-based, as the profile counts) and its path. */
export interface ModuleStart {
  line: number;
  path: string;
}

/** The module comments of an esbuild bundle, in order. */
export function bundleModules(bundle: string): ModuleStart[] {
  const starts: ModuleStart[] = [];
  const lines = bundle.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /^\/\/ ((?:src|node_modules)\/\S+)$/.exec(lines[i]!);
    if (m) starts.push({ line: i, path: m[1]! });
  }
  return starts;
}

/** The module a 0-based line of the bundle is in (the last start at or before it). */
export function moduleAt(starts: readonly ModuleStart[], line: number): string | undefined {
  let lo = 0;
  let hi = starts.length - 1;
  let found: string | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (starts[mid]!.line <= line) {
      found = starts[mid]!.path;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** The loops, by the modules that own them; the outermost frame that one of them matches wins. */
const LOOP_RULES: readonly [RegExp, string][] = [
  [/^src\/state\/poll\/(servicesReader|steering|plan)\.ts$/, 'services'],
  [/^src\/state\/poll\/(connReader|talkersPass)\.ts$|^src\/kernel\/proc\//, 'connections'],
  [/^src\/state\/poll\/neighbourReader\.ts$|^src\/kernel\/neigh\//, 'neighbours'],
  [/^src\/state\/poll\/doctor|^src\/doctor\//, 'doctor'],
  [/^src\/state\/poll\/haReader\.ts$|^src\/kernel\/(keepalived|heartbeat)\//, 'HA'],
  // Socket callbacks: the replies of every dump (the services reader's and the doctor's slices).
  [/^node_modules\/netlink\/|^src\/kernel\/(netlink|ipvs)\//, 'netlink replies'],
  [
    /^node_modules\/(ink|react|react-reconciler|scheduler|yoga-layout|cli-boxes|wrap-ansi|string-width)|^src\/ui\//,
    'drawing',
  ],
];
/** Only when no loop's module is on the stack: the state (its timers, the reducer). */
const STATE = /^src\/state\//;

/** V8's own nodes: no JavaScript frame was running. */
const V8_NODES = new Map([
  ['(garbage collector)', 'garbage collection'],
  ['(program)', 'V8 and Node, no JS frame'],
]);

export interface LoopCpu {
  /** CPU milliseconds by loop. */
  byLoop: Record<string, number>;
  /** All CPU milliseconds (idle excluded). */
  busyMs: number;
  /** The longest run of samples with no idle between them: an upper bound of how long a key waited. */
  longestBusyMs: number;
  /** Wall time the counted samples cover. */
  spanMs: number;
}

/**
 * CPU milliseconds by loop, for samples in the bundle `url` whose module starts are `starts`, from
 * `fromMs` after the profile began on (start-up, loading Ink and React, is not a loop's cost).
 */
export function loopCpu(profile: CpuProfile, url: string, starts: readonly ModuleStart[], fromMs = 0): LoopCpu {
  const parent = new Map<number, number>();
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const loopOfNode = new Map<number, string>();
  const loopOf = (id: number): string => {
    const known = loopOfNode.get(id);
    if (known !== undefined) return known;
    const stack: number[] = [];
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) stack.unshift(at);
    const loop = classify(
      stack.map((s) => byId.get(s)!.callFrame),
      url,
      starts,
    );
    loopOfNode.set(id, loop);
    return loop;
  };
  const byLoop: Record<string, number> = {};
  let busyMs = 0;
  let run = 0;
  let longestBusyMs = 0;
  let at = 0;
  let spanMs = 0;
  profile.samples.forEach((id, i) => {
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    at += ms;
    if (at < fromMs) return;
    spanMs += ms;
    const loop = loopOf(id);
    if (loop === 'idle') {
      run = 0;
      return;
    }
    byLoop[loop] = (byLoop[loop] ?? 0) + ms;
    busyMs += ms;
    run += ms;
    longestBusyMs = Math.max(longestBusyMs, run);
  });
  return { byLoop, busyMs, longestBusyMs, spanMs };
}

/** The loop of a stack (root first): the outermost frame of a known module, else V8's node, else 'other'. */
function classify(
  frames: readonly CpuProfile['nodes'][number]['callFrame'][],
  url: string,
  starts: readonly ModuleStart[],
): string {
  const top = frames[frames.length - 1]?.functionName ?? '';
  if (top === '(idle)') return 'idle';
  const v8 = V8_NODES.get(top);
  if (v8) return v8;
  const modules = frames.flatMap((f) => {
    const module = f.url.endsWith(url) ? moduleAt(starts, f.lineNumber) : undefined;
    return module ? [module] : [];
  });
  for (const module of modules) {
    const rule = LOOP_RULES.find(([re]) => re.test(module));
    if (rule) return rule[1];
  }
  if (modules.some((m) => STATE.test(m))) return 'state';
  return 'other';
}
