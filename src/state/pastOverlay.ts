/**
 * What the screen draws while the view looks back: the live state with a moment's table and
 * readings in place of the live ones. Keys that only look (move, sort, filter, expand) act on
 * what is drawn; the live parts come back underneath, so the polls go on meanwhile.
 */
import type { MonitorState, PastShown } from './types.js';

/** The state as drawn: the moment's parts over the live state's, or the live state itself. */
export function shownState(state: MonitorState): MonitorState {
  return state.past ? { ...state, ...state.past.shown } : state;
}

const SHOWN_KEYS: readonly (keyof PastShown)[] = [
  'meta',
  'services',
  'periodMs',
  'lastPollAt',
  'history',
  'highlight',
  'ha',
  'haReading',
  'doctor',
  'conn',
];

/** A change made to the drawn state (a key that moves or sorts), kept on the live state underneath. */
export function onShown(state: MonitorState, change: (shown: MonitorState) => MonitorState): MonitorState {
  if (!state.past) return change(state);
  const shown = shownState(state);
  const changed = change(shown);
  if (changed === shown) return state;
  const live = Object.fromEntries(SHOWN_KEYS.map((k) => [k, state[k]]));
  return { ...changed, ...live, past: state.past };
}
