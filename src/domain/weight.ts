/**
 * A real server's weight as ipvstop bounds it: 0..65535, ipvsadm's range for `-w`. The kernel
 * takes any s32 >= 0 (IPVS_DEST_ATTR_WEIGHT; a negative one is refused with ERANGE), but every
 * change is confirmed and logged as the equivalent ipvsadm command, which must be one ipvsadm
 * accepts; so ipvstop never sets, saves or restores a weight above 65535.
 */
export const MAX_WEIGHT = 65535;

/** A whole number 0..MAX_WEIGHT. */
export const isWeight = (w: unknown): w is number =>
  Number.isInteger(w) && (w as number) >= 0 && (w as number) <= MAX_WEIGHT;
