/**
 * Kernel names and numbers of the neighbour (ARP / NDP) table over rtnetlink,
 * from include/uapi/linux/rtnetlink.h and include/uapi/linux/neighbour.h.
 */

// linux/rtnetlink.h: RTM_*NEIGH message types.
export const RTM_NEWNEIGH = 28;
export const RTM_DELNEIGH = 29;
export const RTM_GETNEIGH = 30;

// linux/neighbour.h: struct ndmsg is 12 bytes:
// family u8, pad u8, pad u16, ifindex s32, state u16, flags u8, type u8.
export const NDMSG_LEN = 12;

// linux/neighbour.h: enum NDA_* (attributes after struct ndmsg).
export const NDA_DST = 1;
export const NDA_LLADDR = 2;
export const NDA_CACHEINFO = 3;
export const NDA_PROBES = 4;
export const NDA_VLAN = 5;
export const NDA_PORT = 6;
export const NDA_VNI = 7;
export const NDA_IFINDEX = 8;
export const NDA_MASTER = 9;
export const NDA_LINK_NETNSID = 10;
export const NDA_SRC_VNI = 11;
export const NDA_PROTOCOL = 12;
export const NDA_NH_ID = 13;
export const NDA_FDB_EXT_ATTRS = 14;
export const NDA_FLAGS_EXT = 15;
export const NDA_NDM_STATE_MASK = 16;
export const NDA_NDM_FLAGS_MASK = 17;
export const NDA_NAMES = [
  'UNSPEC', 'DST', 'LLADDR', 'CACHEINFO', 'PROBES', 'VLAN', 'PORT', 'VNI', 'IFINDEX', 'MASTER', 'LINK_NETNSID',
  'SRC_VNI', 'PROTOCOL', 'NH_ID', 'FDB_EXT_ATTRS', 'FLAGS_EXT', 'NDM_STATE_MASK', 'NDM_FLAGS_MASK',
] as const;

// linux/neighbour.h: NUD_* state bits (ndm_state).
export const NUD_NONE = 0x00;
export const NUD_INCOMPLETE = 0x01;
export const NUD_REACHABLE = 0x02;
export const NUD_STALE = 0x04;
export const NUD_DELAY = 0x08;
export const NUD_PROBE = 0x10;
export const NUD_FAILED = 0x20;
/** Pseudo-state: never changes, no resolution (e.g. multicast, loopback). */
export const NUD_NOARP = 0x40;
/** Pseudo-state: configured by hand, never expires. */
export const NUD_PERMANENT = 0x80;

/** NUD bits with the names `ip neigh` prints, in its order. */
export const NUD_STATE_NAMES: readonly (readonly [number, string])[] = [
  [NUD_INCOMPLETE, 'INCOMPLETE'],
  [NUD_REACHABLE, 'REACHABLE'],
  [NUD_STALE, 'STALE'],
  [NUD_DELAY, 'DELAY'],
  [NUD_PROBE, 'PROBE'],
  [NUD_FAILED, 'FAILED'],
  [NUD_NOARP, 'NOARP'],
  [NUD_PERMANENT, 'PERMANENT'],
];

// linux/neighbour.h: NTF_* flag bits (ndm_flags).
export const NTF_USE = 1 << 0;
export const NTF_SELF = 1 << 1;
export const NTF_MASTER = 1 << 2;
export const NTF_PROXY = 1 << 3;
export const NTF_EXT_LEARNED = 1 << 4;
export const NTF_OFFLOADED = 1 << 5;
export const NTF_STICKY = 1 << 6;
export const NTF_ROUTER = 1 << 7;

/** NTF bits with the words iproute2 uses for them ('extern_learn', 'offload', ...). */
export const NTF_FLAG_NAMES: readonly (readonly [number, string])[] = [
  [NTF_USE, 'use'],
  [NTF_SELF, 'self'],
  [NTF_MASTER, 'master'],
  [NTF_PROXY, 'proxy'],
  [NTF_EXT_LEARNED, 'extern_learn'],
  [NTF_OFFLOADED, 'offload'],
  [NTF_STICKY, 'sticky'],
  [NTF_ROUTER, 'router'],
];
