/**
 * The fleet screen: every director's session read as it changes (at most a few frames a second,
 * and once a second for the ages), the cursor moved by the keys, Enter handing the terminal to
 * the selected director's own monitor, q or Ctrl-C to quit. It only reads: no key acts on a
 * director. The sessions and the ssh -t are the caller's (run.tsx, cli/fleetScreen.ts).
 */
import { type Key, useApp, useInput } from 'ink';
import { useEffect, useMemo, useRef, useState } from 'react';
import { columnWidths, fleetCounts, fleetLines, headerText } from '../../state/fleetScreen.js';
import {
  type FleetMove,
  keptSelection,
  moveSelection,
  rowOrder,
  scrollTop,
  selectedLine,
} from '../../state/fleetSelection.js';
import type { HostView } from '../../state/fleetSession.js';
import { fleetView } from '../../state/fleetView.js';
import { count } from '../format/units.js';
import { splitKeys } from '../keys/match.js';
import { useTerminalSize } from '../useTerminalSize.js';
import { FleetScreen, fleetBodyHeight } from './FleetScreen.js';

/** The directors' sessions as the screen reads them (state/fleetWatch.ts). */
export interface FleetSource {
  views(): HostView[];
  subscribe(f: () => void): () => void;
}

export interface FleetAppProps {
  source: FleetSource;
  /** Opens the director's own monitor in this terminal; resolves when it is back, with a line to show or null. */
  onOpen(host: string): Promise<string | null>;
}

/** Documents from many directors come close together: one frame for those of this long. */
const REDRAW_MS = 200;
/** Ages (stale 12s) move on without documents. */
const AGE_MS = 1000;

type FleetKey = FleetMove | 'open' | 'quit';

/** The fleet's keys (docs/fleet.md lists them). */
export function fleetKey(input: string, key: Key): FleetKey | undefined {
  if (key.ctrl) return input === 'c' ? 'quit' : undefined;
  if (key.meta) return undefined;
  if (key.upArrow || input === 'k') return 'up';
  if (key.downArrow || input === 'j') return 'down';
  if (key.pageUp) return 'pageUp';
  if (key.pageDown) return 'pageDown';
  if (key.home) return 'home';
  if (key.end) return 'end';
  if (key.return) return 'open';
  if (input === 'q') return 'quit';
  return undefined;
}

/** The hosts' views, read again after a change (throttled) and every second. */
function useFleetHosts(source: FleetSource): HostView[] {
  const [hosts, setHosts] = useState(() => source.views());
  useEffect(() => {
    let pending: ReturnType<typeof setTimeout> | undefined;
    const read = (): void => {
      pending = undefined;
      setHosts(source.views());
    };
    const unsubscribe = source.subscribe(() => {
      pending ??= setTimeout(read, REDRAW_MS);
    });
    const ages = setInterval(read, AGE_MS);
    return () => {
      unsubscribe();
      clearInterval(ages);
      if (pending !== undefined) clearTimeout(pending);
    };
  }, [source]);
  return hosts;
}

const short = (n: number): string => count(n, false);

export function FleetApp({ source, onOpen }: FleetAppProps) {
  const { exit } = useApp();
  const size = useTerminalSize();
  const hosts = useFleetHosts(source);
  const view = useMemo(() => fleetView(hosts), [hosts]);
  const lines = useMemo(() => fleetLines(view, short), [view]);
  const widths = useMemo(() => columnWidths(lines), [lines]);
  const order = useMemo(() => rowOrder(lines), [lines]);
  const [chosen, setChosen] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const opening = useRef(false);
  const topRef = useRef(0);
  const host = keptSelection(chosen, order);
  const selected = selectedLine(lines, host);
  const height = fleetBodyHeight(size.rows);
  const top = scrollTop(topRef.current, lines, selected, height);
  topRef.current = top;
  const latest = useRef({ host, order, height });
  latest.current = { host, order, height };

  useInput((input, key) => {
    for (const [one, k] of splitKeys(input, key)) {
      const what = fleetKey(one, k);
      if (what === undefined || opening.current) continue;
      setMessage(null);
      const now = latest.current;
      if (what === 'quit') exit();
      else if (what === 'open') {
        if (now.host === null) continue;
        opening.current = true;
        void onOpen(now.host).then((m) => {
          opening.current = false;
          setMessage(m);
        });
      } else {
        const next = moveSelection(now.host, what, now.order, now.height);
        latest.current = { ...now, host: next };
        setChosen(next);
      }
    }
  });

  return (
    <FleetScreen
      header={headerText(fleetCounts(view))}
      lines={lines}
      widths={widths}
      selected={selected}
      top={top}
      columns={size.columns}
      rows={size.rows}
      message={message}
    />
  );
}
