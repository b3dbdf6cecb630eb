/**
 * What the fleet shows of one director, read from its `list --json --watch` document (data from
 * another host: every field checked, see documentFields.ts): its VRRP instances with the VIPs it
 * holds, its sync daemons, and the totals of its table (services, usable real servers,
 * connections, rates) and the doctor's counts over the same read.
 */
import { BadDocument, isCount, isNumber, isObj, isText, need, type Obj, readChecked } from './documentFields.js';

const VRRP_STATES = new Set(['INIT', 'BACKUP', 'MASTER', 'FAULT', 'STOP', 'UNKNOWN']);

export interface InstanceFacts {
  name: string;
  /** keepalived's virtual router id; 0 for heartbeat's resource groups. */
  vrid: number;
  state: string;
  /** As configured, with their prefix length: `10.5.0.100/24`. */
  vips: string[];
  /** The VIPs (as configured) that are on this director's interfaces. */
  held: string[];
}

export interface DirectorFacts {
  instances: InstanceFacts[];
  /** Sync daemons running (master or backup). */
  syncDaemons: number;
  services: number;
  /** Real servers with a weight above 0, and all. */
  usable: number;
  servers: number;
  activeConns: number;
  inactiveConns: number;
  /** Sums of the services' kernel rate estimates. */
  cps: number;
  inBps: number;
  outBps: number;
  /** null when the doctor could not run on that director. */
  doctor: { critical: number; warning: number } | null;
}

const isState = (v: unknown): v is string => typeof v === 'string' && VRRP_STATES.has(v);
const isTexts = (v: unknown): v is string[] => Array.isArray(v) && v.length <= 1024 && v.every(isText);

function instanceFacts(i: unknown, n: number): InstanceFacts {
  const where = `ha instance ${n + 1}`;
  if (!isObj(i)) throw new BadDocument(`${where} is not an object`);
  const presence = need(i, 'vipPresence', Array.isArray, where);
  const held = presence.flatMap((p) => (isObj(p) && p.present === true && isText(p.vip) ? [p.vip] : []));
  return {
    name: need(i, 'name', isText, where),
    vrid: need(i, 'vrid', isCount, where),
    state: need(i, 'state', isState, where),
    vips: need(i, 'vips', isTexts, where),
    held,
  };
}

function haFacts(doc: Obj): Pick<DirectorFacts, 'instances' | 'syncDaemons'> {
  if (doc.ha === null || doc.ha === undefined) return { instances: [], syncDaemons: 0 };
  const ha = need(doc, 'ha', isObj, 'the document');
  return {
    instances: need(ha, 'instances', Array.isArray, 'ha').map(instanceFacts),
    syncDaemons: need(ha, 'syncDaemons', Array.isArray, 'ha').length,
  };
}

function tableFacts(doc: Obj): Omit<DirectorFacts, 'instances' | 'syncDaemons' | 'doctor'> {
  const t = { services: 0, usable: 0, servers: 0, activeConns: 0, inactiveConns: 0, cps: 0, inBps: 0, outBps: 0 };
  for (const s of need(doc, 'services', Array.isArray, 'the document')) {
    const where = `service ${t.services + 1}`;
    if (!isObj(s)) throw new BadDocument(`${where} is not an object`);
    const stats = need(s, 'stats', isObj, where);
    t.services++;
    t.cps += need(stats, 'cps', isNumber, where);
    t.inBps += need(stats, 'inBps', isNumber, where);
    t.outBps += need(stats, 'outBps', isNumber, where);
    for (const d of need(s, 'dests', Array.isArray, where)) {
      if (!isObj(d)) throw new BadDocument(`${where}: a real server is not an object`);
      t.servers++;
      if (need(d, 'weight', isCount, where) > 0) t.usable++;
      t.activeConns += need(d, 'activeConns', isCount, where);
      t.inactiveConns += need(d, 'inactiveConns', isCount, where);
    }
  }
  return t;
}

function doctorFacts(doc: Obj): DirectorFacts['doctor'] {
  if (!isObj(doc.doctor)) return null;
  return {
    critical: need(doc.doctor, 'critical', isCount, 'doctor'),
    warning: need(doc.doctor, 'warning', isCount, 'doctor'),
  };
}

/** The director's facts, or one line saying what in the document is not what list --json --watch writes. */
export function readDirectorFacts(doc: unknown): DirectorFacts | string {
  return readChecked(() => {
    if (!isObj(doc)) throw new BadDocument('not a JSON object');
    return { ...haFacts(doc), ...tableFacts(doc), doctor: doctorFacts(doc) };
  });
}
