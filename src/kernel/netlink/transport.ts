/**
 * Thin netlink transport: send one request, get the payloads of its replies as Buffers (socket.ts
 * over the `netlink` package's raw socket). Codecs (pure) live elsewhere.
 *
 * Every request has a timeout: a hung socket must never hang the monitor
 * (moby/ipvs does the same).
 */
import { Protocol } from 'netlink';
import { parseAttributes, readU16 } from './attributes.js';
import { stringAttr } from './attributeWriters.js';
import { NetlinkRequestError, NetlinkSocket, type RequestSpec } from './socket.js';

export { NetlinkRequestError, oneAtATime } from './socket.js';

export const DEFAULT_TIMEOUT_MS = 5000;

export interface RequestOptions {
  /** Set NLM_F_DUMP: the reply is a multipart dump. */
  dump?: boolean;
}

/** One netlink family, as the rest of the kernel layer uses it. */
export interface NetlinkTransport {
  /** Sends `cmd` (genl command or rtnetlink message type) and returns each reply's payload. */
  request(cmd: number, payload: Buffer, opts?: RequestOptions): Promise<Buffer[]>;
  close(): void;
}

/** Observes raw replies (for capturing golden bytes in the lab). */
export type ReplyTap = (cmd: number, request: Buffer, replies: Buffer[]) => void;

/** How the netlink package words a kernel refusal (`Request rejected: EPERM`) and its own timeout. */
const REJECTED = 'Request rejected: ';
const TIMED_OUT = 'Timeout has been reached';

/**
 * The netlink package reports the kernel's errno and its timeout only in an
 * Error's text: they are read back here, once. Anything else (a send failure,
 * a garbled reply) is EIO and keeps its own words. `what` names the request.
 */
export function requestError(e: unknown, what: string): NetlinkRequestError {
  const said = e instanceof Error ? e.message : String(e);
  if (said.startsWith(REJECTED)) {
    const errno = said.slice(REJECTED.length);
    return new NetlinkRequestError(errno, `${what}: ${errno}`);
  }
  if (said === TIMED_OUT) return new NetlinkRequestError('ETIMEDOUT', `${what}: no answer from the kernel (ETIMEDOUT)`);
  return new NetlinkRequestError('EIO', `${what}: EIO (${said})`);
}

/** Generic netlink's controller (linux/genetlink.h): its id, version, GETFAMILY and the attributes used. */
const GENL_ID_CTRL = 0x10;
const CTRL_VERSION = 1;
const CTRL_CMD_GETFAMILY = 3;
const CTRL_ATTR_FAMILY_ID = 1;
const CTRL_ATTR_FAMILY_NAME = 2;
/** struct genlmsghdr { u8 cmd; u8 version; u16 reserved; } before a generic netlink payload. */
const GENL_HDRLEN = 4;

function genlPayload(cmd: number, version: number, payload: Buffer): Buffer {
  const b = Buffer.alloc(GENL_HDRLEN + payload.length);
  b[0] = cmd;
  b[1] = version;
  payload.copy(b, GENL_HDRLEN);
  return b;
}

/** A family's name and id, from a reply of the controller. */
function familyOf(reply: Buffer): { name: string; id: number } {
  const attrs = parseAttributes(reply, 'generic netlink family');
  const name = attrs.get(CTRL_ATTR_FAMILY_NAME);
  const id = attrs.get(CTRL_ATTR_FAMILY_ID);
  return { name: name ? name.toString('utf8').replace(/\0+$/, '') : '', id: id && id.length >= 2 ? readU16(id) : -1 };
}

/** The controller's request for `name`'s family by name (which may load its module), or for all families (which never does). */
function ctrlRequest(name: string, byName: boolean): RequestSpec {
  const attrs = byName ? stringAttr(CTRL_ATTR_FAMILY_NAME, name) : Buffer.alloc(0);
  const payload = genlPayload(CTRL_CMD_GETFAMILY, CTRL_VERSION, attrs);
  return { type: GENL_ID_CTRL, payload, dump: !byName, skip: GENL_HDRLEN, what: `generic netlink family ${name}` };
}

/** The id a family is registered under now, from a dump of every family: unlike a lookup by name, loads no module. */
async function registeredFamilyId(sock: NetlinkSocket, name: string): Promise<number | undefined> {
  const families = (await sock.request(ctrlRequest(name, false))).map(familyOf);
  return families.find((f) => f.name === name)?.id;
}

/** The family's id now: looked up by name (`loadModule`), else found in the list; undefined when it has none. */
async function familyId(sock: NetlinkSocket, name: string, loadModule: boolean): Promise<number | undefined> {
  if (!loadModule) return registeredFamilyId(sock, name);
  try {
    const [reply] = await sock.request(ctrlRequest(name, true));
    return reply ? familyOf(reply).id : undefined;
  } catch (e) {
    if (e instanceof NetlinkRequestError && e.errno === 'ENOENT') return undefined;
    throw e;
  }
}

/**
 * Opens a generic netlink socket and resolves `familyName`.
 * Rejects with errno ENOENT when the kernel has no such family.
 * `loadModule` false: resolved from a dump of the families, which (unlike a lookup by name) never makes the
 * kernel load the family's module: for a watcher such as the exporter, which must not load ip_vs itself.
 *
 * A module removed and loaded again (rmmod ip_vs; modprobe ip_vs) registers its family under a
 * new id, and the kernel answers ENOENT to the old one: a request answered ENOENT looks the
 * family up again (without loading its module behind the operator's back) and, if it has a new
 * id, is sent once more. If the family is gone, the ENOENT stands.
 */
export async function openGenericFamily(
  familyName: string,
  version: number,
  timeoutMs = DEFAULT_TIMEOUT_MS,
  tap?: ReplyTap,
  loadModule = true,
): Promise<NetlinkTransport> {
  const sock = new NetlinkSocket(Protocol.GENERIC, timeoutMs);
  const what = `generic netlink family ${familyName}`;
  let found: number | undefined;
  try {
    found = await familyId(sock, familyName, loadModule);
  } catch (e) {
    sock.close();
    throw e;
  }
  if (found === undefined || found < 0) {
    sock.close();
    throw new NetlinkRequestError('ENOENT', `${what}: ENOENT`);
  }
  let id = found;
  const send = async (cmd: number, payload: Buffer, opts?: RequestOptions): Promise<Buffer[]> => {
    const replies = await sock.request({
      type: id,
      payload: genlPayload(cmd, version, payload),
      dump: opts?.dump ?? false,
      skip: GENL_HDRLEN,
      what: `${familyName} command ${cmd}`,
    });
    tap?.(cmd, payload, replies);
    return replies;
  };
  return {
    request: async (cmd, payload, opts) => {
      try {
        return await send(cmd, payload, opts);
      } catch (e) {
        if (!(e instanceof NetlinkRequestError && e.errno === 'ENOENT')) throw e;
        const now = await registeredFamilyId(sock, familyName).catch(() => undefined);
        if (now === undefined || now === id) throw e;
        id = now;
        return send(cmd, payload, opts);
      }
    },
    close: () => sock.close(),
  };
}

/**
 * Bytes of an rtnetlink datagram read: a dump's largest (SKB_WITH_OVERHEAD(32768)), and an
 * interface's message, which can be several pages, fits.
 */
const RTNETLINK_DATAGRAM_BYTES = 32 * 1024;

/** Opens an rtnetlink socket; payloads start after the nlmsghdr. */
export function openRtnetlink(timeoutMs = DEFAULT_TIMEOUT_MS, tap?: ReplyTap): NetlinkTransport {
  const sock = new NetlinkSocket(Protocol.ROUTE, timeoutMs, RTNETLINK_DATAGRAM_BYTES);
  return {
    request: async (type, payload, opts) => {
      const what = `rtnetlink message ${type}`;
      const replies = await sock.request({ type, payload, dump: opts?.dump ?? false, skip: 0, what });
      tap?.(type, payload, replies);
      return replies;
    },
    close: () => sock.close(),
  };
}
