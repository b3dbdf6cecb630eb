/**
 * keepalived's JSON dump (/tmp/keepalived.json, written on its JSON signal): a list of VRRP
 * instances, each `{ data, stats }`. States are numbers: 0 INIT, 1 BACKUP, 2 MASTER, 3 FAULT;
 * `last_transition` is epoch seconds with a fraction; `vips` entries read
 * "10.5.0.100/24 dev eth0 scope global set".
 */
import type { VrrpInstance, VrrpState } from './types.js';

const STATES: readonly VrrpState[] = ['INIT', 'BACKUP', 'MASTER', 'FAULT'];

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const num = (o: Json, key: string): number => (typeof o[key] === 'number' ? (o[key] as number) : 0);
const str = (o: Json, key: string): string => (typeof o[key] === 'string' ? (o[key] as string) : '');

function state(code: unknown): VrrpState {
  return (typeof code === 'number' && STATES[code]) || 'INIT';
}

function instance(entry: Json): VrrpInstance {
  const data = isObject(entry.data) ? entry.data : {};
  const stats = isObject(entry.stats) ? entry.stats : {};
  const vips = Array.isArray(data.vips) ? data.vips.filter((v): v is string => typeof v === 'string') : [];
  const transition = num(data, 'last_transition');
  return {
    name: str(data, 'iname'),
    state: state(data.state),
    wantState: state(data.wantstate),
    vrid: num(data, 'vrid'),
    interface: str(data, 'ifp_ifname'),
    priority: num(data, 'base_priority'),
    effectivePriority: num(data, 'effective_priority'),
    vips: vips.map((v) => v.split(' ')[0] ?? v),
    lastTransition: transition > 0 ? Math.round(transition * 1000) : null,
    advertsReceived: num(stats, 'advert_rcvd'),
    advertsSent: num(stats, 'advert_sent'),
    becameMaster: num(stats, 'become_master'),
    releasedMaster: num(stats, 'release_master'),
  };
}

/**
 * `text` with each control character inside a string literal written as a JSON escape.
 * keepalived (2.2.7) writes a name's control characters raw, which JSON forbids: JSON.parse
 * would refuse the whole dump ("Bad control character in string literal") for one odd name.
 * The name keeps its characters; the screen shows them made visible.
 */
function escapeControlsInStrings(text: string): string {
  if (!/[\x00-\x1f]/.test(text)) return text;
  let out = '';
  let inString = false;
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (!inString) inString = c === 0x22;
    else if (c === 0x5c)
      i++; // an escape: the next character is its own
    else if (c === 0x22) inString = false;
    else if (c < 0x20) {
      out += `${text.slice(from, i)}\\u${c.toString(16).padStart(4, '0')}`;
      from = i + 1;
    }
  }
  return out + text.slice(from);
}

/** The VRRP instances of a keepalived JSON dump; throws on text that is not such a dump. */
export function parseVrrpJson(text: string): VrrpInstance[] {
  const parsed: unknown = JSON.parse(escapeControlsInStrings(text));
  if (!Array.isArray(parsed)) throw new Error('keepalived.json is not a list of VRRP instances');
  return parsed.filter(isObject).map(instance);
}
