/**
 * Seeded random IPVS tables in `ipvsadm -R` form, so the comparison with
 * ipvsadm also runs on tables nobody wrote expectations for.
 */
import { seeded as prng } from '../../src/bench/historySamples.js';

const SCHEDULERS = ['rr', 'wrr', 'lc', 'wlc', 'lblc', 'lblcr', 'dh', 'sh', 'sed', 'nq', 'fo', 'ovf', 'mh'];

export function randomTable(seed: number, services = 30): string {
  const rnd = prng(seed);
  const int = (lo: number, hi: number): number => lo + Math.floor(rnd() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[int(0, xs.length - 1)]!;
  const v6 = (): boolean => rnd() < 0.3;
  const seen = new Set<string>();
  const rules: string[] = [];
  for (let i = 0; i < services; i++) {
    const ipv6 = v6();
    const kind = pick(['-t', '-t', '-u', '--sctp-service', '-f']);
    const host = ipv6
      ? `[2001:db8:${int(0, 3)}::${int(1, 300).toString(16)}]`
      : `${pick(['192.0.2', '10.0.0', '198.51.100', '203.0.113'])}.${int(1, 254)}`;
    const svc =
      kind === '-f'
        ? `-f ${pick([int(1, 100), int(1, 0xffffffff)])}${ipv6 ? ' -6' : ''}`
        : `${kind} ${host}:${int(1, 65535)}`;
    if (seen.has(svc)) continue;
    seen.add(svc);
    const sched = pick(SCHEDULERS);
    let opts = `-s ${sched}`;
    if (rnd() < 0.35)
      opts += ` -p ${int(1, 3600)}${rnd() < 0.5 ? (ipv6 ? ` -M ${int(64, 128)}` : ` -M ${pick(['255.255.255.0', '255.255.0.0', '255.255.255.252'])}`) : ''}`;
    if (kind === '-u' && rnd() < 0.3) opts += ' -o';
    if ((sched === 'sh' || sched === 'mh') && rnd() < 0.6)
      opts += ` -b ${pick([`${sched}-fallback`, `${sched}-port`, `${sched}-fallback,${sched}-port`])}`;
    rules.push(`-A ${svc} ${opts}`);
    const dests = new Set<string>();
    for (let d = int(0, 5); d > 0; d--) {
      const method = pick(['-m', '-m', '-g', '-i']);
      const dhost = ipv6 ? `[2001:db8:198::${int(1, 200).toString(16)}]` : `198.51.100.${int(1, 254)}`;
      const dport = kind === '-f' || method !== '-m' ? int(0, 1) * int(1, 65535) : int(1, 65535);
      const dest = `${dhost}:${dport}`;
      if (dests.has(dhost)) continue; // one port per host keeps ipvsadm's own rules happy for -g/-i
      dests.add(dhost);
      let dopts = `${method} -w ${pick([0, 1, int(1, 100), int(1, 65535)])}`;
      if (rnd() < 0.3) {
        const upper = int(1, 100000);
        dopts += ` -x ${upper} -y ${int(0, upper)}`; // the kernel refuses lower > upper
      }
      if (method === '-i' && rnd() < 0.5) dopts += ` --tun-type ${pick(['ipip', 'gre', 'gue --tun-port 6080'])}`;
      rules.push(`-a ${svc} -r ${dest} ${dopts}`);
    }
  }
  return rules.join('\n');
}
