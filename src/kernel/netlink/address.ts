/**
 * IP addresses between wire bytes and text, shared by the netlink codecs and
 * the /proc connection-table parser so both print the same text.
 *
 * IPv6 text follows RFC 5952 (lowercase, no leading zeros, the longest run of
 * two or more zero groups -- the first on a tie -- as '::') and, like
 * inet_ntop() in glibc and libuv (hence ipvsadm and iproute2), prints
 * IPv4-mapped (::ffff:a.b.c.d) and IPv4-compatible (::a.b.c.d) addresses in
 * mixed notation.
 */
import { AF_INET, AF_INET6 } from '../inet.js';
import { CodecError } from './attributes.js';

/** 4 bytes (or the first 4 of a longer buffer) as a dotted quad. */
export function formatIPv4(bytes: Buffer): string {
  if (bytes.length < 4) throw new CodecError(`IPv4 address needs 4 bytes, got ${bytes.length}`);
  return `${bytes[0]}.${bytes[1]}.${bytes[2]}.${bytes[3]}`;
}

/** Longest run of at least two zero groups: [start, length], or [-1, 0]. */
function longestZeroRun(words: number[]): [number, number] {
  let best: [number, number] = [-1, 0];
  for (let i = 0; i < words.length; ) {
    if (words[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < words.length && words[j] === 0) j++;
    if (j - i > best[1]) best = [i, j - i];
    i = j;
  }
  return best[1] >= 2 ? best : [-1, 0];
}

/** 16 bytes as RFC 5952 text ('2001:db8::1'), with inet_ntop's mixed notation (see module doc). */
export function formatIPv6(bytes: Buffer): string {
  if (bytes.length !== 16) throw new CodecError(`IPv6 address needs 16 bytes, got ${bytes.length}`);
  const words = Array.from({ length: 8 }, (_, i) => bytes.readUInt16BE(i * 2));
  const [start, len] = longestZeroRun(words);
  const mixed = start === 0 && (len === 6 || (len === 5 && words[5] === 0xffff));
  const groups = mixed ? 6 : 8;
  let out = '';
  for (let i = 0; i < groups; i++) {
    if (i === start) {
      out += '::';
      i += len - 1;
      continue;
    }
    if (out !== '' && !out.endsWith(':')) out += ':';
    out += (words[i] ?? 0).toString(16);
  }
  if (mixed) out += (out.endsWith(':') ? '' : ':') + formatIPv4(bytes.subarray(12));
  return out;
}

/** Dotted quad to 4 bytes; throws CodecError on anything else. */
export function parseIPv4(text: string): Buffer {
  const parts = text.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^(0|[1-9]\d{0,2})$/.test(p) && Number(p) <= 255)) {
    throw new CodecError(`invalid IPv4 address '${text}'`);
  }
  return Buffer.from(parts.map(Number));
}

/**
 * A dotted quad's 32 bits as an unsigned number, undefined for anything else. No allocation: the
 * doctor looks up every real server's address in the routes, 10,000 of them at a time.
 */
export function ipv4Bits(text: string): number | undefined {
  let bits = 0;
  /** The current part's value; its digits; the dots so far. */
  let part = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i) - 48; // '0'
    if (c === -2 /* '.' */ && digits > 0 && dots < 3) {
      bits = bits * 256 + part;
      part = 0;
      digits = 0;
      dots++;
    } else if (c >= 0 && c <= 9 && !(digits > 0 && part === 0) && part * 10 + c <= 255) {
      // No leading zero ("01"), as parseIPv4.
      part = part * 10 + c;
      digits++;
    } else return undefined;
  }
  return dots === 3 && digits > 0 ? bits * 256 + part : undefined;
}

/** Hex groups of one side of '::' (an IPv4 tail counts as two groups). */
function ipv6Groups(side: string, text: string, last: boolean): number[] {
  if (side === '') return [];
  const out: number[] = [];
  const parts = side.split(':');
  parts.forEach((p, i) => {
    if (last && i === parts.length - 1 && p.includes('.')) {
      const v4 = parseIPv4(p);
      out.push(v4.readUInt16BE(0), v4.readUInt16BE(2));
    } else if (/^[0-9a-fA-F]{1,4}$/.test(p)) {
      out.push(parseInt(p, 16));
    } else {
      throw new CodecError(`invalid IPv6 address '${text}'`);
    }
  });
  return out;
}

/** IPv6 text (any valid form, no zone) to 16 bytes; throws CodecError on anything else. */
export function parseIPv6(text: string): Buffer {
  const halves = text.split('::');
  if (halves.length > 2) throw new CodecError(`invalid IPv6 address '${text}'`);
  const head = ipv6Groups(halves[0] ?? '', text, halves.length === 1);
  const tail = halves.length === 2 ? ipv6Groups(halves[1] ?? '', text, true) : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) throw new CodecError(`invalid IPv6 address '${text}'`);
  const words = halves.length === 2 ? [...head, ...new Array<number>(missing).fill(0), ...tail] : head;
  const out = Buffer.alloc(16);
  for (const [i, w] of words.entries()) out.writeUInt16BE(w, i * 2);
  return out;
}

/** Address text of family `af` (2 or 10) to 4 or 16 bytes. */
export function parseAddress(af: number, text: string): Buffer {
  if (af === AF_INET) return parseIPv4(text);
  if (af === AF_INET6) return parseIPv6(text);
  throw new CodecError(`unsupported address family ${af}`);
}

/** Bytes of family `af` to text; IPv4 takes the first 4 bytes (IPVS sends 16 with IPv4 in front). */
export function formatAddress(af: number, bytes: Buffer): string {
  if (af === AF_INET) return formatIPv4(bytes);
  if (af === AF_INET6) return formatIPv6(bytes);
  throw new CodecError(`unsupported address family ${af}`);
}

/** Link-layer address as lowercase hex bytes joined by ':' ('' for none). */
export function formatLinkLayer(bytes: Buffer): string {
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join(':');
}
