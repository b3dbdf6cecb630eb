/** Process entry: runs the command line with the handlers wired to the real kernel. */

import { commandHandlers } from './handlers.js';
import { run } from './program.js';

// EPIPE (e.g. `ipvstop list | head`) is a normal end for a listing, not a crash.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
});

// No top-level await: the bundle (src/build/bundle.mjs) is CommonJS, the only format a single executable runs.
void run(process.argv.slice(2), commandHandlers, { stdout: process.stdout, stderr: process.stderr }).then((code) => {
  process.exitCode = code;
});
