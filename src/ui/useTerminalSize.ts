/**
 * The terminal's size, followed across resizes (Ink 6.8 re-lays out on
 * resize but has no size hook). After a resize the terminal may have moved
 * or cropped what was drawn, while Ink's incremental renderer still believes
 * its old lines are on screen; so one blank frame is drawn first (every line
 * changes, so every line is rewritten), then the real one.
 */
import { useEffect, useState } from 'react';
import { useStdout } from 'ink';

export interface TerminalSize {
  columns: number;
  rows: number;
  /** True for the blank frame right after a resize. */
  settling: boolean;
}

/** Longer than a frame at Ink's 30 fps cap, so the blank frame is really written. */
const SETTLE_MS = 60;

/** Without a tty (tests), the classic 80x24. */
const read = (s: NodeJS.WriteStream): { columns: number; rows: number } => ({ columns: s.columns || 80, rows: s.rows || 24 });

export function useTerminalSize(): TerminalSize {
  const { stdout } = useStdout();
  const [size, setSize] = useState<TerminalSize>(() => ({ ...read(stdout), settling: false }));
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const onResize = (): void => {
      setSize({ ...read(stdout), settling: true });
      clearTimeout(timer);
      timer = setTimeout(() => setSize({ ...read(stdout), settling: false }), SETTLE_MS);
    };
    stdout.on('resize', onResize);
    return () => {
      clearTimeout(timer);
      stdout.off('resize', onResize);
    };
  }, [stdout]);
  return size;
}
