/** ipvsadm's number columns (print_largenum): 9 wide, shortened by 1000s with K/M/G/T unless exact. */

const LIMITS: [bigint, bigint, string][] = [
  [1_000_000_000n, 1_000n, 'K'],
  [100_000_000_000n, 1_000_000n, 'M'],
  [100_000_000_000_000n, 1_000_000_000n, 'G'],
];

export function largeNumber(n: bigint | number, exact: boolean): string {
  const v = BigInt(n);
  const text = v.toString();
  if (exact) return text.padStart(text.length <= 8 ? 9 : text.length + 1);
  if (v < 100_000_000n) return text.padStart(9);
  for (const [below, unit, suffix] of LIMITS) if (v < below) return `${(v / unit).toString().padStart(8)}${suffix}`;
  return `${(v / 1_000_000_000_000n).toString().padStart(8)}T`;
}

/** printf("%-Ns") */
export const left = (s: string | number, width: number): string => String(s).padEnd(width);
/** printf("%Ns") */
export const right = (s: string | number, width: number): string => String(s).padStart(width);
