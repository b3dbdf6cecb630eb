/**
 * `ipvstop doctor` against the lab's kernel: the clean lab has nothing above
 * info, and each rule's condition, made in the lab, is found.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { DoctorReport } from '../../src/output/text/doctor.js';
import { ipvstopInProcess, ROOT, sh, shRaw } from './helpers.js';
import { Screen } from './tmux.js';

/**
 * The doctor's JSON and exit status: in the test's own process (the same code as the binary, without
 * Node's start-up of 2-3 s in the lab), or the binary under `prefix` (a mount namespace of its own).
 */
async function doctor(prefix = '', extra: string[] = []): Promise<DoctorReport & { exit: number }> {
  const r = prefix
    ? await shRaw(`${prefix} ${process.execPath} ${ROOT}bin/ipvstop doctor --json`)
    : await ipvstopInProcess(['doctor', '--json', ...extra]);
  expect(r.stderr).toBe('');
  return { ...(JSON.parse(r.stdout) as DoctorReport), exit: r.status };
}

const found = (r: DoctorReport): string[] => r.findings.map((f) => `${f.severity} ${f.ruleId} ${f.where}`);

/** Runs a short node script in the client namespace (bash's /dev/tcp would block on each SYN). */
const fromClient = (script: string): Promise<string> => sh(`ip netns exec client ${process.execPath} -e '${script}'`);

/** `count` connection attempts to vip:port, left open `ms` then closed. */
const connect = (vip: string, port: number, count: number, ms: number): Promise<string> =>
  fromClient(
    `const net=require("net");const s=[];for(let i=0;i<${count};i++)s.push(net.connect(${port},"${vip}").on("error",()=>{}));` +
      `setTimeout(()=>{for(const c of s)c.destroy();process.exit(0)},${ms})`,
  );

describe('ipvstop doctor in the lab', () => {
  afterEach(async () => {
    await shRaw(
      'for p in 81 82 83 84 85 86; do ipvsadm -D -t 192.0.2.3:$p; done; ipvsadm -D -t 192.0.2.50:80; ' +
        'sysctl -qw net.ipv4.vs.conn_reuse_mode=1 net.ipv4.vs.expire_nodest_conn=1 ' +
        'net.ipv4.vs.expire_quiescent_template=1 net.ipv4.vs.drop_entry=0 net.ipv4.vs.drop_packet=0 ' +
        'net.ipv4.vs.secure_tcp=0 net.ipv4.vs.run_estimation=1 net.ipv4.ip_forward=1',
    );
  });

  it("rebuilds the lab's table under traffic without a 'no destination available' in the kernel log", async () => {
    // Each is a warning of the doctor's for an hour: the clean lab below must have none, whatever rebuilt it.
    const logged = async (): Promise<number> =>
      (await sh('dmesg')).split('\n').filter((l) => l.includes('no destination available')).length;
    const before = await logged();
    for (let i = 0; i < 10; i++) await sh(`bash ${ROOT}src/lab/guest/services.sh`);
    expect(await logged()).toBe(before);
    // The clients' routes are theirs again.
    expect(await sh('ip -n client route show type blackhole; ip -n client -6 route show type blackhole')).toBe('');
  });

  it('finds nothing above info in the clean lab, and says OK with exit status 0', async () => {
    const r = await doctor();
    expect(found(r)).toEqual(['info server.drained TCP 192.0.2.2:80 -> 198.51.100.13:80']);
    expect(r.summary).toBe('DOCTOR OK - 0 critical, 0 warning, 1 info');
    expect(r.exit).toBe(0);
    const text = await ipvstopInProcess(['doctor']);
    expect(text.stdout.split('\n')[0]).toBe('DOCTOR OK - 0 critical, 0 warning, 1 info');
    expect(text.status).toBe(0);
  });

  it('finds each kernel setting set wrong, ip_forward=0 as critical (exit 2)', async () => {
    await sh(
      'sysctl -qw net.ipv4.vs.conn_reuse_mode=0 net.ipv4.vs.expire_nodest_conn=0 ' +
        'net.ipv4.vs.expire_quiescent_template=0 net.ipv4.vs.drop_entry=3 net.ipv4.vs.drop_packet=3 ' +
        'net.ipv4.vs.secure_tcp=3 net.ipv4.vs.run_estimation=0 net.ipv4.ip_forward=0',
    );
    const r = await doctor();
    await sh('sysctl -qw net.ipv4.ip_forward=1');
    // With forwarding off, the NAT services' replies stop at the director: their clients' SYN_RECV
    // entries may pile up before the doctor reads (a loaded CI run saw it on both), a true finding.
    const consequence = (f: string): boolean => f.startsWith('warning service.syn-recv-piling ');
    expect(found(r).filter((f) => !consequence(f))).toEqual([
      'critical sysctl.forwarding-off net.ipv4.ip_forward',
      'warning sysctl.conn-reuse-off net.ipv4.vs.conn_reuse_mode',
      'warning sysctl.expire-nodest-conn net.ipv4.vs.expire_nodest_conn',
      'warning sysctl.expire-quiescent-template net.ipv4.vs.expire_quiescent_template',
      'warning sysctl.defence-active net.ipv4.vs.drop_entry',
      'warning sysctl.defence-active net.ipv4.vs.drop_packet',
      'warning sysctl.defence-active net.ipv4.vs.secure_tcp',
      'warning sysctl.run-estimation-off net.ipv4.vs.run_estimation',
      'info server.drained TCP 192.0.2.2:80 -> 198.51.100.13:80',
    ]);
    expect(r.exit).toBe(2);
  });

  it('does not warn of conn_reuse_mode with conntrack=1 on this kernel (6.1: fixed since 5.9)', async () => {
    await sh('sysctl -qw net.ipv4.vs.conntrack=1');
    const r = await doctor();
    await sh('sysctl -qw net.ipv4.vs.conntrack=0');
    expect(found(r).filter((f) => f.includes('conn-reuse'))).toEqual([]);
  });

  it('finds tcp_tw_recycle left in /etc/sysctl.d (a tmpfs over it, in a mount namespace of its own)', async () => {
    const r = await doctor(
      'unshare -m sh -c \'mount -t tmpfs none /etc/sysctl.d && printf "# old guide\\nnet.ipv4.tcp_tw_recycle = 1\\n" > /etc/sysctl.d/90-lvs.conf && exec "$0" "$@"\'',
    );
    expect(found(r)).toContain('info sysctl.obsolete-key /etc/sysctl.d/90-lvs.conf:2');
  });

  it("warns of ldirectord configured and not running, and not of Debian's ldirectord.cf of comments", async () => {
    // The guest's /etc/ha.d is the host's: Debian's ldirectord package installs a comments-only ldirectord.cf there.
    const r = await doctor(
      'unshare -m sh -c \'mount -t tmpfs none /etc/ha.d && printf "virtual=192.0.2.1:80\\n\\treal=198.51.100.11:80 masq\\n" > /etc/ha.d/ldirectord.cf && exec "$0" "$@"\'',
    );
    expect(found(r)).toContain('warning ha.daemon-not-running ldirectord');
    expect(found(await doctor())).not.toContain('warning ha.daemon-not-running ldirectord');
  });

  it('finds the table faults, the addresses and the kernel log messages', async () => {
    await sh(
      [
        // 81: no real server (and a SYN to it: "no destination available" in the kernel log).
        'ipvsadm -A -t 192.0.2.3:81 -s rr',
        // 82: its one server at its upper threshold once two connections are held.
        'ipvsadm -A -t 192.0.2.3:82 -s rr && ipvsadm -a -t 192.0.2.3:82 -r 198.51.100.11:80 -m -x 2',
        // 83: a server nothing answers for (SYN_RECV piles up).
        'ipvsadm -A -t 192.0.2.3:83 -s rr && ipvsadm -a -t 192.0.2.3:83 -r 198.51.100.99:80 -m',
        // 84: wrr, connections made at equal weights, then the weights made 1:10.
        'ipvsadm -A -t 192.0.2.3:84 -s wrr',
        'ipvsadm -a -t 192.0.2.3:84 -r 198.51.100.11:80 -m && ipvsadm -a -t 192.0.2.3:84 -r 198.51.100.12:80 -m',
        // 85: persistent, its templates left on a server then quiesced.
        'ipvsadm -A -t 192.0.2.3:85 -s rr -p 300 && ipvsadm -a -t 192.0.2.3:85 -r 198.51.100.11:80 -m',
        // 86: a NAT server in no subnet of the director's.
        'ipvsadm -A -t 192.0.2.3:86 -s rr && ipvsadm -a -t 192.0.2.3:86 -r 10.99.0.1:80 -m',
        // A VIP the director does not hold.
        'ipvsadm -A -t 192.0.2.50:80 -s rr && ipvsadm -a -t 192.0.2.50:80 -r 198.51.100.11:80 -m',
      ].join(' && '),
    );
    // Held open while the doctor looks (at most 30 s), closed once it has.
    const held = connect('192.0.2.3', 82, 2, 30_000).catch(() => 'closed');
    await Promise.all([
      connect('192.0.2.3', 81, 1, 500),
      connect('192.0.2.3', 83, 25, 500),
      connect('192.0.2.3', 84, 120, 3000),
      connect('192.0.2.3', 85, 2, 1000),
    ]);
    await sh(
      'ipvsadm -e -t 192.0.2.3:84 -r 198.51.100.12:80 -m -w 10 && ' +
        'ipvsadm -a -t 192.0.2.3:85 -r 198.51.100.12:80 -m && ipvsadm -e -t 192.0.2.3:85 -r 198.51.100.11:80 -m -w 0',
    );
    const r = await doctor();
    const f = found(r);
    for (const want of [
      'critical service.no-usable-server TCP 192.0.2.3:81',
      'critical service.no-usable-server TCP 192.0.2.3:82',
      'critical address.vip-not-local TCP 192.0.2.50:80',
      'warning server.at-upper-threshold TCP 192.0.2.3:82 -> 198.51.100.11:80',
      'warning service.spread-off-weights TCP 192.0.2.3:84',
      'warning service.syn-recv-piling TCP 192.0.2.3:83',
      'warning server.syn-recv-only TCP 192.0.2.3:83 -> 198.51.100.99:80',
      'warning server.templates-to-drained TCP 192.0.2.3:85 -> 198.51.100.11:80',
      'warning address.nat-server-no-route TCP 192.0.2.3:86 -> 10.99.0.1:80',
      'warning kernel-log.ipvs TCP 192.0.2.3:81',
    ]) {
      expect(f).toContain(want);
    }
    expect(r.status).toBe('CRITICAL');
    expect(r.exit).toBe(2);
    const log = r.findings.find((x) => x.ruleId === 'kernel-log.ipvs');
    expect(log?.what).toMatch(/^kernel: "no destination available" \d+ time\(s\), last \d+ s ago/);
    await shRaw(`pkill -f 'connect\\(82,'`);
    await held;
  }, 120_000);

  it('shows the same findings live in the monitor: pane 5, and their count in the header', async () => {
    const screen = Screen.start('doctor', '', 120, 30);
    try {
      // Loading Ink from the guest's hostfs takes seconds; the doctor looks once at start. The kernel log
      // may still hold the earlier tests' "no destination available" (a warning for an hour).
      await screen.waitFor(/doctor(: \d+ info| ok)/, 60_000);
      screen.keys('5');
      await screen.waitFor(/\[5 Doctor\][\s\S]*info TCP 192\.0\.2\.2:80 -> 198\.51\.100\.13:80: weight 0/, 10_000);
      await sh('ipvsadm -A -t 192.0.2.3:81 -s rr');
      // Within the doctor's 10 s cadence (and a slow guest).
      const text = await screen.waitFor(/ 1 CRIT [\s\S]*CRIT TCP 192\.0\.2\.3:81: no real server/, 30_000);
      expect(text).toContain('fix: add a real server: ipvsadm -a -t 192.0.2.3:81 -r SERVER');
    } finally {
      screen.kill();
    }
  }, 120_000);

  it('--arp names a DR real server that answers ARP for the VIP, until arp_ignore/arp_announce are set', async () => {
    // The client namespace, on the VIP's segment (lab-client), plays a DR real server of 192.0.2.3
    // (a VIP no traffic uses): the VIP on its loopback and Linux's default arp_ignore=0.
    const rs = 'ip netns exec client sysctl -qw';
    await sh(
      'ipvsadm -A -t 192.0.2.3:80 -s rr && ipvsadm -a -t 192.0.2.3:80 -r 203.0.113.2:80 -g && ' +
        'ip -n client addr add 192.0.2.3/32 dev lo',
    );
    try {
      const mac = (await sh('ip -n client -o link show eth0')).match(/link\/ether (\S+)/)?.[1];
      const r = await doctor('', ['--arp']);
      expect(found(r)).toContain('critical arp.vip-answered-elsewhere 192.0.2.3 on lab-client');
      const f = r.findings.find((x) => x.ruleId === 'arp.vip-answered-elsewhere');
      expect(f?.what).toBe(`ARP for the VIP answered by ${mac}`);
      // The other VIPs are answered by nobody.
      expect(r.findings.filter((x) => x.ruleId === 'arp.vip-answered-elsewhere')).toHaveLength(1);
      await sh(
        `${rs} net.ipv4.conf.all.arp_ignore=1 net.ipv4.conf.all.arp_announce=2 ` +
          'net.ipv4.conf.eth0.arp_ignore=1 net.ipv4.conf.eth0.arp_announce=2',
      );
      expect(found(await doctor('', ['--arp'])).filter((x) => x.includes('arp.'))).toEqual([]);
    } finally {
      await shRaw(
        `ip -n client addr del 192.0.2.3/32 dev lo; ipvsadm -D -t 192.0.2.3:80; ${rs} net.ipv4.conf.all.arp_ignore=0 ` +
          'net.ipv4.conf.all.arp_announce=0 net.ipv4.conf.eth0.arp_ignore=0 net.ipv4.conf.eth0.arp_announce=0',
      );
    }
  }, 120_000);

  it('a in the Doctor pane runs the same ARP check, confirmed with each arping, refused in --read-only', async () => {
    await sh(
      'ipvsadm -A -t 192.0.2.3:80 -s rr && ipvsadm -a -t 192.0.2.3:80 -r 203.0.113.2:80 -g && ' +
        'ip -n client addr add 192.0.2.3/32 dev lo',
    );
    const readOnly = Screen.start('arp-ro', '--read-only', 120, 30);
    const screen = Screen.start('arp-key', '', 120, 30);
    try {
      await readOnly.waitFor(/doctor(: \d+ info| ok)/, 60_000);
      readOnly.keys('5');
      await readOnly.waitFor(/\[5 Doctor\]/, 10_000);
      readOnly.keys('a');
      await readOnly.waitFor(/refused: read-only mode/, 10_000);
      expect(readOnly.text()).not.toContain('arping');

      await screen.waitFor(/doctor(: \d+ info| ok)/, 60_000);
      screen.keys('5');
      await screen.waitFor(/\[5 Doctor\]/, 10_000);
      screen.keys('a');
      // The confirmation names each command exactly, the asking address of ours on lab-client.
      const dialog = await screen.waitFor(/\$ arping -c 3 -w 4 -I lab-client -s \S+ 192\.0\.2\.3/, 15_000);
      expect(dialog).not.toMatch(/arp\.vip-answered-elsewhere/);
      screen.keys('y');
      const mac = (await sh('ip -n client -o link show eth0')).match(/link\/ether (\S+)/)?.[1];
      const text = await screen.waitFor(/another host answers for 192\.0\.2\.3/, 60_000);
      expect(text).toMatch(/ARP check \d\d:\d\d:\d\d: \d+ VIPs? asked, 1 finding below/);
      expect(text).toContain(`CRIT 192.0.2.3 on lab-client: ARP for the VIP answered by ${mac}`);
      expect(text).toContain('[arp.vip-answered-elsewhere]');
      // Kept after the doctor's next look (every 10 s: its time in the pane's title changes), until the next check.
      const lookedAt = /checked (\d\d:\d\d:\d\d)/.exec(text)?.[1];
      expect(lookedAt).toBeDefined();
      const next = await screen.waitFor(new RegExp(`checked (?!${lookedAt})\\d\\d:\\d\\d:\\d\\d`), 40_000);
      expect(next).toContain('[arp.vip-answered-elsewhere]');
    } finally {
      readOnly.kill();
      screen.kill();
      await shRaw('ip -n client addr del 192.0.2.3/32 dev lo; ipvsadm -D -t 192.0.2.3:80');
    }
  }, 180_000);

  it('calls an emptied table critical while clients still come (the kernel turns them away), and is quiet once it is back', async () => {
    const saved = await sh('ipvsadm -S -n');
    try {
      await sh('ipvsadm -C');
      const r = await doctor();
      expect(found(r)).toContain('critical table.empty-with-traffic IPVS table');
      expect(r.exit).toBe(2);
      const what = r.findings.find((f) => f.ruleId === 'table.empty-with-traffic')?.what;
      // The lab's client makes 20 TCP connections and 5 UDP datagrams a second to the VIPs.
      expect(what).toMatch(/^no service, while this host turns away \d+(\.\d)? connection attempts a second/);
    } finally {
      await sh(`ipvsadm -C; ipvsadm -R <<'EOF'\n${saved}EOF`);
    }
    expect(found(await doctor())).not.toContain('critical table.empty-with-traffic IPVS table');
  }, 60_000);
});
