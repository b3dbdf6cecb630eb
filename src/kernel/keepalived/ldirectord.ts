/**
 * ldirectord's configuration (ldirectord.cf): which services it checks and how. A `virtual=`
 * line opens a service; indented lines under it set `real=ADDR:PORT method [weight]`,
 * `protocol=tcp|udp|fwm`, `checktype=` and `service=`; global lines may set `checktype=`.
 */

export interface LdirectordService {
  /** `TCP 10.5.0.100:80` or `FWM 7`. */
  service: string;
  servers: string[];
  /** negotiate, connect, ping, external, off, on... (ldirectord's default: negotiate). */
  checkType: string;
  /** The protocol the check speaks (http, https, smtp...), when set. */
  checkService: string | null;
}

/** ldirectord's file when its command line names none. */
export const LDIRECTORD_DEFAULT_CONFIG = '/etc/ha.d/ldirectord.cf';

/** The configuration file from ldirectord's command line (an argument ending in .cf or a path under ha.d). */
export function ldirectordConfigPath(args: string[]): string {
  const i = args.findIndex((a) => a.split('/').pop() === 'ldirectord');
  return args.slice(i + 1).find((a) => a.endsWith('.cf') || a.includes('/')) ?? LDIRECTORD_DEFAULT_CONFIG;
}

interface Block {
  target: string;
  servers: string[];
  protocol: string;
  checkType?: string;
  checkService: string | null;
}

function label(b: Block): string {
  if (b.protocol === 'fwm' || /^\d+$/.test(b.target)) return `FWM ${b.target}`;
  return `${b.protocol.toUpperCase()} ${b.target}`;
}

/** The services an ldirectord.cf checks. */
export function parseLdirectordConfig(text: string): LdirectordService[] {
  const blocks: Block[] = [];
  let globalCheck = 'negotiate';
  for (const raw of text.split('\n')) {
    const line = raw.replace(/#.*/, '');
    const kv = /^(\s*)(\w+)\s*=\s*(.*?)\s*$/.exec(line);
    if (!kv) continue;
    const [, indent, key, value] = kv as unknown as [string, string, string, string];
    const block = indent ? blocks.at(-1) : undefined;
    if (key === 'virtual') blocks.push({ target: value, servers: [], protocol: 'tcp', checkService: null });
    else if (!block && key === 'checktype') globalCheck = value;
    else if (block && key === 'real') block.servers.push(value.split(/\s+/)[0] ?? value);
    else if (block && key === 'protocol') block.protocol = value;
    else if (block && key === 'checktype') block.checkType = value;
    else if (block && key === 'service') block.checkService = value;
  }
  return blocks.map((b) => ({
    service: label(b),
    servers: b.servers,
    checkType: b.checkType ?? globalCheck,
    checkService: b.checkService,
  }));
}
