/**
 * One netlink socket that runs requests one at a time and answers each with its replies' payloads:
 * the `netlink` package's raw socket (its native addon) for the system calls, messages.ts for the
 * bytes. Replies are never parsed into the package's message objects: at 10,000 services that was
 * six objects a message, 60,000 a dump, for bytes that are mostly the same as the last dump's.
 *
 * The socket reads each datagram in one system call, into a buffer of a fixed size. The package's
 * default peeks at each datagram's size first, a second call each; and since the kernel sizes a
 * dump's datagrams to what the reader last asked for, its exact-size reads kept them at one page.
 * The buffer is 8 KiB for IPVS: a dump comes in half the datagrams, with a quarter of the calls.
 * A larger one saves little more and costs memory: the addon allocates it whole for every datagram,
 * outside the V8 heap, so that it is freed only when V8 collects the Buffer, and V8 does not count
 * it. Natively, 20,000 small dumps: 32 KiB took RSS from 60 to 90-114 MiB, 8 KiB to 66-69 MiB,
 * each with a quarter less CPU than the package.
 */
import { getSystemErrorName } from 'node:util';
import { RawNetlinkSocket } from 'netlink';
import { encodeRequest, ReplyCollector } from './messages.js';

/** The datagram read buffer (see above); a datagram longer than it fails its request (EIO), never misread. */
const DATAGRAM_BYTES = 8 * 1024;
/** Dumps of thousands of services arrive in many datagrams: give them room. */
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

/**
 * Runs requests on one socket one at a time, each after the one before it ended, however it ended.
 * NetlinkSocket keeps one request in flight; the package's own sockets (rtnetlink's neighbours)
 * group multipart replies per socket, not per request, so that an action's ACK arriving in the
 * middle of the poller's dump would cut the dump short there.
 */
export function oneAtATime(): <T>(run: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(run: () => Promise<T>): Promise<T> => {
    const result = tail.then(run, run);
    tail = result.catch(() => undefined);
    return result;
  };
}

/**
 * Fails a request that has gone unanswered for a while, with one timer per socket that runs only while the socket
 * is in use: a timer armed for each request asked the event loop for the time (a system call each; in the lab's
 * User-Mode Linux, a tenth of a dump's cost). It ticks every `limitMs`, and a request still running at the tick
 * after the one that first saw it is failed: never before `limitMs` (a long dump keeps all the time it had with a
 * timer of its own), and at most twice it.
 */
export class RequestWatchdog {
  private timer: NodeJS.Timeout | undefined;
  /** Requests sent, and how many had been at the last tick. */
  private requests = 0;
  private requestsAtLastTick = -1;

  constructor(
    private readonly limitMs: number,
    private readonly running: () => boolean,
    private readonly expire: () => void,
  ) {}

  /** A request was sent. */
  sent(): void {
    this.requests++;
    if (this.timer) return;
    this.timer = setInterval(() => this.tick(), Math.max(1, this.limitMs));
    // The socket's own reference keeps the process alive while a request runs.
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private tick(): void {
    const none = this.requests === this.requestsAtLastTick;
    this.requestsAtLastTick = this.requests;
    if (!none) return;
    // No request was sent since the last tick: the one running (if any) was running then.
    if (this.running()) this.expire();
    else this.stop();
  }
}

interface Pending {
  collector: ReplyCollector;
  what: string;
  done: (e: NetlinkRequestError | undefined) => void;
}

export interface RequestSpec {
  /** Message type: a generic netlink family's id, or an rtnetlink message type. */
  type: number;
  /** Everything after the message header (for generic netlink, its own header first). */
  payload: Buffer;
  dump: boolean;
  /** Bytes of each reply before the payload handed back (4 for generic netlink's header). */
  skip: number;
  /** Names the request in an error. */
  what: string;
}

export class NetlinkSocket {
  private readonly raw: RawNetlinkSocket;
  private readonly serial = oneAtATime();
  private seq = Math.floor(Math.random() * 0x7fffffff);
  private pending: Pending | undefined;
  /** The port the socket is bound to, asked once (a call into the addon; the package asked at every send). */
  private readonly port: number;
  private readonly watchdog: RequestWatchdog;

  constructor(protocol: number, timeoutMs: number, datagramBytes = DATAGRAM_BYTES) {
    this.raw = new RawNetlinkSocket(protocol, {
      messagePeeking: false,
      msgBufferSize: datagramBytes,
      recvBufferSize: RECV_BUFFER_BYTES,
    } as ConstructorParameters<typeof RawNetlinkSocket>[1]);
    this.raw.on('message', (datagram: Buffer) => this.receive(datagram));
    this.raw.on('truncatedMessage', () =>
      this.end(this.eio(`a datagram longer than ${datagramBytes} bytes (truncated)`)),
    );
    this.raw.on('error', (e: Error) => this.end(this.eio(e.message)));
    this.port = this.raw.address().port;
    this.watchdog = new RequestWatchdog(
      timeoutMs,
      () => this.pending !== undefined,
      () =>
        this.end(new NetlinkRequestError('ETIMEDOUT', `${this.pending?.what}: no answer from the kernel (ETIMEDOUT)`)),
    );
    // An idle socket does not keep the process alive; one with a request in flight does.
    this.raw.unref();
  }

  /** The payloads of the request's replies, in order. */
  request(spec: RequestSpec): Promise<Buffer[]> {
    return this.serial(() => this.send(spec));
  }

  close(): void {
    this.watchdog.stop();
    this.end(this.eio('the socket was closed'));
    this.raw.close();
  }

  private send(spec: RequestSpec): Promise<Buffer[]> {
    this.seq = (this.seq % 0x7fffffff) + 1;
    const collector = new ReplyCollector(this.seq, spec.skip);
    const msg = encodeRequest(spec.type, this.seq, this.port, spec.payload, spec.dump);
    return new Promise<Buffer[]>((resolve, reject) => {
      this.raw.ref();
      this.watchdog.sent();
      this.pending = {
        collector,
        what: spec.what,
        done: (e) => {
          if (e) reject(e);
          else resolve(collector.replies);
        },
      };
      this.raw.send(msg, {}, (e?: Error) => e && this.end(this.eio(`send: ${e.message}`)));
    });
  }

  private receive(datagram: Buffer): void {
    const p = this.pending;
    if (!p) return;
    let end: number | undefined;
    try {
      end = p.collector.take(datagram);
    } catch (e) {
      this.end(this.eio((e as Error).message));
      return;
    }
    if (end === undefined) return;
    this.end(end === 0 ? undefined : new NetlinkRequestError(errnoName(end), `${p.what}: ${errnoName(end)}`));
  }

  private end(e: NetlinkRequestError | undefined): void {
    const p = this.pending;
    if (!p) return;
    this.pending = undefined;
    this.raw.unref();
    p.done(e);
  }

  private eio(said: string): NetlinkRequestError {
    return new NetlinkRequestError('EIO', `${this.pending?.what ?? 'netlink'}: EIO (${said})`);
  }
}

/** EPERM for 1, ...; an errno Node does not know keeps its number. */
function errnoName(errno: number): string {
  const name = errno > 0 ? getSystemErrorName(-errno) : '';
  return /^E[A-Z0-9]+$/.test(name) ? name : `errno ${errno}`;
}
