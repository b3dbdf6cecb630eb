/**
 * ldirectord's configuration (ldirectord.cf): which services it checks and how. Global lines set
 * defaults (`checktype`, `checkinterval`, `checktimeout`, `quiescent`, `autoreload`); a
 * `virtual=` line opens a service; indented lines under it set `real=ADDR:PORT gate|masq|ipip
 * [WEIGHT]`, `protocol=tcp|udp|fwm`, `checktype=`, `service=`, `quiescent=`. ldirectord 4.12's
 * defaults: checktype negotiate, checkinterval 10 s, weight 1, autoreload no, and quiescent no
 * (its manual says yes, but its code, set_defaults, sets no: a failed server is removed).
 */
import { configLines, safeName } from '../heartbeat/configText.js';

/** One real server as ldirectord.cf configures it. */
export interface LdirectordReal {
  /** `10.5.0.21:80` as written (IPv6 in brackets). */
  server: string;
  /** gate (DR), masq (NAT) or ipip. */
  forwarding: string;
  weight: number;
}

export interface LdirectordService {
  /** `TCP 10.5.0.100:80` or `FWM 7`. */
  service: string;
  servers: string[];
  reals: LdirectordReal[];
  /** negotiate, connect, ping, external, off, on... (ldirectord's default: negotiate). */
  checkType: string;
  /** The protocol the check speaks (http, https, smtp...), when set. */
  checkService: string | null;
  /** Seconds between checks (the global value; a service's own applies only with fork=yes). */
  checkInterval: number;
  /** A failed server keeps its place with weight 0 (yes) or is removed (no). */
  quiescent: boolean;
}

/** The global settings that matter beside the services. */
export interface LdirectordConfig {
  services: LdirectordService[];
  /** Whether ldirectord rereads the file when it changes. */
  autoreload: boolean;
}

/** ldirectord's file when its command line names none. */
export const LDIRECTORD_DEFAULT_CONFIG = '/etc/ha.d/ldirectord.cf';

/**
 * The configuration file from ldirectord's command line (an argument ending in .cf or a path). A
 * bare name is one under /etc/ha.d, as ldirectord reads it (`ldirectord::ldirectord.cf` from
 * heartbeat's haresources).
 */
export function ldirectordConfigPath(args: string[]): string {
  const i = args.findIndex((a) => a.split('/').pop() === 'ldirectord');
  const given = args.slice(i + 1).find((a) => a.endsWith('.cf') || a.includes('/'));
  return ldirectordConfigFile(given ?? LDIRECTORD_DEFAULT_CONFIG);
}

/** An ldirectord configuration's path: a bare name is one in /etc/ha.d. */
export const ldirectordConfigFile = (name: string): string => (name.includes('/') ? name : `/etc/ha.d/${name}`);

interface Block {
  target: string;
  reals: LdirectordReal[];
  protocol: string;
  checkType?: string;
  quiescent?: boolean;
  checkService: string | null;
}

function label(b: Block): string {
  if (b.protocol === 'fwm' || /^\d+$/.test(b.target)) return `FWM ${b.target}`;
  return `${b.protocol.toUpperCase()} ${b.target}`;
}

const yes = (value: string): boolean => /^yes$/i.test(value);

function real(value: string): LdirectordReal {
  const [server = '', forwarding = 'gate', weight] = value.split(/\s+/);
  const w = Number(weight);
  return { server: safeName(server), forwarding: safeName(forwarding), weight: Number.isInteger(w) && w >= 0 ? w : 1 };
}

/** The services an ldirectord.cf checks, with its global settings; lines it cannot read are skipped. */
export function parseLdirectordFile(text: string): LdirectordConfig {
  const blocks: Block[] = [];
  const global = { checkType: 'negotiate', checkInterval: 10, quiescent: false, autoreload: false };
  for (const raw of text.split('\n')) {
    const indented = /^\s/.test(raw);
    const kv = /^(\w+)\s*=\s*(.*)$/.exec(configLines(raw)[0] ?? '');
    if (!kv) continue;
    const [, key, value] = kv as unknown as [string, string, string];
    const block = indented ? blocks.at(-1) : undefined;
    if (key === 'virtual') blocks.push({ target: safeName(value), reals: [], protocol: 'tcp', checkService: null });
    else if (block) blockSetting(block, key, value);
    else if (key === 'checktype') global.checkType = safeName(value);
    else if (key === 'checkinterval' && /^\d{1,6}$/.test(value)) global.checkInterval = Number(value);
    else if (key === 'quiescent') global.quiescent = yes(value);
    else if (key === 'autoreload') global.autoreload = yes(value);
  }
  return {
    services: blocks.map((b) => ({
      service: label(b),
      servers: b.reals.map((r) => r.server),
      reals: b.reals,
      checkType: b.checkType ?? global.checkType,
      checkService: b.checkService,
      checkInterval: global.checkInterval,
      quiescent: b.quiescent ?? global.quiescent,
    })),
    autoreload: global.autoreload,
  };
}

function blockSetting(block: Block, key: string, value: string): void {
  if (key === 'real') block.reals.push(real(value));
  else if (key === 'protocol') block.protocol = safeName(value.toLowerCase());
  else if (key === 'checktype') block.checkType = safeName(value);
  else if (key === 'service') block.checkService = safeName(value);
  else if (key === 'quiescent') block.quiescent = yes(value);
}

/** The services an ldirectord.cf checks. */
export const parseLdirectordConfig = (text: string): LdirectordService[] => parseLdirectordFile(text).services;
