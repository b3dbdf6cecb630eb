/** A pane's first line: the tab strip (one pane at a time) or the pane's own name (all panes shown), then its settings. */
import { memo } from 'react';
import { PANES, type PaneId } from '../../state/types.js';
import { clip, width as widthOf } from '../format/text.js';
import { fitSegments, type Segment, Segments } from '../Line.js';
import { useTheme } from '../theme.js';
import { PANE_NAMES, SHORT_NAMES } from './registry.js';

export interface PaneTitleProps {
  pane: PaneId;
  focused: boolean;
  /** Show every pane as a tab (the single-pane layout). */
  tabs: boolean;
  /**
   * Settings shown after the name (rate source, sort, filter): each is kept whole, the tabs
   * shrink to their numbers first; then the optional ones go, then the first ones.
   */
  info: string | readonly Setting[];
  width: number;
}

/** A setting in a pane title; an optional one (a count) goes first when there is no room. */
export type Setting = string | { text: string; optional: true };

const textOf = (s: Setting): string => (typeof s === 'string' ? s : s.text);

/**
 * The tab strip from widest to narrowest: names of every pane, short names, then numbers only, then the current
 * pane only.
 */
function tabVariants(pane: PaneId, tabs: boolean): string[][] {
  const label = (p: PaneId, names = PANE_NAMES): string => `${PANES.indexOf(p) + 1} ${names[p]}`;
  if (!tabs) return [[` ${label(pane)} `]];
  const current = `[${label(pane)}]`;
  return [
    PANES.map((p) => (p === pane ? current : ` ${label(p)} `)),
    PANES.map((p) => (p === pane ? current : ` ${label(p, SHORT_NAMES)} `)),
    PANES.map((p) => (p === pane ? current : ` ${PANES.indexOf(p) + 1} `)),
    [current],
  ];
}

/** Columns the title of a pane shown beside others takes with all of `info`. */
export const titleWidth = (pane: PaneId, info: string): number =>
  widthOf(tabVariants(pane, false)[0]!.join('')) + (info ? widthOf(`  ${info}`) : 0);

export const PaneTitle = memo(function PaneTitle({ pane, focused, tabs, info, width }: PaneTitleProps) {
  const theme = useTheme();
  const all = (typeof info === 'string' ? [info] : info).filter((s) => textOf(s) !== '');
  const settings = all.map(textOf);
  const wanted = settings.length ? widthOf(`  ${settings.join('  ')}`) : 0;
  const variants = tabVariants(pane, tabs);
  const strip = variants.find((v) => widthOf(v.join('')) + wanted <= width) ?? variants.at(-1)!;
  // Brackets tell the current tab apart without colour.
  const parts: Segment[] = strip.map((text) => {
    const on = text.startsWith('[') || !tabs;
    return { text, style: on ? (focused ? theme.titleFocused : theme.title) : theme.dim };
  });
  const room = width - widthOf(strip.join('')) - 2;
  let kept = settings;
  if (widthOf(kept.join('  ')) > room) kept = all.filter((s) => typeof s === 'string').map(textOf);
  while (kept.length > 1 && widthOf(kept.join('  ')) > room) kept = kept.slice(1);
  const fitted = kept.length ? clip(kept.join('  '), Math.max(0, room)) : '';
  if (fitted) parts.push({ text: `  ${fitted}`, style: theme.dim });
  return <Segments parts={fitSegments(parts, width)} />;
});
