/** What one command of the monitor is: its keys, its help, where it acts, and what it does. */

import type { MonitorEvent } from '../../../state/model.js';
import type { CommandContext } from '../../handlers/context.js';
import type { KeyMode } from '../commandList.js';
import type { KeySpec } from '../labels.js';

export type Handler = (x: CommandContext) => void;

export interface CommandSpec {
  keys: readonly KeySpec[];
  /** Its name in the footer, and when an action key says where it acts. */
  short: string;
  /** Its line on the help screen and in the man page; commands next to each other with the same text share a line. */
  help: string;
  /** Its row in README.md's key table (commands with the same text share a row); dialog keys have none. */
  doc?: string;
  /** The modes it is taken in (besides the focused pane's commands, which the pane registry lists). */
  modes: readonly KeyMode[];
  /** Changes the kernel or sends packets: guarded (refused in --read-only, elsewhere, or while one runs). */
  dangerous?: true;
  /** Acts on the selected service or real server: refused on a row shown gone (it left the table). */
  onSelection?: true;
  /** Its place in the footer (lower first), if the footer shows it. */
  footer?: number;
  run: Handler;
}

/** The help line of Enter's commands (they share it: one key, a meaning per pane). */
export const EXPAND_HELP = 'Expand; client; moment';

/** The help line of `o`, `c` and `X`. */
export const ZOOM_HELP = 'Zoom; client; snapshot';

/** Ctrl-C and Ctrl-Z work in every mode. */
export const EVERY_MODE: readonly KeyMode[] = ['normal', 'help', 'confirm', 'field'];

/** A command that is one event of the reducer. */
export const event =
  (e: MonitorEvent): Handler =>
  (x) =>
    x.d.dispatch(e);
