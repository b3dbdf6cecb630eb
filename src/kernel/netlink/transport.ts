/**
 * Thin netlink transport over the `netlink` package: send one request, get
 * the payloads of its replies as Buffers. Codecs (pure) live elsewhere.
 *
 * Every request has a timeout: a hung socket must never hang the monitor
 * (moby/ipvs does the same).
 */
import { createGenericNetlink, createNetlink, FlagsGet, genl, Protocol } from 'netlink';

export const DEFAULT_TIMEOUT_MS = 5000;
/** Dumps of thousands of services arrive in many messages: give them room. */
const RECV_BUFFER_BYTES = 4 * 1024 * 1024;

/** A request the kernel refused or did not answer; its errno (EPERM, ENOENT, ETIMEDOUT, ...) is in the message too. */
export class NetlinkRequestError extends Error {
  override readonly name = 'NetlinkRequestError';
  constructor(
    readonly errno: string,
    message: string,
  ) {
    super(message);
  }
}

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

/**
 * Runs requests on one socket one at a time. The netlink package groups multipart replies
 * per socket, not per request: an action's ACK arriving in the middle of the poller's dump
 * would cut that dump short, and the two would be answered out of their order.
 */
export function oneAtATime(): <T>(run: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(run: () => Promise<T>): Promise<T> => {
    const result = tail.then(run, run);
    tail = result.catch(() => undefined);
    return result;
  };
}

function flagsFor(opts?: RequestOptions): number {
  return opts?.dump ? FlagsGet.DUMP : 0;
}

type GenericSocket = ReturnType<typeof createGenericNetlink>;

/** The id a family is registered under now, from a dump of every family: unlike a lookup by name, loads no module. */
async function registeredFamilyId(sock: GenericSocket, name: string, timeoutMs: number): Promise<number | undefined> {
  const families = await sock.ctrlRequest(genl.Commands.GET_FAMILY, {}, { flags: FlagsGet.DUMP, timeout: timeoutMs });
  return families.find((f) => f.familyName === name)?.familyId;
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
  const sock = createGenericNetlink({ recvBufferSize: RECV_BUFFER_BYTES } as never);
  const what = `generic netlink family ${familyName}`;
  let found: number | undefined;
  try {
    if (loadModule) {
      const [family] = await sock.ctrlRequest(genl.Commands.GET_FAMILY, { familyName }, { timeout: timeoutMs });
      found = family?.familyId;
    } else {
      found = await registeredFamilyId(sock, familyName, timeoutMs);
    }
  } catch (e) {
    sock.socket.close();
    throw requestError(e, what);
  }
  if (found === undefined) {
    sock.socket.close();
    throw new NetlinkRequestError('ENOENT', `${what}: ENOENT`);
  }
  let familyId = found;
  const send = async (cmd: number, payload: Buffer, opts?: RequestOptions): Promise<Buffer[]> => {
    try {
      const [msgs] = await sock.request(familyId, cmd, version, payload, { flags: flagsFor(opts), timeout: timeoutMs });
      const replies = msgs.map((m) => m.data);
      tap?.(cmd, payload, replies);
      return replies;
    } catch (e) {
      throw requestError(e, `${familyName} command ${cmd}`);
    }
  };
  const serial = oneAtATime();
  return {
    request: (cmd, payload, opts) =>
      serial(async () => {
        try {
          return await send(cmd, payload, opts);
        } catch (e) {
          if (!(e instanceof NetlinkRequestError && e.errno === 'ENOENT')) throw e;
          const id = await registeredFamilyId(sock, familyName, timeoutMs).catch(() => undefined);
          if (id === undefined || id === familyId) throw e;
          familyId = id;
          return send(cmd, payload, opts);
        }
      }),
    close: () => sock.socket.close(),
  };
}

/** Opens an rtnetlink socket; payloads start after the nlmsghdr. */
export function openRtnetlink(timeoutMs = DEFAULT_TIMEOUT_MS, tap?: ReplyTap): NetlinkTransport {
  const sock = createNetlink(Protocol.ROUTE, { recvBufferSize: RECV_BUFFER_BYTES } as never);
  const serial = oneAtATime();
  return {
    request: (type, payload, opts) =>
      serial(async () => {
        try {
          const [msgs] = await sock.request(type, payload, { flags: flagsFor(opts), timeout: timeoutMs });
          const replies = msgs.map((m) => m.data);
          tap?.(type, payload, replies);
          return replies;
        } catch (e) {
          throw requestError(e, `rtnetlink message ${type}`);
        }
      }),
    close: () => sock.close(),
  };
}
