/** The command line run as main.ts runs it, with handlers a test chooses and its output captured. */
import { PassThrough } from 'node:stream';
import { everyHandler, type Handlers, run } from '../../src/cli/program.js';

/** Every command answers `status` and does nothing, but those the test gives itself. */
export function stubHandlers(own: Partial<Handlers> = {}, status = 0): Handlers {
  return { ...everyHandler(async () => status), ...own };
}

export interface Ran {
  status: number;
  stdout: string;
  stderr: string;
}

/** Runs `argv` (without node and the script) and collects what it printed. */
export async function runCaptured(argv: string[], h: Handlers): Promise<Ran> {
  const out = new PassThrough();
  const err = new PassThrough();
  let stdout = '';
  let stderr = '';
  out.on('data', (b) => {
    stdout += b;
  });
  err.on('data', (b) => {
    stderr += b;
  });
  const status = await run(argv, h, { stdout: out, stderr: err });
  return { status, stdout, stderr };
}
