/**
 * The fleet's session with one director, against a fake `ssh` first on PATH (the real ssh and a
 * director are the lab's business): the arguments ssh gets, documents read as data (bad ones
 * counted), reachable, stale and unreachable with ssh's own reason, and reconnection.
 */
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { BoundedLineReader } from '../../src/kernel/exec/boundedLines.js';
import { hostProblem, spawnSshWatch, sshWatchArgs } from '../../src/kernel/exec/sshCommand.js';
import { FleetSession, type HostView, parseWatchDocument } from '../../src/state/fleetSession.js';

const dir = mkdtempSync(join(tmpdir(), 'ipvstop-fleet-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The fake ssh: what it does depends on the host name; it notes its arguments and how often it ran. */
writeFileSync(
  join(dir, 'ssh'),
  `#!/usr/bin/env node
const fs = require('fs');
const args = process.argv.slice(2);
const host = args[args.indexOf('--') + 1];
const runs = ${JSON.stringify(dir)} + '/runs-' + host;
const n = (fs.existsSync(runs) ? Number(fs.readFileSync(runs, 'utf8')) : 0) + 1;
fs.writeFileSync(runs, String(n));
fs.writeFileSync(${JSON.stringify(dir)} + '/args-' + host, JSON.stringify(args));
const doc = (seq) => JSON.stringify({ schema: 1, host, seq, takenAtMs: Date.now(), services: [], doctor: null }) + '\\n';
let seq = 0;
const every = (ms, f) => setInterval(f, ms);
if (host === 'good') every(50, () => process.stdout.write(doc(++seq)));
else if (host === 'junk') {
  process.stdout.write('not json\\n[1,2]\\n{"schema":1,"host":"junk"}\\n' + 'x'.repeat(5000) + '\\n');
  process.stdout.write(doc(1));
  process.stdout.write('{"schema":1,"host":"ju');
  process.exit(0);
} else if (host === 'refused') {
  process.stderr.write('debug1: something\\nssh: connect to host refused port 22: Connection refused\\n');
  process.exit(255);
} else if (host === 'dies') {
  if (n === 1) {
    process.stdout.write(doc(1));
    setTimeout(() => { process.stderr.write('Connection to dies closed by remote host.\\n'); process.exit(255); }, 100);
  } else every(50, () => process.stdout.write(doc(++seq)));
} else if (host === 'hangs') {
  fs.writeFileSync(${JSON.stringify(dir)} + '/pid-hangs', String(process.pid));
  setInterval(() => {}, 1000);
}
`,
);
chmodSync(join(dir, 'ssh'), 0o755);
const env = { ...process.env, PATH: `${dir}:${process.env.PATH}` };

const sessions: FleetSession[] = [];
afterEach(() => {
  for (const s of sessions.splice(0)) s.stop();
});

function session(host: string, o: { staleAfterMs?: number } = {}): FleetSession {
  const s = new FleetSession({
    host,
    intervalS: 2,
    start: () => spawnSshWatch(host, '/usr/local/bin/ipvstop', 2, env),
    maxDocumentBytes: 4096,
    ...o,
  });
  sessions.push(s);
  s.start();
  return s;
}

async function until(s: FleetSession, done: (v: HostView) => boolean, ms = 5000): Promise<HostView> {
  const end = Date.now() + ms;
  for (;;) {
    const v = s.view();
    if (done(v)) return v;
    if (Date.now() > end)
      throw new Error(`waited ${ms} ms; last view: ${JSON.stringify({ ...v, document: undefined })}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('the ssh command', () => {
  it('is -T, BatchMode and bounded timeouts, the host after --, the remote program quoted for the remote shell', () => {
    expect(sshWatchArgs('lb-a.example', '/opt/ipvstop', 2)).toEqual([
      '-T',
      '-o',
      'BatchMode=yes',
      '-o',
      'ConnectTimeout=10',
      '-o',
      'ServerAliveInterval=5',
      '-o',
      'ServerAliveCountMax=3',
      '--',
      'lb-a.example',
      '/opt/ipvstop list --json --watch 2',
    ]);
    expect(sshWatchArgs('h', '/opt/my tools/ipvstop;id', 1.5).at(-1)).toBe(
      "'/opt/my tools/ipvstop;id' list --json --watch 1.5",
    );
  });

  it('refuses a host name ssh would read as an option, or that is no name', () => {
    for (const bad of ['-oProxyCommand=id', '-V', '', 'a b', 'a\nb', 'x'.repeat(256)]) {
      expect(hostProblem(bad), bad).toBeDefined();
      expect(() => sshWatchArgs(bad, 'ipvstop', 2)).toThrow(/^host name /);
    }
    for (const good of ['lb-a', 'root@192.0.2.1', '2001:db8::1', 'lb_a.example.'])
      expect(hostProblem(good)).toBeUndefined();
  });
});

describe('BoundedLineReader', () => {
  it('gives lines across chunks, drops an overlong one whole, counts a cut-off last line', () => {
    const lines: string[] = [];
    const r = new BoundedLineReader(5, (l) => lines.push(l));
    for (const c of ['ab', 'c\nde', '\n123456', '78\nok\n', 'tail']) r.push(Buffer.from(c));
    r.end();
    expect(lines).toEqual(['abc', 'de', 'ok']);
    expect([r.overlong, r.partial]).toEqual([1, 1]);
  });
});

describe('parseWatchDocument', () => {
  it('takes the watch document shape only', () => {
    const doc = { schema: 1, host: 'h', seq: 1, takenAtMs: 5, services: [] };
    expect(parseWatchDocument(JSON.stringify(doc))).toEqual(doc);
    for (const bad of [
      '',
      'null',
      '[]',
      '1',
      '{"__proto__":1}',
      JSON.stringify({ ...doc, seq: '1' }),
      JSON.stringify({ ...doc, schema: 2 }),
    ])
      expect(parseWatchDocument(bad), bad).toBeUndefined();
  });
});

describe('FleetSession with a fake ssh on PATH', () => {
  it('reads documents: reachable, the last one kept, ssh given the arguments', async () => {
    const s = session('good');
    const v = await until(s, (x) => x.state === 'reachable' && (x.document?.seq ?? 0) >= 3);
    expect(v).toMatchObject({ host: 'good', reason: null, badDocuments: 0, sessions: 1 });
    expect(v.ageMs).toBeLessThan(1000);
    const args = JSON.parse(readFileSync(join(dir, 'args-good'), 'utf8')) as string[];
    expect(args.slice(-3)).toEqual(['--', 'good', '/usr/local/bin/ipvstop list --json --watch 2']);
  });

  it('counts what is not a document (junk, wrong shape, too long, cut off) and uses the one that is', async () => {
    const s = session('junk');
    const v = await until(s, (x) => x.state !== 'connecting' && x.reason !== null);
    expect(v.document?.seq).toBe(1);
    expect(v.badDocuments).toBe(5);
    expect(v.reason).toBe('ssh exited 0');
  });

  it("unreachable with ssh's last stderr line, tried again with backoff", async () => {
    const s = session('refused');
    const v = await until(s, (x) => x.state === 'unreachable');
    const failedAt = Date.now();
    expect(v.reason).toBe('ssh: connect to host refused port 22: Connection refused');
    await until(s, (x) => x.sessions >= 2, 3000);
    // The second try after the least backoff (1 s), not at once.
    expect(Date.now() - failedAt).toBeGreaterThan(800);
    expect(s.view().state).toBe('unreachable');
  });

  it('stale with its age when the stream stops, reachable again after the reconnect', async () => {
    const s = session('dies', { staleAfterMs: 300 });
    await until(s, (x) => x.state === 'reachable');
    const stale = await until(s, (x) => x.state === 'stale');
    expect(stale.ageMs).toBeGreaterThan(300);
    expect(stale.reason).toBe('Connection to dies closed by remote host.');
    const back = await until(s, (x) => x.state === 'reachable' && x.sessions === 2, 5000);
    expect(back.reason).toBeNull();
  });

  it('a host that hangs stays connecting (ssh bounds its own connect), and stop() ends its ssh', async () => {
    const s = session('hangs');
    // The fake ssh writes its pid once it runs: 300 ms was not always enough on CI's loaded machine.
    const pidOf = () => (existsSync(join(dir, 'pid-hangs')) ? Number(readFileSync(join(dir, 'pid-hangs'), 'utf8')) : 0);
    for (let waited = 0; pidOf() === 0 && waited < 10_000; waited += 20) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 300));
    expect(s.view().state).toBe('connecting');
    const pid = pidOf();
    expect(pid).toBeGreaterThan(0);
    s.stop();
    const gone = async (): Promise<boolean> => {
      for (let i = 0; i < 50; i++) {
        try {
          process.kill(pid, 0);
        } catch {
          return true;
        }
        await new Promise((r) => setTimeout(r, 20));
      }
      return false;
    };
    expect(await gone()).toBe(true);
  });
});
