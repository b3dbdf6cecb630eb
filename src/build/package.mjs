#!/usr/bin/env node
// `npm run package` (after `npm run build`): dist/ipvstop-linux-x64, one executable file for directors without
// Node (Node 20's single-executable applications: this Node with the bundle injected by postject), the netlink
// addon carried inside as an asset (src/kernel/netlink/addon.ts loads it); and dist/ipvstop-VERSION-linux-x64.tar.gz
// with that file as `ipvstop`, the man page ipvstop.8 (from the same definitions as --help), the README, docs/ and deploy/.
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, cpSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const root = join(dirname(new URL(import.meta.url).pathname), '../..');
const dist = join(root, 'dist');
const work = join(dist, 'package');
const require = createRequire(import.meta.url);
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

if (process.platform !== 'linux' || process.arch !== 'x64') throw new Error('npm run package builds on linux-x64 only');

rmSync(work, { recursive: true, force: true });
mkdirSync(join(work, 'tar'), { recursive: true });

// The addon this installation loads (node-gyp-build's choice: a local build, else the prebuilt one).
const addon = require('node-gyp-build').path(dirname(require.resolve('netlink/package.json')));
const config = join(work, 'sea-config.json');
const blob = join(work, 'ipvstop.blob');
writeFileSync(
  config,
  JSON.stringify({
    main: join(dist, 'ipvstop.cjs'),
    output: blob,
    disableExperimentalSEAWarning: true,
    // The V8 code cache, made here: compiling the bundle was about half of `ipvstop list`'s start-up.
    useCodeCache: true,
    assets: { 'netlink.node': addon },
  }),
);
execFileSync(process.execPath, ['--experimental-sea-config', config], { stdio: 'inherit' });

const exe = join(dist, 'ipvstop-linux-x64');
rmSync(exe, { force: true });
copyFileSync(process.execPath, exe);
chmodSync(exe, 0o755);
// postject prints a warning per ELF note section it cannot name; they are harmless (nodejs/postject#76).
execFileSync(
  join(root, 'node_modules/.bin/postject'),
  [exe, 'NODE_SEA_BLOB', blob, '--sentinel-fuse', 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2'],
  { stdio: ['ignore', 'ignore', 'inherit'] },
);

const { manPage } = await import(join(dist, 'cli/manPage.js'));
const { programDefinition } = await import(join(dist, 'cli/program.js'));
const date = new Date().toISOString().slice(0, 10);
copyFileSync(exe, join(work, 'tar/ipvstop'));
writeFileSync(join(work, 'tar/ipvstop.8'), manPage(programDefinition(), version, date));
copyFileSync(join(root, 'README.md'), join(work, 'tar/README.md'));
// The README links into docs/ (the JSON documents and their schemas among them): ship them with it.
cpSync(join(root, 'docs'), join(work, 'tar/docs'), { recursive: true });
// The systemd units (exporter, recorder) and the alert rules (docs/prometheus.md, docs/history.md).
cpSync(join(root, 'deploy'), join(work, 'tar/deploy'), { recursive: true });
const tarball = join(dist, `ipvstop-${version}-linux-x64.tar.gz`);
execFileSync('tar', [
  '-czf',
  tarball,
  '--owner=0',
  '--group=0',
  '-C',
  join(work, 'tar'),
  'ipvstop',
  'ipvstop.8',
  'README.md',
  'docs',
  'deploy',
]);

const mib = (file) => (statSync(file).size / 2 ** 20).toFixed(1);
process.stdout.write(`${exe}: ${mib(exe)} MiB\n${tarball}: ${mib(tarball)} MiB\n`);
