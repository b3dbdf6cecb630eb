/** Each command's handler, wired to the real kernel: what bin/ipvstop runs (main.ts), and the lab's tests in their own process. */
import { listCommand } from './list.js';
import type { Handlers } from './program.js';

// Only `list` is loaded up front: a script calling `ipvstop list` in a loop must not pay for Ink, React or the lab,
// and each other command loads what it needs when it runs.
export const commandHandlers: Handlers = {
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
