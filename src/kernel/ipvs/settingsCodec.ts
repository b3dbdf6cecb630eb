/**
 * IPVS generic netlink payloads of the director's settings <-> domain objects: GET_INFO, the timeouts
 * (GET_CONFIG, SET_CONFIG) and the sync daemons (GET_DAEMON). Pure: no sockets. Integers are in host
 * order; malformed or incomplete payloads throw CodecError.
 */
import { formatIPv4, formatIPv6 } from '../netlink/address.js';
import { AttributeReader, CodecError } from '../netlink/attributes.js';
import { u32Attr } from '../netlink/attributeWriters.js';
import * as K from './constants.js';
import type { IpvsInfo, SyncDaemon, Timeouts } from './types.js';

const top = (what: string, payload: Buffer): AttributeReader =>
  new AttributeReader(payload, what, K.IPVS_CMD_ATTR_NAMES);

/** Parses the GET_INFO reply (command SET_INFO): version 0x010201 -> '1.2.1'. */
export function parseInfo(payload: Buffer): IpvsInfo {
  const r = new AttributeReader(payload, 'IPVS info', K.IPVS_INFO_ATTR_NAMES);
  const versionCode = r.u32(K.IPVS_INFO_ATTR_VERSION);
  const version = [16, 8, 0].map((shift) => (versionCode >>> shift) & 0xff).join('.');
  return { versionCode, version, connTableSize: r.u32(K.IPVS_INFO_ATTR_CONN_TAB_SIZE) };
}

/** SET_CONFIG payload. The kernel leaves a timeout unchanged when its attribute is absent or 0. */
export function encodeTimeouts(t: Timeouts): Buffer {
  return Buffer.concat([
    u32Attr(K.IPVS_CMD_ATTR_TIMEOUT_TCP, t.tcp),
    u32Attr(K.IPVS_CMD_ATTR_TIMEOUT_TCP_FIN, t.tcpFin),
    u32Attr(K.IPVS_CMD_ATTR_TIMEOUT_UDP, t.udp),
  ]);
}

/**
 * Parses the GET_CONFIG reply (command SET_CONFIG). A kernel built without
 * TCP or UDP support (CONFIG_IP_VS_PROTO_TCP/UDP) leaves those attributes
 * out: they read as 0, as ipvsadm shows them.
 */
export function parseConfig(payload: Buffer): Timeouts {
  const r = top('IPVS config', payload);
  const get = (type: number): number => r.maybe(type, (t) => r.u32(t)) ?? 0;
  return {
    tcp: get(K.IPVS_CMD_ATTR_TIMEOUT_TCP),
    tcpFin: get(K.IPVS_CMD_ATTR_TIMEOUT_TCP_FIN),
    udp: get(K.IPVS_CMD_ATTR_TIMEOUT_UDP),
  };
}

/**
 * Parses one NEW_DAEMON message of a GET_DAEMON dump. SYNC_MAXLEN, the
 * multicast group, MCAST_PORT and MCAST_TTL come from kernels 4.3+.
 * MCAST_PORT is a host-order u16 (the kernel keeps the port in host order
 * and puts it with nla_put_u16), unlike the service and tunnel ports.
 */
export function parseDaemon(payload: Buffer): SyncDaemon {
  const r = top('IPVS sync daemon', payload).nested(K.IPVS_CMD_ATTR_DAEMON, 'DAEMON', K.IPVS_DAEMON_ATTR_NAMES);
  const stateCode = r.u32(K.IPVS_DAEMON_ATTR_STATE);
  if (stateCode !== K.IP_VS_STATE_MASTER && stateCode !== K.IP_VS_STATE_BACKUP) {
    throw new CodecError(`${r.context}: unknown sync daemon state ${stateCode}`);
  }
  const d: SyncDaemon = {
    state: stateCode === K.IP_VS_STATE_MASTER ? 'master' : 'backup',
    mcastInterface: r.string(K.IPVS_DAEMON_ATTR_MCAST_IFN),
    syncId: r.u32(K.IPVS_DAEMON_ATTR_SYNC_ID),
  };
  const maxLen = r.maybe(K.IPVS_DAEMON_ATTR_SYNC_MAXLEN, (t) => r.u16(t));
  if (maxLen !== undefined) d.syncMaxLen = maxLen;
  const group =
    r.maybe(K.IPVS_DAEMON_ATTR_MCAST_GROUP, (t) => formatIPv4(r.sized(t, 4))) ??
    r.maybe(K.IPVS_DAEMON_ATTR_MCAST_GROUP6, (t) => formatIPv6(r.sized(t, 16)));
  if (group !== undefined) d.mcastGroup = group;
  const port = r.maybe(K.IPVS_DAEMON_ATTR_MCAST_PORT, (t) => r.u16(t));
  if (port !== undefined) d.mcastPort = port;
  const ttl = r.maybe(K.IPVS_DAEMON_ATTR_MCAST_TTL, (t) => r.u8(t));
  if (ttl !== undefined) d.mcastTtl = ttl;
  return d;
}
