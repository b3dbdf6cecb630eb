import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { followFiles } from '../../src/lab/follow.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function collector(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (b: Buffer) => chunks.push(b));
  return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
}

describe("the lab's output files, followed as the guest writes them", () => {
  it('copies what each file gains as it comes, from a file created late, and the rest at the end', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ipvstop-follow-'));
    dirs.push(dir);
    const [out, err] = [collector(), collector()];
    const f = followFiles(dir, { stdout: out.stream, stderr: err.stream }, 10);
    await new Promise((r) => setTimeout(r, 30));
    writeFileSync(join(dir, 'stdout'), 'first\n');
    await new Promise((r) => setTimeout(r, 50));
    // Before the writer is done: what it wrote so far, and nothing twice.
    expect(out.text()).toBe('first\n');
    appendFileSync(join(dir, 'stdout'), 'second ü\n');
    writeFileSync(join(dir, 'stderr'), 'oops\n');
    f.poll();
    f.poll();
    expect(out.text()).toBe('first\nsecond ü\n');
    appendFileSync(join(dir, 'stdout'), 'last');
    f.stop();
    expect(out.text()).toBe('first\nsecond ü\nlast');
    expect(err.text()).toBe('oops\n');
    appendFileSync(join(dir, 'stdout'), 'after stop');
    await new Promise((r) => setTimeout(r, 50));
    expect(out.text()).toBe('first\nsecond ü\nlast');
  });
});
