/**
 * One screen line, already cut to width. Memoised on its text and style, so
 * re-rendering a screen where one counter changed re-renders one line.
 * Every text the monitor draws passes through Line or Segments (the only
 * users of Ink's Text), which make control characters visible here, before
 * Ink, whose tokenizer would read a C1 CSI (0x9b) as the start of a sequence.
 */

import { Text } from 'ink';
import { memo } from 'react';
import { clip, visible, width } from './format/text.js';
import type { Style } from './theme.js';

/** A run of text with one style. */
export interface Segment {
  text: string;
  style?: Style;
}

export interface LineProps {
  text: string;
  style?: Style;
}

/** wrap="truncate" is a second guard: our text never exceeds the width, so Ink never wraps. */
export const Line = memo(function Line({ text, style }: LineProps) {
  return (
    <Text wrap="truncate" {...style}>
      {text === '' ? ' ' : visible(text)}
    </Text>
  );
});

/** A line of differently styled segments (header markers, dialog keys). */
export const Segments = memo(function Segments({ parts }: { parts: readonly Segment[] }) {
  return (
    <Text wrap="truncate">
      {parts.map((p, i) => (
        <Text key={i} {...p.style}>
          {visible(p.text)}
        </Text>
      ))}
    </Text>
  );
});

/** Segments cut so that together they fit `w` columns (later segments lose first). */
export function fitSegments(parts: readonly Segment[], w: number): Segment[] {
  const out: Segment[] = [];
  let left = w;
  for (const p of parts) {
    if (left <= 0) break;
    const text = clip(p.text, left);
    out.push({ ...p, text });
    left -= width(text);
  }
  return out;
}
