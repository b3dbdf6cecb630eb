/**
 * The connection-table section of `npm run bench` (lab guest): the table filled by a UDP flood, then
 * state counts by ipvstop against cat and ipvsadm's pipeline, and the counter's memory at two sizes.
 */
import { execSync, spawn } from 'node:child_process';
import { IP_VS_CONN } from '../kernel/proc/connTable.js';
import { countInChild } from './connParseBench.js';
import { sleep, timeShell } from './measure.js';

const sh = (cmd: string): string => execSync(cmd, { encoding: 'utf8', shell: '/bin/bash', timeout: 180_000 });

/** A running flood of the connection table (see startFlood). */
interface Flood {
  /** Holds the senders still (SIGSTOP) so measurements do not share the CPU with them. */
  pause(): void;
  resume(): void;
  stop(): void;
}

/**
 * Fills the table with UDP entries to a real server that never answers: UDP
 * entries are made by any packet and live as long as the udp timeout (an hour
 * here), where SYN_RECV entries die after 60 s, faster than this one-CPU
 * guest can make 100,000 of them. Returns how to pause, resume, stop and restore.
 */
function startFlood(): Flood {
  const timeouts = sh('ipvsadm -L --timeout').match(/(\d+) (\d+) (\d+)/)!;
  sh('ipvsadm --set 0 0 3600 && ipvsadm -A -u 192.0.2.3:9 -s rr && ipvsadm -a -u 192.0.2.3:9 -r 198.51.100.99:9 -m');
  // Two sources (one source's ports wrap at 65,536), each a packet per 1.5 ms: faster starves
  // the one-CPU guest so that the table stops growing at about 12,000 entries.
  const floods = ['203.0.113.2', '203.0.113.3'].map((src) =>
    spawn(
      'ip',
      ['netns', 'exec', 'client', 'hping3', '-q', '--udp', '-p', '9', '-a', src, '-i', 'u1500', '192.0.2.3'],
      { stdio: 'ignore' },
    ),
  );
  return {
    pause: () => {
      for (const p of floods) p.kill('SIGSTOP');
    },
    resume: () => {
      for (const p of floods) p.kill('SIGCONT');
    },
    stop: () => {
      for (const p of floods) p.kill('SIGKILL');
      sh(`ipvsadm --set ${timeouts[1]} ${timeouts[2]} ${timeouts[3]}`);
    },
  };
}

/** Waits until the connection table holds at least `rows` entries (ten minutes at most). */
async function waitForRows(rows: number, log: (line: string) => void): Promise<void> {
  const deadline = performance.now() + 600_000;
  let lastLog = 0;
  while (performance.now() < deadline) {
    // The real server's active + inactive counts: cheaper than counting /proc rows in a slow guest.
    const m = /198\.51\.100\.99:9\s+\S+\s+\d+\s+(\d+)\s+(\d+)/.exec(sh('ipvsadm -L -n -u 192.0.2.3:9'));
    const n = m ? Number(m[1]) + Number(m[2]) : 0;
    if (performance.now() - lastLog > 10_000) {
      log(`connection table: ${n} flood entries`);
      lastLog = performance.now();
    }
    if (n >= rows) return;
    await sleep(1000);
  }
  throw new Error(`the connection table never reached ${rows} rows`);
}

/** Counting states over 20,000 and 100,000+ entries: ipvstop, cat, and ipvsadm -Lcn | awk | sort | uniq -c. */
export async function connFigures(log: (line: string) => void) {
  const flood = startFlood();
  try {
    // A fifth of the table first: the counter's peak memory must not grow with the rows.
    await waitForRows(20_000, log);
    flood.pause();
    const small = countInChild(IP_VS_CONN, 5);
    flood.resume();
    await waitForRows(100_000, log);
    flood.pause();
    log('counting with ipvstop, then cat, then ipvsadm -Lcn | awk | sort | uniq -c');
    const big = countInChild(IP_VS_CONN, 5);
    return {
      rows: big.rows,
      ipvstopMs: big.ms,
      catMs: timeShell(`cat ${IP_VS_CONN} > /dev/null`, 5),
      ipvsadmAwkMs: timeShell("ipvsadm -Lcn | awk '{print $3}' | sort | uniq -c > /dev/null", 3),
      rssMiB: big.maxRssMiB,
      smallRows: small.rows,
      smallRssMiB: small.maxRssMiB,
    };
  } finally {
    flood.stop();
  }
}
