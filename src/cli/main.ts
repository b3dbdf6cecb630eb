/** Process entry: wires the real kernel into the command handlers. */

import { listCommand } from './list.js';
import { type Handlers, run } from './program.js';

// Only `list` is loaded up front: a script calling `ipvstop list` in a loop must not pay for Ink, React or the lab,
// and each other command loads what it needs when it runs.
const handlers: Handlers = {
  monitor: async (opts, io) => (await import('./monitor.js')).monitorCommand(opts, io),
  list: listCommand,
  lab: async (flags, io) => (await import('./lab.js')).labCommand(flags, io),
  weights: async (request, io) => (await import('./weights.js')).weightsCommand(request, io),
  conns: async (flags, io) => (await import('./conns.js')).connsCommand(flags, io),
  doctor: async (flags, io) => (await import('./doctor.js')).doctorCommand(flags, io),
  fleet: async (flags, io) => (await import('./fleet.js')).fleetCommand(flags, io),
  record: async (flags, io) => (await import('./record.js')).recordCommand(flags, io),
  replay: async (flags, io) => (await import('./replay.js')).replayCommand(flags, io),
  snapshot: async (flags, io) => (await import('./snapshot.js')).snapshotCommand(flags, io),
  exporter: async (flags, io) => (await import('./exporter.js')).exporterCommand(flags, io),
};

// EPIPE (e.g. `ipvstop list | head`) is a normal end for a listing, not a crash.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
});

// No top-level await: the bundle (src/build/bundle.mjs) is CommonJS, the only format a single executable runs.
void run(process.argv.slice(2), handlers, { stdout: process.stdout, stderr: process.stderr }).then((code) => {
  process.exitCode = code;
});
