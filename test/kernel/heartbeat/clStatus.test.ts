import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readClStatus } from '../../../src/kernel/heartbeat/clStatus.js';

const dir = mkdtempSync(join(tmpdir(), 'cl-status-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A stand-in cl_status: a shell script answering as the real one does. */
function fake(name: string, body: string): string {
  const path = join(dir, name);
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, 0o755);
  return path;
}

// The real one's answers on the lab's backup node after the master's heartbeat was killed.
const WORKING = fake(
  'working',
  `case "$1 $2" in
  "hbstatus ") echo "Heartbeat is running on this machine." ;;
  "listnodes ") printf 'hb-d2\\nhb-d1\\n' ;;
  "nodestatus hb-d1") echo dead; exit 1 ;;
  "nodestatus hb-d2") echo active ;;
  "rscstatus ") echo all ;;
esac`,
);

describe('cl_status', () => {
  it('reads the nodes with their status (a dead one answers with a non-zero exit) and rscstatus', async () => {
    expect(await readClStatus(WORKING)).toEqual({
      nodes: [
        { name: 'hb-d2', status: 'active' },
        { name: 'hb-d1', status: 'dead' },
      ],
      rscstatus: 'all',
      errors: [],
    });
  });

  it('absent: one line saying so', async () => {
    const r = await readClStatus(join(dir, 'nowhere'));
    expect(r).toEqual({
      nodes: [],
      rscstatus: null,
      errors: [`${join(dir, 'nowhere')} not found: is heartbeat installed?`],
    });
  });

  it('failing (heartbeat stopped): one line with its exit status', async () => {
    const r = await readClStatus(fake('stopped', 'echo "Heartbeat is stopped on this machine." >&2; exit 1'));
    expect(r.errors).toEqual(['heartbeat is not running (cl_status hbstatus: exit 1)']);
    expect(r.rscstatus).toBeNull();
  });

  it('hanging: cut off at its time limit, one line, and the reading comes back within it', async () => {
    const started = performance.now();
    const r = await readClStatus(fake('hanging', 'exec sleep 30'), 300);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(r.errors).toEqual(['cl_status hbstatus: no answer within 0.3 s']);
  });

  it('garbage answers: node names that are not names are dropped, an unknown rscstatus is null', async () => {
    const r = await readClStatus(
      fake(
        'garbage',
        `case "$1" in
  hbstatus) echo ok ;;
  listnodes) printf 'good\\n\\033[2Jbad\\n' ;;
  nodestatus) printf 'act\\033ive\\n' ;;
  rscstatus) echo everything ;;
esac`,
      ),
    );
    expect(r.nodes).toEqual([{ name: 'good', status: 'act\\x1bive' }]);
    expect(r.rscstatus).toBeNull();
  });
});
