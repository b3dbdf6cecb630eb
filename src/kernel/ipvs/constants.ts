/**
 * Kernel names and numbers of IPVS, from include/uapi/linux/ip_vs.h. The rest
 * of ipvstop speaks the words of types.ts and src/ipvs/ (which reads the flag
 * bits defined here); the codec and client use the rest. The `*_NAMES` arrays
 * are indexed by number and label attributes in error messages.
 */

// linux/ip_vs.h: IPVS_GENL_NAME, IPVS_GENL_VERSION.
export const IPVS_GENL_NAME = 'IPVS';
export const IPVS_GENL_VERSION = 1;

// linux/ip_vs.h: enum IPVS_CMD_* (the generic netlink commands ipvstop sends).
// GET_INFO is answered with SET_INFO (14), GET_CONFIG with SET_CONFIG, dumps with NEW_SERVICE (1) and so on.
export const IPVS_CMD_GET_SERVICE = 4;
export const IPVS_CMD_SET_DEST = 6;
export const IPVS_CMD_GET_DEST = 8;
export const IPVS_CMD_GET_DAEMON = 11;
export const IPVS_CMD_SET_CONFIG = 12;
export const IPVS_CMD_GET_CONFIG = 13;
export const IPVS_CMD_GET_INFO = 15;
export const IPVS_CMD_ZERO = 16;
export const IPVS_CMD_FLUSH = 17;

// linux/ip_vs.h: enum IPVS_CMD_ATTR_* (first level of every message).
export const IPVS_CMD_ATTR_SERVICE = 1;
export const IPVS_CMD_ATTR_DEST = 2;
export const IPVS_CMD_ATTR_DAEMON = 3;
export const IPVS_CMD_ATTR_TIMEOUT_TCP = 4;
export const IPVS_CMD_ATTR_TIMEOUT_TCP_FIN = 5;
export const IPVS_CMD_ATTR_TIMEOUT_UDP = 6;
export const IPVS_CMD_ATTR_NAMES = [
  'UNSPEC',
  'SERVICE',
  'DEST',
  'DAEMON',
  'TIMEOUT_TCP',
  'TIMEOUT_TCP_FIN',
  'TIMEOUT_UDP',
] as const;

// linux/ip_vs.h: enum IPVS_SVC_ATTR_* (inside IPVS_CMD_ATTR_SERVICE).
export const IPVS_SVC_ATTR_AF = 1;
export const IPVS_SVC_ATTR_PROTOCOL = 2;
export const IPVS_SVC_ATTR_ADDR = 3;
export const IPVS_SVC_ATTR_PORT = 4;
export const IPVS_SVC_ATTR_FWMARK = 5;
export const IPVS_SVC_ATTR_SCHED_NAME = 6;
export const IPVS_SVC_ATTR_FLAGS = 7;
export const IPVS_SVC_ATTR_TIMEOUT = 8;
export const IPVS_SVC_ATTR_NETMASK = 9;
export const IPVS_SVC_ATTR_STATS = 10;
export const IPVS_SVC_ATTR_PE_NAME = 11;
/** Kernel 4.1+. */
export const IPVS_SVC_ATTR_STATS64 = 12;
export const IPVS_SVC_ATTR_NAMES = [
  'UNSPEC',
  'AF',
  'PROTOCOL',
  'ADDR',
  'PORT',
  'FWMARK',
  'SCHED_NAME',
  'FLAGS',
  'TIMEOUT',
  'NETMASK',
  'STATS',
  'PE_NAME',
  'STATS64',
] as const;

// linux/ip_vs.h: enum IPVS_DEST_ATTR_* (inside IPVS_CMD_ATTR_DEST).
export const IPVS_DEST_ATTR_ADDR = 1;
export const IPVS_DEST_ATTR_PORT = 2;
export const IPVS_DEST_ATTR_FWD_METHOD = 3;
export const IPVS_DEST_ATTR_WEIGHT = 4;
export const IPVS_DEST_ATTR_U_THRESH = 5;
export const IPVS_DEST_ATTR_L_THRESH = 6;
export const IPVS_DEST_ATTR_ACTIVE_CONNS = 7;
export const IPVS_DEST_ATTR_INACT_CONNS = 8;
export const IPVS_DEST_ATTR_PERSIST_CONNS = 9;
export const IPVS_DEST_ATTR_STATS = 10;
/** Kernel 3.18+. */
export const IPVS_DEST_ATTR_ADDR_FAMILY = 11;
/** Kernel 4.1+. */
export const IPVS_DEST_ATTR_STATS64 = 12;
/** Kernel 5.2+ (TUN_TYPE, TUN_PORT); TUN_FLAGS 5.3+. */
export const IPVS_DEST_ATTR_TUN_TYPE = 13;
export const IPVS_DEST_ATTR_TUN_PORT = 14;
export const IPVS_DEST_ATTR_TUN_FLAGS = 15;
export const IPVS_DEST_ATTR_NAMES = [
  'UNSPEC',
  'ADDR',
  'PORT',
  'FWD_METHOD',
  'WEIGHT',
  'U_THRESH',
  'L_THRESH',
  'ACTIVE_CONNS',
  'INACT_CONNS',
  'PERSIST_CONNS',
  'STATS',
  'ADDR_FAMILY',
  'STATS64',
  'TUN_TYPE',
  'TUN_PORT',
  'TUN_FLAGS',
] as const;

// linux/ip_vs.h: enum IPVS_DAEMON_ATTR_* (inside IPVS_CMD_ATTR_DAEMON); SYNC_MAXLEN and later: kernel 4.3+.
export const IPVS_DAEMON_ATTR_STATE = 1;
export const IPVS_DAEMON_ATTR_MCAST_IFN = 2;
export const IPVS_DAEMON_ATTR_SYNC_ID = 3;
export const IPVS_DAEMON_ATTR_SYNC_MAXLEN = 4;
export const IPVS_DAEMON_ATTR_MCAST_GROUP = 5;
export const IPVS_DAEMON_ATTR_MCAST_GROUP6 = 6;
export const IPVS_DAEMON_ATTR_MCAST_PORT = 7;
export const IPVS_DAEMON_ATTR_MCAST_TTL = 8;
export const IPVS_DAEMON_ATTR_NAMES = [
  'UNSPEC',
  'STATE',
  'MCAST_IFN',
  'SYNC_ID',
  'SYNC_MAXLEN',
  'MCAST_GROUP',
  'MCAST_GROUP6',
  'MCAST_PORT',
  'MCAST_TTL',
] as const;

// linux/ip_vs.h: enum IPVS_STATS_ATTR_* (inside *_ATTR_STATS and *_ATTR_STATS64).
export const IPVS_STATS_ATTR_CONNS = 1;
export const IPVS_STATS_ATTR_INPKTS = 2;
export const IPVS_STATS_ATTR_OUTPKTS = 3;
export const IPVS_STATS_ATTR_INBYTES = 4;
export const IPVS_STATS_ATTR_OUTBYTES = 5;
export const IPVS_STATS_ATTR_CPS = 6;
export const IPVS_STATS_ATTR_INPPS = 7;
export const IPVS_STATS_ATTR_OUTPPS = 8;
export const IPVS_STATS_ATTR_INBPS = 9;
export const IPVS_STATS_ATTR_OUTBPS = 10;
export const IPVS_STATS_ATTR_NAMES = [
  'UNSPEC',
  'CONNS',
  'INPKTS',
  'OUTPKTS',
  'INBYTES',
  'OUTBYTES',
  'CPS',
  'INPPS',
  'OUTPPS',
  'INBPS',
  'OUTBPS',
  'PAD',
] as const;

// linux/ip_vs.h: enum IPVS_INFO_ATTR_* (GET_INFO reply, first level).
export const IPVS_INFO_ATTR_VERSION = 1;
export const IPVS_INFO_ATTR_CONN_TAB_SIZE = 2;
export const IPVS_INFO_ATTR_NAMES = ['UNSPEC', 'VERSION', 'CONN_TAB_SIZE'] as const;

// linux/ip_vs.h: IP_VS_SVC_F_* (virtual service flags). 0x0002, HASHED, is internal: set on every listed service.
export const IP_VS_SVC_F_PERSISTENT = 0x0001;
export const IP_VS_SVC_F_ONEPACKET = 0x0004;
export const IP_VS_SVC_F_SCHED1 = 0x0008;
export const IP_VS_SVC_F_SCHED2 = 0x0010;
export const IP_VS_SVC_F_SCHED3 = 0x0020;

// linux/ip_vs.h: the forwarding method's bits of conn_flags (IP_VS_CONN_F_MASQ 0 .. IP_VS_CONN_F_BYPASS 4).
export const IP_VS_CONN_F_FWD_MASK = 0x0007;

// linux/ip_vs.h: IP_VS_TUNNEL_ENCAP_FLAG_* (kernel 5.3+).
export const IP_VS_TUNNEL_ENCAP_FLAG_NOCSUM = 0;
export const IP_VS_TUNNEL_ENCAP_FLAG_CSUM = 1 << 0;
export const IP_VS_TUNNEL_ENCAP_FLAG_REMCSUM = 1 << 1;

// linux/ip_vs.h: IP_VS_STATE_* (sync daemon states; GET_DAEMON reports MASTER or BACKUP).
export const IP_VS_STATE_MASTER = 1;
export const IP_VS_STATE_BACKUP = 2;
