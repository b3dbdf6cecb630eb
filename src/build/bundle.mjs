#!/usr/bin/env node
// Bundles the program into one CommonJS file, dist/ipvstop.cjs, so that Node reads one module at start-up instead
// of hundreds (`node_modules` resolution and ESM linking were most of `ipvstop list`'s start-up). CommonJS because
// Node 20's single-executable applications (npm run package) run only a CommonJS script.
// The modules only the monitor needs (Ink, React, yoga) are in the file but run only when the monitor is imported.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Script } from 'node:vm';
import { build } from 'esbuild';

const root = join(dirname(new URL(import.meta.url).pathname), '../..');
const DATA_URL = /"(data:application\/octet-stream;base64,[A-Za-z0-9+/=]+)"/;

/**
 * yoga-layout compiles its WebAssembly with a top-level await, which CommonJS cannot have. Its Emscripten
 * loader takes an `instantiateWasm` hook that may instantiate synchronously, which gives the same object at
 * once; Ink uses yoga only inside functions, so nothing else changes.
 */
const syncYoga = {
  name: 'sync-yoga',
  setup(b) {
    b.onLoad({ filter: /yoga-layout[\\/]dist[\\/]binaries[\\/]yoga-wasm-base64-esm\.js$/ }, ({ path }) => {
      const text = readFileSync(path, 'utf8');
      const url = DATA_URL.exec(text)?.[1];
      if (!url) throw new Error(`${path}: no embedded WebAssembly found`);
      return {
        contents: `export const YOGA_WASM_DATA_URL = ${JSON.stringify(url)};\n${text.replace(DATA_URL, 'YOGA_WASM_DATA_URL')}`,
        loader: 'js',
      };
    });
    b.onLoad({ filter: /yoga-layout[\\/]dist[\\/]src[\\/]index\.js$/ }, () => ({
      contents: `import loadYoga, { YOGA_WASM_DATA_URL } from '../binaries/yoga-wasm-base64-esm.js';
import wrapAssembly from './wrapAssembly.js';
const bytes = Buffer.from(YOGA_WASM_DATA_URL.slice(YOGA_WASM_DATA_URL.indexOf(',') + 1), 'base64');
const yogaModule = {
  instantiateWasm(imports, done) {
    const module = new WebAssembly.Module(bytes);
    const instance = new WebAssembly.Instance(module, imports);
    done(instance, module);
    return instance.exports;
  },
};
loadYoga(yogaModule);
const Yoga = wrapAssembly(yogaModule);
export default Yoga;
export * from './generated/YGEnums.js';
`,
      loader: 'js',
      resolveDir: dirname(new URL(import.meta.resolve('yoga-layout')).pathname),
    }));
  },
};

/**
 * Ink connects to React DevTools when DEV=true, through a top-level await of an optional package; the
 * bundle does without (DevTools are for developing Ink applications, not for running one).
 */
const inkWithoutDevtools = {
  name: 'ink-without-devtools',
  setup(b) {
    b.onLoad({ filter: /[\\/]ink[\\/]build[\\/]reconciler\.js$/ }, ({ path }) => {
      const text = readFileSync(path, 'utf8');
      const edits = [
        ["await import('./devtools.js');", ''],
        ['? await loadPackageJson()', '? { name: undefined, version: undefined }'],
      ];
      let out = text;
      for (const [from, to] of edits) {
        if (!out.includes(from)) throw new Error(`${path}: Ink changed, no ${from}`);
        out = out.replace(from, to);
      }
      return { contents: out, loader: 'js' };
    });
  },
};

/**
 * netlink loads its native addon next to its own files, at once; in the bundle it takes it from
 * src/kernel/netlink/addon.ts, which loads it on first use (and, in the single executable, from where no other
 * user can swap it).
 */
const netlinkBinding = {
  name: 'netlink-binding',
  setup(b) {
    b.onLoad({ filter: /[\\/]netlink[\\/]dist[\\/]raw\.js$/ }, ({ path }) => {
      const text = readFileSync(path, 'utf8');
      const call = "require('node-gyp-build')(__dirname + '/..')";
      if (!text.includes(call)) throw new Error(`${path}: the native addon is no longer loaded as expected`);
      const binding = join(root, 'src/kernel/netlink/addon.ts');
      return { contents: text.replace(call, `require(${JSON.stringify(binding)}).netlinkBinding`) };
    });
  },
};

async function bundle(entry, outfile) {
  const result = await build({
    entryPoints: [join(root, entry)],
    outfile: join(root, outfile),
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    // The lab finds the repository from its module's place: here, the bundle's.
    define: { 'import.meta.url': '__bundleUrl', 'process.env.NODE_ENV': '"production"' },
    banner: { js: "var __bundleUrl = require('node:url').pathToFileURL(__filename).href;" },
    plugins: [syncYoga, inkWithoutDevtools, netlinkBinding],
    // Resolved at run time, from the installed package (src/kernel/netlink/addon.ts).
    external: ['netlink/package.json'],
    legalComments: 'none',
    // Every other character escaped: bin/ipvstop reads the bundle as latin1, which is fast and exact for ASCII.
    charset: 'ascii',
    logLevel: 'warning',
    // The monitor's `process.env.NODE_ENV ??= 'production'` is for the unbundled build; here it is defined.
    logOverride: { 'assign-to-define': 'silent' },
    metafile: !!process.env.META,
  });
  if (result.metafile) {
    const { analyzeMetafile } = await import('esbuild');
    process.stdout.write(await analyzeMetafile(result.metafile));
  }
  writeCodeCache(join(root, outfile));
}

/**
 * The V8 code cache bin/ipvstop hands to V8 with a bundle: compiling 1.7 MB of source was about half of
 * `ipvstop list`'s start-up. The wrapper must be bin/ipvstop's, byte for byte, or V8 rejects the cache.
 */
function writeCodeCache(file) {
  const { BUNDLE_WRAPPER } = createRequire(import.meta.url)(join(root, 'bin/ipvstop'));
  const bytes = readFileSync(file);
  const other = bytes.findIndex((b) => b > 0x7f);
  if (other !== -1) throw new Error(`${file}: byte ${other} is not ASCII, and bin/ipvstop reads the bundle as latin1`);
  const script = new Script(BUNDLE_WRAPPER.join(bytes.toString('latin1')), { filename: file });
  writeFileSync(`${file}.cache`, script.createCachedData());
}

await bundle('src/cli/main.ts', 'dist/ipvstop.cjs');
// For `npm run bench`: the monitor's first frame natively (src/bench/firstFrame.ts), run as bin/ipvstop runs.
await bundle('src/bench/firstFrame.ts', 'dist/bench/first-frame.cjs');
writeFileSync(
  join(root, 'dist/bench/first-frame-run.cjs'),
  "require('../../bin/ipvstop').runBundle(require('node:path').join(__dirname, 'first-frame.cjs'));\n",
);
