/** The terminal's size, followed across resizes (Ink 6.8 re-lays out on resize but has no size hook). */

import { useStdout } from 'ink';
import { useEffect, useState } from 'react';

export interface TerminalSize {
  columns: number;
  rows: number;
}

/** Without a tty (tests), the classic 80x24. */
const read = (s: NodeJS.WriteStream): TerminalSize => ({ columns: s.columns || 80, rows: s.rows || 24 });

export function useTerminalSize(): TerminalSize {
  const { stdout } = useStdout();
  const [size, setSize] = useState(() => read(stdout));
  useEffect(() => {
    const onResize = (): void =>
      setSize((old) => {
        const next = read(stdout);
        return next.columns === old.columns && next.rows === old.rows ? old : next;
      });
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
  }, [stdout]);
  return size;
}
