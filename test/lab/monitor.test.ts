/**
 * The real monitor in tmux inside the lab guest: what it shows is checked
 * against ipvsadm and /proc, and what each key does is read back from the
 * kernel with ipvsadm, ip and tcpdump (not with our own code).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { captureArp, holdTraffic, ROOT, releaseTraffic, resumeTraffic, sh, shRaw } from './helpers.js';
import { pollUntil } from './polling.js';
import { holdStillTable, releaseStillTable } from './stillTable.js';
import { Screen } from './tmux.js';

const restoreTable = (): Promise<string> => sh(`bash ${ROOT}src/lab/guest/services.sh`);
const pause = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

let screen: Screen | undefined;
let sessions = 0;

/** A monitor in a fresh tmux session, waited for until its first full frame; killed after the test. */
async function open(args = '', cols = 80, rows = 24): Promise<Screen> {
  screen = Screen.start(`m${++sessions}`, args, cols, rows);
  return firstFrame(screen);
}

async function firstFrame(s: Screen): Promise<Screen> {
  // Loading Ink from the guest's hostfs takes seconds (about 5 s idle, far more while the guest is busy).
  try {
    await s.waitFor(/TCP 192\.0\.2\.1:80[\s\S]*198\.51\.100\.13:80/, 60_000);
  } catch (e) {
    // What the process is doing, for a monitor that never showed the table.
    const trace = await shRaw(
      "P=$(pgrep -f '^node .*main\\.js' | head -1); grep State /proc/$P/status; timeout 3 strace -f -p $P 2>&1 | grep -v futex | head -40",
    );
    throw new Error(`${(e as Error).message}\n${trace.stdout}`);
  }
  return s;
}

/** Keys one at a time, as a person types them (tmux would otherwise send them as one read). */
async function press(...keys: string[]): Promise<void> {
  for (const k of keys) {
    screen!.keys(k);
    await pause(150);
  }
}

/** Retries until `f` stops throwing (the screen lags the kernel by up to one interval). */
const eventually = <T>(f: () => Promise<T>, timeoutMs = 12_000): Promise<T> =>
  pollUntil('no failure', f, () => true, timeoutMs, { minPauseMs: 300, retryErrors: true });

/** The screen row of a real server of a service (tokens after the address: method, weight, active, inactive). */
function destRow(text: string, service: string, dest: string): string[] {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l.includes(service));
  if (start < 0) throw new Error(`no ${service} on screen:\n${text}`);
  const line = lines.slice(start + 1).find((l) => l.includes(`-> ${dest}`));
  if (!line) throw new Error(`no ${dest} under ${service} on screen:\n${text}`);
  return line
    .slice(line.indexOf('->') + 2)
    .trim()
    .split(/\s+/);
}

/** ipvsadm's row of the same real server: [address, method, weight, active, inactive]. */
async function ipvsadmRow(serviceArg: string, dest: string): Promise<string[]> {
  const out = await sh(`ipvsadm -L -n ${serviceArg}`);
  const line = out.split('\n').find((l) => l.includes(`-> ${dest}`));
  if (!line) throw new Error(`ipvsadm has no ${dest}:\n${out}`);
  return line.trim().split(/\s+/).slice(1);
}

async function stats(serviceArg: string): Promise<{ conns: number; inPkts: number }> {
  const line = (await sh(`ipvsadm -L -n --stats --exact ${serviceArg}`)).split('\n').find((l) => /^(TCP|UDP)/.test(l))!;
  const f = line.trim().split(/\s+/);
  return { conns: Number(f[2]), inPkts: Number(f[3]) };
}

beforeAll(async () => {
  await restoreTable();
  await resumeTraffic();
  await pause(2000); // let the traffic fill the counters
});

/** Screens that outlive a test (the shared monitor of the keys' tests): their describe kills them. */
const kept = new Set<Screen>();

afterEach(() => {
  if (screen && !kept.has(screen)) screen.kill();
  screen = undefined;
});

afterAll(async () => {
  await resumeTraffic();
  await restoreTable();
});

describe('the monitor at 80x24, on a table held still', () => {
  // Counts fall as entries expire, and a screen a refresh behind cannot be compared with a table that moves.
  beforeAll(holdStillTable, 300_000);
  afterAll(releaseStillTable);

  it('takes the alternate screen and shows every real server as ipvsadm does', async () => {
    const s = await open();
    expect(s.alternateOn()).toBe(true);
    const text = s.text();
    expect(text.split('\n').every((l) => [...l].length <= 80)).toBe(true);
    expect(text).toMatch(/IPVS 1\.2\.1/);
    expect(text).toMatch(/svc 4 {2}rs 12/);
    // The table is still: the screen must agree with ipvsadm to the last connection (after a refresh).
    for (const dest of ['198.51.100.11:80', '198.51.100.12:80', '198.51.100.13:80']) {
      await eventually(async () => {
        const theirs = await ipvsadmRow('-t 192.0.2.1:80', dest);
        const ours = destRow(s.text(), 'TCP 192.0.2.1:80', dest);
        // Both: address, forwarding method, weight, active, inactive.
        expect(ours.slice(0, 5)).toEqual(theirs.slice(0, 5));
      });
    }
    expect(destRow(s.text(), 'TCP 192.0.2.2:80', '198.51.100.13:80')[2]).toBe('0');
    expect(s.text()).toMatch(/~ +-> 198\.51\.100\.13:80/); // quiesced stands out
  });

  it('counts connection states as ipvsadm -Lcn | awk | sort | uniq -c does', async () => {
    const s = await open('--exact');
    await press('2');
    await s.waitFor(/\[2 Connections\][\s\S]*ESTABLISHED|\[2 Connections\][\s\S]*TIME_WAIT/);
    await eventually(async () => {
      const counted = await sh("ipvsadm -Lcn | awk 'NR>2 {print $3}' | sort | uniq -c");
      const theirs = new Map(
        counted
          .trim()
          .split('\n')
          .filter(Boolean)
          .map((l) => {
            const [n, st] = l.trim().split(/\s+/);
            return [st!, n!];
          }),
      );
      const text = s.text();
      const connSection = text.slice(text.indexOf('Connections'), text.indexOf('Templates'));
      for (const [state, n] of theirs) {
        if (state === 'NONE' || state === 'ASSURED') continue; // templates, shown apart
        expect(connSection).toMatch(new RegExp(`${state} +${n}\\b`));
      }
    });
  });

  it('follows a resize to 200x50 and back without leftovers', async () => {
    const s = await open();
    s.resize(200, 50);
    // The whole frame, not just its titles (a capture may catch a frame half written); the
    // three titles share a line, so each part is looked for on its own.
    await s.waitFor(/^(?=[\s\S]*2 Connections)(?=[\s\S]*3 Timeouts)(?=[\s\S]*tcp +\d+ s)(?=[\s\S]*4 ARP)/);
    const big = s.lines();
    expect(big.length).toBeLessThanOrEqual(50);
    s.resize(80, 24);
    await s.waitFor(/\[1 Services\]/);
    await pause(1500);
    const lines = s.lines();
    expect(lines.length).toBeLessThanOrEqual(24);
    expect(lines.every((l) => [...l].length <= 80)).toBe(true);
    // The doctor's markers (` 1 WARN `, e.g. for IPVS messages an earlier suite left in the kernel log) come first.
    expect(lines[0]).toMatch(/^(?: \d+ (?:CRIT|WARN) +)*\S+ +Linux /);
    expect(lines.filter((l) => /\? Help/.test(l))).toHaveLength(1);
    expect(lines.filter((l) => /^svc \d+/.test(l))).toHaveLength(1);
  });
});

describe('keys that act on the kernel', () => {
  // The tests that take the monitor as it starts share one: a start costs 8-10 s of the one-core guest.
  // Each leaves no dialog open, and its messages are its own; each begins on the Services pane, where
  // nothing moves the selection from the first service.
  let keysMonitor: Screen | undefined;
  async function sharedMonitor(): Promise<Screen> {
    if (keysMonitor) {
      screen = keysMonitor;
      await press('1');
      return keysMonitor;
    }
    screen = keysMonitor = Screen.start(`m${++sessions}`, '', 80, 24);
    kept.add(keysMonitor);
    return firstFrame(keysMonitor);
  }
  afterAll(() => keysMonitor?.kill());

  it('z zeroes the selected service only after y', async () => {
    await holdTraffic(); // not a packet may arrive between the zeroing and the reads
    try {
      const s = await sharedMonitor();
      await press('z');
      await s.waitFor(/\$ ipvsadm -Z -t 192\.0\.2\.1:80/);
      await press('n');
      await s.waitFor(/cancelled: nothing was changed/);
      expect((await stats('-t 192.0.2.1:80')).conns).toBeGreaterThan(0);
      await press('z');
      await s.waitFor(/\$ ipvsadm -Z -t 192\.0\.2\.1:80/);
      await press('y');
      await s.waitFor(/zeroed the counters of -t 192\.0\.2\.1:80/);
      expect(await stats('-t 192.0.2.1:80')).toEqual({ conns: 0, inPkts: 0 });
      expect((await stats('-t 192.0.2.2:80')).conns).toBeGreaterThan(0);
    } finally {
      await releaseTraffic();
    }
  });

  it('Z zeroes all counters, Esc cancels', async () => {
    await pause(1500);
    await holdTraffic(); // not a packet may arrive between the zeroing and the reads
    try {
      const s = await sharedMonitor();
      await press('Z');
      await s.waitFor(/\$ ipvsadm -Z\s/);
      await press('Escape');
      await s.waitFor(/cancelled/);
      expect((await stats('-t 192.0.2.2:80')).conns).toBeGreaterThan(0);
      await press('Z');
      await s.waitFor(/\$ ipvsadm -Z\s/);
      await press('y');
      await s.waitFor(/zeroed all counters/);
      for (const svc of ['-t 192.0.2.1:80', '-u 192.0.2.1:53', '-t 192.0.2.2:80'])
        expect((await stats(svc)).conns).toBe(0);
    } finally {
      await releaseTraffic();
    }
  });

  it('t sets timeouts, refusing a bad value inline', async () => {
    const before = await sh('ipvsadm -L --timeout');
    const s = await sharedMonitor();
    await press('t');
    await s.waitFor(/Set timeouts/);
    await press('C-u', 'x', 'Enter');
    await s.waitFor(/"x" is not a whole number of seconds/);
    expect(await sh('ipvsadm -L --timeout')).toBe(before);
    // Backspace for the one field, Ctrl-U (empty the field) for the others.
    await press('BSpace', '3', '3', 'Tab', 'C-u', '4', '4', 'Tab', 'C-u', '5', '5', 'Enter');
    await s.waitFor(/\$ ipvsadm --set 33 44 55/);
    try {
      await press('y');
      await s.waitFor(/timeouts set/);
      expect(await sh('ipvsadm -L --timeout')).toMatch(/\(tcp tcpfin udp\): 33 44 55$/m);
      await press('3');
      await s.waitFor(/tcp +33 s[\s\S]*tcpfin +44 s[\s\S]*udp +55 s/);
    } finally {
      await sh('ipvsadm --set 900 120 300');
    }
    // Each key its own tmux call: half a second each on a busy guest.
  }, 120_000);

  it("f flushes the neighbour table of the selected VIP's interface", async () => {
    await sh('ip neigh replace 203.0.113.77 lladdr 02:00:00:00:01:77 dev lab-client nud stale');
    await sh('ip neigh replace 198.51.100.77 lladdr 02:00:00:00:00:77 dev lab-rs nud stale');
    const s = await sharedMonitor();
    await press('f');
    await s.waitFor(/\$ ip neigh flush dev lab-client/);
    await press('y');
    await s.waitFor(/flushed \d+ neighbour entr(y|ies) on lab-client/);
    expect(await sh('ip neigh show dev lab-client')).not.toMatch(/203\.0\.113\.77/);
    expect(await sh('ip neigh show dev lab-rs')).toMatch(/198\.51\.100\.77/);
    await sh('ip neigh del 198.51.100.77 dev lab-rs');
  });

  it('f with --iface flushes that interface', async () => {
    await sh('ip neigh replace 198.51.100.77 lladdr 02:00:00:00:00:77 dev lab-rs nud stale');
    const s = await open('--iface lab-rs');
    await press('f');
    await s.waitFor(/\$ ip neigh flush dev lab-rs/);
    await press('y');
    await s.waitFor(/flushed \d+ neighbour entr(y|ies) on lab-rs/);
    expect(await sh('ip neigh show dev lab-rs')).not.toMatch(/198\.51\.100\.77/);
  });

  it('g sends gratuitous ARP for the selected VIP, seen in the client namespace', async () => {
    const s = await sharedMonitor();
    const seen = captureArp();
    await pause(1500); // let tcpdump attach
    await press('g');
    await s.waitFor(/\$ arping -U -c 3 -I lab-client -s 192\.0\.2\.1 192\.0\.2\.1/);
    await press('y');
    await s.waitFor(/sent 3 gratuitous ARPs for 192\.0\.2\.1 on lab-client/);
    expect(await seen).toMatch(/Request who-has 192\.0\.2\.1 (\(ff:ff:ff:ff:ff:ff\) )?tell 192\.0\.2\.1/);
  });

  it('C clears the table only when "clear" is typed, never on a bare y', async () => {
    const s = await sharedMonitor();
    await press('C');
    await s.waitFor(/Type clear and Enter to confirm/);
    await press('y', 'Enter');
    await s.waitFor(/type "clear" exactly/);
    expect((await sh('ipvsadm -S -n')).split('\n').filter((l) => l.startsWith('-A'))).toHaveLength(4);
    await press('Escape');
    await s.waitFor(/cancelled/);
    await press('C');
    await s.waitFor(/Type clear and Enter/);
    await press('c', 'l', 'e', 'a', 'r', 'Enter');
    await s.waitFor(/cleared the IPVS table \(4 services removed\)/);
    expect(await sh('ipvsadm -S -n')).toBe('');
    await s.waitFor(/no virtual services/);
    await restoreTable();
  });

  it('--read-only refuses every action key and changes nothing', async () => {
    const before = await sh('ipvsadm -S -n');
    const s = await open('--read-only');
    await s.waitFor(/READ-ONLY/);
    for (const k of ['z', 'Z', 'C', 't', 'f', 'g']) {
      await press(k);
      await s.waitFor(/refused: read-only mode/);
      expect(s.text()).not.toMatch(/Confirm|Set timeouts/);
    }
    expect(await sh('ipvsadm -S -n')).toBe(before);
  });
});

/** The texts a screen line draws on a yellow background (SGR 43: the theme's highlight of a changed value). */
function onYellow(line: string): string[] {
  const found: string[] = [];
  let yellow = false;
  for (const part of line.split(/(\x1b\[[0-9;]*m)/)) {
    const sgr = /^\x1b\[([0-9;]*)m$/.exec(part);
    if (!sgr) {
      if (yellow && part.trim()) found.push(part.trim());
      continue;
    }
    for (const code of sgr[1]!.split(';')) {
      if (code === '43') yellow = true;
      else if (code === '49' || code === '0' || code === '') yellow = false;
    }
  }
  return found;
}

describe('change highlighting', () => {
  it('highlights a weight ipvsadm changed; a removed server stays marked gone, uncounted, then leaves', async () => {
    const s = await open();
    const row = (dest: string): string =>
      s
        .styledText()
        .split('\n')
        .find((l) => l.includes(`-> ${dest}`)) ?? '';
    try {
      await sh('ipvsadm -e -t 192.0.2.1:80 -r 198.51.100.11:80 -m -w 5');
      await eventually(async () => expect(onYellow(row('198.51.100.11:80'))).toEqual(['5']), 8000);
      expect(onYellow(row('198.51.100.12:80'))).toEqual([]);
      // The mark goes after a few seconds; the weight stays.
      await eventually(async () => expect(onYellow(row('198.51.100.11:80'))).toEqual([]), 15_000);
      expect(destRow(s.text(), 'TCP 192.0.2.1:80', '198.51.100.11:80')[2]).toBe('5');

      await sh('ipvsadm -d -t 192.0.2.1:80 -r 198.51.100.12:80');
      const gone = await s.waitFor(/-> 198\.51\.100\.12:80 .*gone/, 8000);
      // Shown, never counted: the header has 11 real servers while the gone one is on screen.
      expect(gone).toMatch(/svc 4 {2}rs 11\b/);
      const started = Date.now();
      // Then it leaves: the rows between 192.0.2.1:80 and the next service no longer have it.
      await eventually(async () => {
        const text = s.text();
        expect(text).toMatch(/TCP 192\.0\.2\.1:80((?!TCP )[\s\S])*-> 198\.51\.100\.13:80/);
        expect(text).not.toMatch(/TCP 192\.0\.2\.1:80((?!TCP )[\s\S])*-> 198\.51\.100\.12:80/);
      }, 15_000);
      // It stayed a few seconds (5 s from the refresh that found it gone), not one refresh.
      expect(Date.now() - started).toBeGreaterThan(2000);
    } finally {
      await restoreTable();
    }
  });
});

describe('the Events pane and looking back', () => {
  it('lists a weight ipvsadm changed under the running monitor at its top, old -> new; Enter, [ and Space go to its moment, before it and back to live', async () => {
    const before = (await ipvsadmRow('-t 192.0.2.1:80', '198.51.100.12:80'))[2];
    const s = await open();
    try {
      await sh('ipvsadm -e -t 192.0.2.1:80 -r 198.51.100.12:80 -m -w 5');
      expect((await ipvsadmRow('-t 192.0.2.1:80', '198.51.100.12:80'))[2]).toBe('5');
      await press('7');
      await s.waitFor(/\[7 Events\]/);
      // The words of the table's events (src/state/eventWords.ts), as ipvstop's own weight action logs them.
      const line = new RegExp(
        `^\\d\\d:\\d\\d:\\d\\d {2}weight of -t 192\\.0\\.2\\.1:80 -r 198\\.51\\.100\\.12:80: ${before} -> 5\\s*$`,
      );
      await eventually(async () => {
        const lines = s.lines();
        const tab = lines.findIndex((l) => l.includes('[7 Events]'));
        expect(lines[tab + 1]).toMatch(line);
      }, 8000);
      expect(s.lines().every((l) => [...l].length <= 80)).toBe(true);

      // Enter: the moment the change was first read, in the past, with the new weight.
      await press('Enter');
      await s.waitFor(/PAST \d\d:\d\d:\d\d \(-\d+s\)/, 8000);
      await press('1');
      const weightShown = () => destRow(s.text(), 'TCP 192.0.2.1:80', '198.51.100.12:80')[2]?.replace('*', '');
      expect(weightShown()).toBe('5');
      // [: the moment before it, the weight as it was; the live table is not touched.
      await press('[');
      await eventually(async () => expect(weightShown()).toBe(before), 4000);
      expect(s.text()).toMatch(/PAST /);
      expect((await ipvsadmRow('-t 192.0.2.1:80', '198.51.100.12:80'))[2]).toBe('5');
      // No action key acts in the past.
      await press('z');
      await s.waitFor(/z Zero: the view is at \d\d:\d\d:\d\d, in the past; Space goes back to live/, 4000);
      // Space: live again, the weight as it is.
      await press('Space');
      await eventually(async () => {
        expect(s.text()).not.toMatch(/PAST /);
        expect(weightShown()).toBe('5');
      }, 4000);
    } finally {
      await restoreTable();
    }
  });
});

describe('leaving', () => {
  it('q quits and gives the terminal back', async () => {
    const s = await open();
    await press('q');
    await s.waitFor(/\[exited 0\]/);
    expect(s.alternateOn()).toBe(false);
  });

  it.each([
    ['HUP', 129],
    ['TERM', 143],
    ['INT', 130],
    ['QUIT', 131],
  ])('SIG%s leaves no process and restores the screen', async (signal, code) => {
    const s = await open('-i 0.7');
    // The node process only: the tmux shell around it must live on to print the exit status.
    await sh(`pkill -${signal} -f '^node .*bin/ipvstop -i 0\\.7'`);
    await s.waitFor(new RegExp(`\\[exited ${code}\\]`));
    expect(s.alternateOn()).toBe(false);
    expect((await shRaw("pgrep -f '^node .*bin/ipvstop -i 0\\.7'")).stdout.trim()).toBe('');
  });

  it('Ctrl-Z gives the terminal back as it was; fg takes it again and draws the whole screen', async () => {
    screen = Screen.shell(`m${++sessions}`);
    const s = screen;
    s.type(`stty -a > /tmp/stty.before; node ${ROOT}bin/ipvstop -i 0.7`);
    s.keys('Enter');
    await s.waitFor(/TCP 192\.0\.2\.1:80[\s\S]*198\.51\.100\.13:80/, 60_000);
    s.keys('C-z');
    await s.waitFor(/Stopped/);
    expect(s.alternateOn()).toBe(false);
    s.type('stty -a > /tmp/stty.after; clear; fg');
    s.keys('Enter');
    await s.waitFor(/TCP 192\.0\.2\.1:80[\s\S]*198\.51\.100\.13:80/, 30_000);
    expect(s.alternateOn()).toBe(true);
    expect(await sh('cat /tmp/stty.after')).toBe(await sh('cat /tmp/stty.before'));
    // Keys work again after the resume.
    await press('2');
    await s.waitFor(/\[2 Connections\]/);
    await press('q');
    await s.waitFor(/^bash[^\n]*[#$] ?$/m); // tmux drops the prompt's trailing space
    expect(s.alternateOn()).toBe(false);
  });
});
