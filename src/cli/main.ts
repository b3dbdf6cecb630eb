/** Process entry: wires the real kernel into the command handlers. */

import { connsCommand } from './conns.js';
import { doctorCommand } from './doctor.js';
import { labCommand } from './lab.js';
import { listCommand } from './list.js';
import { monitorCommand } from './monitor.js';
import { type Handlers, run } from './program.js';
import { weightsCommand } from './weights.js';

const handlers: Handlers = {
  monitor: monitorCommand,
  list: listCommand,
  lab: labCommand,
  weights: weightsCommand,
  conns: connsCommand,
  doctor: doctorCommand,
};

// EPIPE (e.g. `ipvstop list | head`) is a normal end for a listing, not a crash.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
});

process.exitCode = await run(process.argv.slice(2), handlers, { stdout: process.stdout, stderr: process.stderr });
