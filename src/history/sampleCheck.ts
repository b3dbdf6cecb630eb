/**
 * A store is data from outside: a body that decodes and passes its CRC may still hold anything.
 * Before a sample is used, its structure and meta are checked to be what the recorder writes:
 * the fields the readers use, of their types and within their ranges, names and addresses short
 * and without control characters (they reach a terminal). Anything else is a BodyError, which the
 * reader reports as a corrupt store (exit 4).
 */
import { isIP } from 'node:net';
import { BodyError } from './errors.js';
import type { Meta, Structure } from './sample.js';

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
export const isUint = (v: unknown, max = 0xffff_ffff): v is number =>
  Number.isSafeInteger(v) && (v as number) >= 0 && (v as number) <= max;
/** A name: short, without control characters. */
export const isName = (v: unknown, max = 64): v is string =>
  typeof v === 'string' && v.length <= max && !/[\u0000-\u001f\u007f-\u009f]/.test(v);
const isAddress = (v: unknown): boolean => typeof v === 'string' && v.length <= 64 && isIP(v) !== 0;

const FAMILIES = new Set([2, 10]);
const PROTOCOLS = new Set([0, 6, 17, 132]);
const FORWARDS = new Set(['masq', 'local', 'tunnel', 'route', 'bypass']);
const TUNNELS = new Set([undefined, 'ipip', 'gue', 'gre']);

function check(ok: boolean, what: string): void {
  if (!ok) throw new BodyError(`${what} is not what the recorder writes`);
}

function checkService(s: unknown, i: number): void {
  const where = `service ${i + 1}`;
  check(isObj(s), where);
  const o = s as Obj;
  check(FAMILIES.has(o.af as number) && PROTOCOLS.has(o.protocol as number) && isAddress(o.address), where);
  check(isUint(o.port, 0xffff) && isUint(o.fwmark) && isName(o.scheduler, 16), where);
  check(isUint(o.flags) && isUint(o.timeout) && isName(o.netmask) && isName(o.peName, 32), where);
}

function checkDest(d: unknown, where: string): void {
  check(isObj(d), where);
  const o = d as Obj;
  check(FAMILIES.has(o.af as number) && isAddress(o.address) && isUint(o.port, 0xffff), where);
  check(FORWARDS.has(o.forward as string) && isUint(o.connFlags) && isUint(o.weight, 0x7fff_ffff), where);
  check(isUint(o.upperThreshold) && isUint(o.lowerThreshold) && TUNNELS.has(o.tunnelType as string), where);
  check(o.tunnelPort === undefined || isUint(o.tunnelPort, 0xffff), where);
  check(o.tunnelFlags === undefined || isUint(o.tunnelFlags), where);
}

export function checkStructure(s: unknown): asserts s is Structure {
  check(isObj(s) && Array.isArray(s.services), 'the structure');
  (s as { services: unknown[] }).services.forEach((x, i) => {
    check(isObj(x) && Array.isArray(x.dests), `service ${i + 1}`);
    const { service, dests } = x as { service: unknown; dests: unknown[] };
    checkService(service, i);
    dests.forEach((d, j) => {
      checkDest(d, `service ${i + 1} real server ${j + 1}`);
    });
  });
}

/** What the event log reads of the HA view: VRRP instances and checked servers. */
function checkHa(ha: unknown): void {
  check(isObj(ha) && Array.isArray(ha.instances) && Array.isArray(ha.checks), 'the HA view');
  const o = ha as { instances: unknown[]; checks: unknown[]; daemon: unknown; pid: unknown };
  check(o.daemon === null || isName(o.daemon), 'the HA daemon');
  check(o.pid === null || isUint(o.pid), 'the HA daemon');
  for (const i of o.instances) {
    check(isObj(i) && isName(i.name, 128) && isName(i.state, 8), 'a VRRP instance');
    const t = (i as Obj).lastTransition;
    check(t === null || t === undefined || (typeof t === 'number' && Number.isFinite(t)), 'a VRRP instance');
  }
  for (const c of o.checks) {
    check(isObj(c) && isName(c.service, 128) && isName(c.server, 128) && typeof c.up === 'boolean', 'a checked server');
    const checkers = (c as Obj).checkers;
    check(Array.isArray(checkers) && checkers.every((x) => isName(x)), 'a checked server');
  }
}

export function checkMeta(m: unknown): asserts m is Meta {
  check(isObj(m) && isObj(m.info) && isObj(m.timeouts) && Array.isArray(m.daemons), 'the meta');
  const t = (m as Meta).timeouts;
  check(isUint(t.tcp) && isUint(t.tcpFin) && isUint(t.udp), 'the timeouts');
  if ((m as Obj).ha !== undefined) checkHa((m as Obj).ha);
}
