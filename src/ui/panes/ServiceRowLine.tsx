/**
 * One row of the Services pane: its cells in the row's style (new, gone, quiesced, overloaded,
 * selected), and what changed at a recent refresh highlighted cell by cell (or marked `*` in the
 * cell without colour: serviceColumns.ts's cellText).
 */
import { memo } from 'react';
import type { ServiceRow } from '../../state/view.js';
import { clip } from '../format/text.js';
import { fitSegments, Line, type Segment, Segments } from '../Line.js';
import { type Style, type Theme, useTheme } from '../theme.js';
import { type CellContext, cellText, changedIn, destFlag, type Placed, renderCells } from './serviceColumns.js';

function rowStyle(row: ServiceRow, selected: boolean, theme: Theme): Style {
  const flag = destFlag(row);
  const mark = row.kind === 'note' ? undefined : row.mark;
  const base =
    mark === 'gone'
      ? theme.gone
      : mark === 'new'
        ? theme.added
        : row.kind === 'service'
          ? theme.service
          : flag === '!'
            ? theme.overloaded
            : flag === '~'
              ? theme.quiesced
              : row.kind === 'note'
                ? theme.dim
                : theme.dest;
  return selected ? { ...base, ...theme.selected } : base;
}

export const RowLine = memo(function RowLine({
  row,
  selected,
  placed,
  ctx,
  width,
}: {
  row: ServiceRow;
  selected: boolean;
  placed: readonly Placed[];
  ctx: CellContext;
  width: number;
}) {
  const theme = useTheme();
  const style = rowStyle(row, selected, theme);
  const gutter = `${selected ? '>' : ' '}${destFlag(row)}`;
  if (row.kind === 'note' || !row.changed || theme.marks)
    return (
      <Line
        text={clip(gutter + renderCells(placed, (p) => cellText(p.column, row, ctx, p.width)), width)}
        style={style}
      />
    );
  return <Segments parts={fitSegments(changedSegments(row, placed, ctx, gutter, style, theme), width)} />;
});

/** A row with what changed in it highlighted, cell by cell (watch -d); the rest in the row's style. */
export function changedSegments(
  row: ServiceRow,
  placed: readonly Placed[],
  ctx: CellContext,
  gutter: string,
  style: Style,
  theme: Theme,
): Segment[] {
  const parts: Segment[] = [{ text: gutter, style }];
  placed.forEach((p, i) => {
    const cell = renderCells([p], (q) => cellText(q.column, row, ctx, q.width));
    const pad = cell.length - cell.trimStart().length;
    // The highlight covers the value, not the padding that aligns it.
    const body = p.column.id === 'name' ? cell : cell.trimStart();
    const lead = `${i > 0 ? ' ' : ''}${p.column.id === 'name' ? '' : ' '.repeat(pad)}`;
    if (lead) parts.push({ text: lead, style });
    parts.push({ text: body, style: changedIn(p.column, row) ? { ...style, ...theme.changed } : style });
  });
  return parts;
}
