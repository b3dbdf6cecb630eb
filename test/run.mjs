#!/usr/bin/env node
// `npm test`: installs what is missing, builds, then runs the kernel suites inside the
// User-Mode Linux lab and, beside them, the checks and the host suites; it ends with one line
// "tests: N passed, N failed". Plain Node (no dependencies) so that it runs on
// a fresh clone before `npm ci`.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { shareSuites } from './labShares.mjs';

const root = new URL('..', import.meta.url).pathname;
const only = process.argv[2]; // 'host' | 'lab' | undefined (both)
// After 'host' or 'lab': vitest filters (file names or parts of them), to run a few suites.
const filters = process.argv.slice(3).filter((f) => /^[\w./-]+$/.test(f));
process.chdir(root);

function step(what, cmd, args) {
  process.stderr.write(`\n== ${what}\n`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, CI: 'true' } });
  if (r.status !== 0) {
    process.stderr.write(`\n${what} failed (exit ${r.status ?? r.signal})\n`);
    process.stdout.write('tests: 0 passed, 1 failed\n');
    process.exit(1);
  }
}

/** Each test file's time, by group ('host', 'lab', 'lab-host'), printed at the end. */
const times = [];

/** Notes each file's time from what test/fileTimes.ts wrote. */
function noteTimes(text, group) {
  for (const t of text ? JSON.parse(text) : [])
    times.push({ ...t, group, file: t.file.replace(/^.*?\/test\//, 'test/') });
}
const readTimes = (file) => (existsSync(file) ? readFileSync(file, 'utf8') : undefined);
/** Each file's whole time, hooks included (the JSON report's leave them out). */
const TIMES_REPORTER = '--reporter=./test/fileTimes.ts';

/** Each failed test's name and the first line of its message, printed last, where CI's tail shows them. */
const failures = [];
function noteFailures(report) {
  for (const file of report.testResults ?? []) {
    const name = file.name.replace(/^.*?\/test\//, 'test/');
    if (file.status === 'failed' && !file.assertionResults?.some((t) => t.status === 'failed'))
      failures.push(`${name}: ${firstLine(file.message)}`);
    for (const t of file.assertionResults ?? [])
      if (t.status === 'failed') failures.push(`${name} > ${t.fullName}: ${why(t)}`);
  }
}
const firstLine = (text) => (text ?? '').split('\n')[0].slice(0, 300);
// vitest's JSON report gives a timed-out test the stack it took when the test began, under this placeholder.
const why = (t) => {
  const line = firstLine(t.failureMessages?.[0]);
  return line === 'Error: STACK_TRACE_ERROR' ? `timed out (after ${Math.round(t.duration ?? 0)} ms)` : line;
};

/** Counts from a vitest JSON report. */
function counts(file) {
  if (!existsSync(file)) return undefined;
  const j = JSON.parse(readFileSync(file, 'utf8'));
  // A suite that failed to load fails no test but leaves success false: count it.
  const suiteFailure = !j.success && j.numFailedTests === 0 ? 1 : 0;
  noteFailures(j);
  return {
    passed: j.numPassedTests,
    failed: j.numFailedTests + suiteFailure,
    skipped: j.numPendingTests + j.numTodoTests,
  };
}

// npm ci builds too (the package's `prepare` script): built once, not twice.
if (!existsSync(join(root, 'node_modules/.package-lock.json')))
  step('npm ci (and the build: tsc, then the bundle bin/ipvstop runs)', 'npm', ['ci', '--no-audit', '--no-fund']);
else step('build (tsc, then the bundle bin/ipvstop runs)', 'npm', ['run', 'build']);

const out = mkdtempSync(join(tmpdir(), 'ipvstop-test-'));
const totals = { passed: 0, failed: 0, skipped: 0 };
const add = (c) => {
  if (c) for (const k of Object.keys(totals)) totals[k] += c[k];
  else totals.failed++;
};

// Each guest runs on one core, one suite after another; two guests share the suites (test/labShares.mjs;
// one guest took 45 of a run's 48.9 minutes, 2026-12-07). What needs no guest (the checks, the host
// suites) runs beside them, niced. `ipvstop lab` from the host boots guests of its own: it runs after
// them, so that no more than two guests run at once on CI's two cores.
// Awaited here, the lab's preparation ends before anything runs beside it; the guests' run is `lab`.
const lab = only === 'host' ? undefined : (await startLab()).done;
let beside = lab !== undefined;
await check('type-check the tests', 'npx', ['tsc', '-p', 'test/tsconfig.json']);
// The formatter and the linter (Biome, biome.jsonc): zero findings, warnings included.
await check('format and lint (biome)', 'npx', ['biome', 'ci', '--error-on-warnings', '.']);
if (only !== 'lab') await vitestGroup('host', 'host suites', 'test/vitest.config.ts');
if (lab) {
  await lab;
  beside = false;
  const what = '`ipvstop lab` from the host (each test boots the lab)';
  await vitestGroup('lab-host', what, 'test/vitest.lab-host.config.ts');
}

/** Runs a command to its end; beside the lab, its output is kept and printed in one piece at its end. */
function run(what, cmd, args, env = {}) {
  return new Promise((done) => {
    const fullEnv = { ...process.env, CI: 'true', ...env };
    if (!beside) process.stderr.write(`\n== ${what}\n`);
    // Niced beside the guest, so that its suites keep their core as far as they can (a lab suite of
    // 49 s took 65 s beside the host suites niced, 83 s beside a second guest).
    const [c, a] = beside ? ['nice', ['-n', '10', cmd, ...args]] : [cmd, args];
    const child = spawn(c, a, { stdio: beside ? ['ignore', 'pipe', 'pipe'] : 'inherit', env: fullEnv });
    const kept = [];
    child.stdout?.on('data', (b) => kept.push(b));
    child.stderr?.on('data', (b) => kept.push(b));
    child.on('close', (status, signal) => {
      if (beside) process.stderr.write(`\n== ${what} (ran beside the lab)\n${Buffer.concat(kept)}`);
      done(status ?? signal);
    });
  });
}

/** A check that passes or fails as a whole (one failed test when it fails). */
async function check(what, cmd, args) {
  const status = await run(what, cmd, args);
  if (status === 0) return;
  process.stderr.write(`\n${what} failed (exit ${status})\n`);
  totals.failed++;
}

/** One vitest run on the host, its counts and each file's time noted. */
async function vitestGroup(group, what, config) {
  const report = join(out, `${group}.json`);
  const timesFile = join(out, `${group}-times.json`);
  const args = ['vitest', 'run', '--config', config, '--passWithNoTests', '--reporter=default', '--reporter=json'];
  await run(what, 'npx', [...args, TIMES_REPORTER, `--outputFile.json=${report}`, ...filters], {
    IPVSTOP_FILE_TIMES: timesFile,
  });
  add(counts(report));
  noteTimes(readTimes(timesFile), group);
}

/**
 * Boots the guests for the kernel suites; `done` settles when they end. What must come before them
 * runs first, in the foreground: what `npm run package` builds (for the single-executable suite),
 * and the Debian packages the lab needs. Without filters the suites are shared between two guests
 * (test/labShares.mjs); with filters, one guest runs what they name.
 */
async function startLab() {
  const executableSuite = 'test/lab/executable.test.ts';
  if (filters.length === 0 || filters.some((f) => executableSuite.includes(f)))
    step('the single executable (npm run package)', 'node', ['src/build/package.mjs']);
  process.stderr.write('\n== kernel suites (User-Mode Linux lab)\n');
  const { ensureLabPackages } = await import(join(root, 'dist/lab/deps.js'));
  const { runInLab } = await import(join(root, 'dist/lab/uml.js'));
  try {
    ensureLabPackages((l) => process.stderr.write(`${l}\n`));
  } catch (e) {
    process.stderr.write(`lab: ${e.message}\n`);
    totals.failed++;
    return { done: Promise.resolve() };
  }
  if (filters.length > 0) return { done: runGuest(runInLab, filters, process.stderr) };
  const suites = readdirSync(join(root, 'test/lab'))
    .filter((f) => f.endsWith('.test.ts'))
    .map((f) => `test/lab/${f}`);
  const shares = shareSuites(suites, 2).filter((s) => s.files.length > 0);
  const guests = shares.map((share, i) => {
    const label = `[lab ${i + 1}]`;
    process.stderr.write(`${label} ${share.files.length} suites, about ${share.seconds} s: ${share.files.join(' ')}\n`);
    return runGuest(runInLab, share.files, linePrefixer(label));
  });
  // In an object: an async function that returned the promise itself would be awaited through it.
  return { done: Promise.all(guests) };
}

/** One guest running the kernel suites `files` names (vitest filters), its counts and times noted at its end. */
function runGuest(runInLab, files, echo) {
  return runInLab({
    job: `bash src/lab/guest/start-lab.sh || exit 1
export CI=true IPVSTOP_FILE_TIMES=/run/io/out/times.json
npx vitest run --configLoader runner --config test/vitest.lab.config.ts --reporter=default --reporter=json ${TIMES_REPORTER} --outputFile.json=/run/io/out/lab.json ${files.join(' ')} > /dev/console 2>&1`,
    // A guest's share took 19-22 min on a 2-core machine (2026-12-07), all of them in one guest 45: 75 keeps the
    // whole run under CI's 90 whatever one guest does.
    timeoutMs: 75 * 60_000,
    echo,
  }).then(
    (r) => {
      const labReport = r.files.get('lab.json');
      add(labReport ? counts(writeTmp(mkdtempSync(join(out, 'lab-')), 'lab.json', labReport)) : undefined);
      noteTimes(r.files.get('times.json'), 'lab');
      if (r.status === undefined) echo.write(`lab guest died${r.timedOut ? ' (timeout)' : ''}\n`);
    },
    (e) => {
      echo.write(`lab: ${e.message}\n`);
      totals.failed++;
    },
  );
}

/** A stream-like `write` that prints whole lines on stderr, each after `label` (two guests' consoles interleave). */
function linePrefixer(label) {
  let partial = '';
  return {
    write(chunk) {
      const lines = (partial + chunk.toString()).split('\n');
      partial = lines.pop();
      for (const line of lines) process.stderr.write(`${label} ${line}\n`);
      return true;
    },
  };
}

function writeTmp(dir, name, text) {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

rmSync(out, { recursive: true, force: true });
printTimes();
if (failures.length) process.stderr.write(`\n== what failed\n${failures.map((f) => `  ${f}\n`).join('')}`);
process.stdout.write(
  `\ntests: ${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}\n`,
);
process.exit(totals.failed ? 1 : 0);

/** Each suite's time, longest first in each group, and their sum (the host's files run side by side). */
function printTimes() {
  for (const group of ['host', 'lab', 'lab-host']) {
    const mine = times.filter((t) => t.group === group).sort((a, b) => b.seconds - a.seconds);
    if (mine.length === 0) continue;
    const sum = mine.reduce((n, t) => n + t.seconds, 0);
    process.stderr.write(`\n== time of each ${group} suite (${sum.toFixed(1)} s in all)\n`);
    for (const t of mine) {
      const mark = t.state === 'passed' ? '' : ` (${t.state})`;
      process.stderr.write(`${t.seconds.toFixed(1).padStart(8)} s  ${t.file}${mark}\n`);
    }
  }
}
