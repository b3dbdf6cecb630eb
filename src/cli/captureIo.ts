/** An Io whose output is kept as text: for running a command's function and taking what it printed (snapshot's parts). */
import { Writable } from 'node:stream';
import type { Io } from './program.js';

export interface CapturedIo {
  io: Io;
  stdout(): string;
  stderr(): string;
}

function sink(): { stream: Writable; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  return { stream, text: () => chunks.join('') };
}

export function captureIo(): CapturedIo {
  const out = sink();
  const err = sink();
  return { io: { stdout: out.stream, stderr: err.stream }, stdout: out.text, stderr: err.text };
}
