/** Why IPVS cannot be used, as errors the monitor can tell apart. */

/** IPVS cannot be used (not in the kernel, or no rights); the message says what to do. */
export class IpvsUnavailableError extends Error {}

/**
 * IPVS is not in the kernel: the ip_vs module is not loaded or was removed.
 * The monitor waits for it to come back rather than stopping.
 */
export class IpvsAbsentError extends IpvsUnavailableError {}
