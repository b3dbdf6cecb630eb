/**
 * A row in the kernel's fixed layout (fixedRow.ts) as the ConnRow parseConnLine() makes of it,
 * decoded at its fixed offsets: no split on spaces and no pattern per field, since the layout
 * check already read every byte. Reads that need rows as objects (the monitor's entry browser
 * and top talkers, filtered `conns`, the client lookup) cost a fraction of parsing.
 */
import { AF_INET, AF_INET6 } from '../ipvs/types.js';
import { decodeProcAddress, decodeVirtual, TEMPLATE_STATES } from './connParser.js';
import { type FixedLayout, fieldsAt } from './fixedRow.js';
import { decimalAt, hexValueAt } from './rowBytes.js';
import type { ConnRow } from './types.js';

const SP = 0x20;

/**
 * Virtual and real server addresses as decoded, by their /proc text: a table has few of them,
 * and an IPv6 field costs a couple of microseconds to decode. (Clients are many: decoded each
 * time.) Dropped whole when full.
 */
const decoded = new Map<string, string>();
const DECODED_MAX = 1 << 16;

function address(field: string): string {
  let text = decoded.get(field);
  if (text === undefined) {
    if (decoded.size >= DECODED_MAX) decoded.clear();
    text = decodeProcAddress(field);
    decoded.set(field, text);
  }
  return text;
}

/** The eight hex digits at b[at..] (an IPv4 field, checked by the layout) as a dotted quad. */
function ipv4(b: Uint8Array, at: number): string {
  const n = hexValueAt(b, at, 8);
  return `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}

/** The address field at b[at..] `width` wide: IPv4 straight from its digits, IPv6 through its text. */
function addressAt(b: Buffer, at: number, width: number, cached: boolean): string {
  if (width === 8) return ipv4(b, at);
  const field = b.toString('latin1', at, at + width);
  return cached ? address(field) : decodeProcAddress(field);
}

/** The word at b[start..] up to the first space before `end`. */
function word(b: Buffer, start: number, end: number): string {
  let e = start;
  while (e < end && b[e] !== SP) e++;
  return b.toString('latin1', start, e);
}

export function connRowOfFixed(b: Buffer, start: number, l: FixedLayout): ConnRow {
  const q = fieldsAt(b, start);
  const protocol = word(b, start, q + 3);
  const af = l.addressWidth === 8 ? AF_INET : AF_INET6;
  const virtualAddressAsIp = addressAt(b, q + l.vaddr, l.addressWidth, true);
  const clientPort = hexValueAt(b, q + l.cport, 4);
  const state = word(b, q + l.state, q + l.expires);
  return {
    protocol,
    af,
    clientAddress: addressAt(b, q + l.caddr, l.addressWidth, false),
    clientPort,
    virtualAddress:
      protocol === 'IP'
        ? decodeVirtual(protocol, b.toString('latin1', q + l.vaddr, q + l.vaddr + l.addressWidth))
        : virtualAddressAsIp,
    virtualPort: hexValueAt(b, q + l.vport, 4),
    virtualAddressAsIp,
    destAf: l.destWidth === 8 ? AF_INET : AF_INET6,
    destAddress: addressAt(b, q + l.daddr, l.destWidth, true),
    destPort: hexValueAt(b, q + l.dport, 4),
    state,
    expires: decimalAt(b, q + l.expires, q + l.end),
    peName: '',
    peData: '',
    template: clientPort === 0 && TEMPLATE_STATES.has(state),
  };
}
