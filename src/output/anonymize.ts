/**
 * `snapshot --anonymize`, as atophide does for atop's files: every IPv4 and IPv6 address, MAC
 * address and given host name in a text becomes a fake one, the same fake for the same original
 * throughout one Anonymizer (one archive), so that a real server is still recognisable across
 * files. Fakes come from ranges no host is numbered from: IPv4 240.0.0.0/4 (reserved, RFC 1112),
 * IPv6 3fff::/20 (documentation, RFC 9637), MACs 02:00:00:xx:xx:xx (locally administered), host
 * names `host-N`. Addresses that name no host are kept: unspecified, loopback, multicast,
 * broadcast and netmasks. Subnets are not kept: two addresses of one /24 get unrelated fakes.
 * Only textual forms are recognised (dotted IPv4, IPv6 as inet_ntop writes it or written in full),
 * not hex, so no raw /proc table goes into the archive.
 */
import { isIPv4, isIPv6 } from 'node:net';

const MAC = String.raw`(?<![\w:])[0-9A-Fa-f]{2}(?::[0-9A-Fa-f]{2}){5}(?![\w:])`;
/** An IPv6 address ending in a dotted IPv4 (`::ffff:192.0.2.1`), before the plain IPv6 candidate can stop at the dot. */
const MAPPED6 = String.raw`[0-9A-Fa-f:]*:\d{1,3}(?:\.\d{1,3}){3}(?![\d.])`;
/** Anything that may be an IPv6 address (hex and colons with at least one colon); checked with isIPv6. */
const CANDIDATE6 = '[0-9A-Fa-f]*:[0-9A-Fa-f:]*';
const IPV4 = String.raw`(?<![\d.])\d{1,3}(?:\.\d{1,3}){3}(?!\.?\d)`;
const TOKENS = new RegExp(`(${MAC})|(${MAPPED6})|(${CANDIDATE6})|(${IPV4})`, 'g');
const IPV4_ONLY = new RegExp(IPV4, 'g');

const octets = (a: string): number[] => a.split('.').map(Number);

/** A contiguous netmask (255.255.255.0), the limited broadcast among them. */
function isNetmask(a: string): boolean {
  const n = octets(a).reduce((acc, o) => acc * 256 + o, 0);
  const inverted = 2 ** 32 - 1 - n;
  return a.startsWith('255.') && (inverted & (inverted + 1)) === 0;
}

/** IPv4 addresses that identify no host: 0/8, 127/8, multicast, netmasks and broadcast. */
function keepIpv4(a: string): boolean {
  const [first] = octets(a);
  return first === 0 || first === 127 || (first! >= 224 && first! <= 239) || isNetmask(a);
}

/** `::`, `::1` and multicast (ff00::/8); link-local addresses are not kept: most carry the MAC. */
const keepIpv6 = (canonical: string): boolean =>
  canonical === '::' || canonical === '::1' || canonical.startsWith('ff');

/** The shortest lower-case form (RFC 5952), so that one address written two ways maps to one fake. */
const canonical6 = (a: string): string => new URL(`http://[${a}]/`).hostname.slice(1, -1);

/** Colons to leave out of an IPv6 candidate, at its start and end: none first. */
const BORDERS = [
  [0, 0],
  [0, 1],
  [1, 0],
  [1, 1],
] as const;

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

type Kind = 'ipv4' | 'ipv6' | 'mac' | 'name';

export class Anonymizer {
  private readonly fakes = new Map<string, string>();
  private readonly count: Record<Kind, number> = { ipv4: 0, ipv6: 0, mac: 0, name: 0 };
  private readonly names: RegExp | undefined;

  /** `hostNames`: the names to hide (this host's, the HA peers'); each is replaced as a whole word, any case. */
  constructor(hostNames: readonly string[] = []) {
    // A name and its first label: a host called lb-a.example.com is written lb-a too.
    const all = hostNames.flatMap((n) => [n, n.split('.')[0]!]).filter((n) => n.length > 0);
    const words = [...new Set(all.map((n) => n.toLowerCase()))];
    // Longest first: `lb-a.example.com` before `lb-a`.
    words.sort((a, b) => b.length - a.length);
    this.names = words.length
      ? new RegExp(`(?<![\\w.-])(?:${words.map(escapeRegExp).join('|')})(?![\\w-]|\\.\\w)`, 'gi')
      : undefined;
  }

  /** How many distinct originals of each kind were replaced (never which: that would undo it). */
  counts(): Readonly<Record<Kind, number>> {
    return { ...this.count };
  }

  /** A host name's fake (for the archive's own name); `lb-a.example.com` is `lb-a`'s, its domain dropped. */
  hostName(name: string): string {
    return this.fake('name', `name ${name.toLowerCase().split('.')[0]}`, (n) => `host-${n}`);
  }

  /** `text` with every address and host name replaced. */
  text(text: string): string {
    const named = this.names ? text.replace(this.names, (m) => this.hostName(m)) : text;
    return named.replace(TOKENS, (m, mac?: string, mapped?: string, cand?: string) => {
      if (mac !== undefined) return this.mac(mac);
      if (mapped !== undefined || cand !== undefined) return this.ipv6Token(m);
      return this.ipv4(m);
    });
  }

  private fake(kind: Kind, key: string, make: (n: number) => string): string {
    let fake = this.fakes.get(key);
    if (fake === undefined) {
      fake = make(++this.count[kind]);
      this.fakes.set(key, fake);
    }
    return fake;
  }

  private mac(m: string): string {
    const key = m.toLowerCase();
    if (key === '00:00:00:00:00:00' || key === 'ff:ff:ff:ff:ff:ff') return m;
    return this.fake('mac', `mac ${key}`, (n) => `02:00:00:${[16, 8, 0].map((s) => hex2((n >> s) & 255)).join(':')}`);
  }

  private ipv4(m: string): string {
    if (!isIPv4(m.replace(/\b0+(\d)/g, '$1'))) return m;
    const key = octets(m).join('.');
    if (keepIpv4(key)) return m;
    return this.fake(
      'ipv4',
      `ipv4 ${key}`,
      (n) => `${240 + ((n >>> 24) & 15)}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`,
    );
  }

  /**
   * An IPv6 candidate: the address in it, a colon that only borders it left out (`2001:db8::1:`
   * ending a sentence); when there is none, the IPv4 addresses in it are still replaced.
   */
  private ipv6Token(m: string): string {
    for (const [l, r] of BORDERS) {
      if ((l && !m.startsWith(':')) || (r && !m.endsWith(':'))) continue;
      const a = m.slice(l, m.length - r);
      if (a.length > 1 && isIPv6(a)) return m.slice(0, l) + this.ipv6(a) + m.slice(m.length - r);
    }
    return m.replace(IPV4_ONLY, (a) => this.ipv4(a));
  }

  private ipv6(a: string): string {
    const key = canonical6(a);
    if (keepIpv6(key)) return a;
    return this.fake('ipv6', `ipv6 ${key}`, (n) =>
      canonical6(`3fff::${(n >>> 16).toString(16)}:${(n & 0xffff).toString(16)}`),
    );
  }
}

const hex2 = (n: number): string => n.toString(16).padStart(2, '0');
