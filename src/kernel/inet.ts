/**
 * The address families and IP protocols IPVS speaks of, by name: AF_INET and AF_INET6 from
 * linux/socket.h, IPPROTO_* from linux/in.h. Code compares with these, never with bare numbers
 * (test/vocabulary.test.ts holds it).
 */

/** AF_INET or AF_INET6. */
export type AddressFamily = 2 | 10;
export const AF_INET = 2 as const;
export const AF_INET6 = 10 as const;

/** IP protocol numbers used by IPVS services; 0 for fwmark services. */
export type Protocol = 0 | 6 | 17 | 132;
export const IPPROTO_TCP = 6 as const;
export const IPPROTO_UDP = 17 as const;
export const IPPROTO_SCTP = 132 as const;

/** Whether a number the kernel sent is one of the two families IPVS has. */
export const isInetFamily = (family: number | undefined): family is AddressFamily =>
  family === AF_INET || family === AF_INET6;
