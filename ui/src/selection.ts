// What the reader does with a selection and with clicks: turning the user's selection into the
// span a highlight is made from, finding which highlights lie under a point, and working out where
// highlights overlap so that the overlap can be painted distinctly. Pure functions over offsets
// (code points), apart from `selectionSpan`, which reads the DOM through offsets.ts.

import { rangeToOffsets } from "./offsets";

/** A span of the article in code points, `end` exclusive. */
export interface Span {
  start: number;
  end: number;
}

const SPACE = /^\s$/u;

/**
 * Shrinks `[start, end)` so that it neither starts nor ends with white space (a triple-click
 * selects the line break after a paragraph, a drag often catches a trailing space). `chars` is
 * the article's text split into code points. Returns null when nothing but white space is left.
 */
export function trimSpan(chars: readonly string[], start: number, end: number): Span | null {
  let s = Math.max(0, start);
  let e = Math.min(chars.length, end);
  while (s < e && SPACE.test(chars[s])) s++;
  while (e > s && SPACE.test(chars[e - 1])) e--;
  return s < e ? { start: s, end: e } : null;
}

/**
 * The article span the current selection covers inside `root`, trimmed, or null when there is
 * no usable selection there (collapsed, outside the article, or only white space).
 */
export function selectionSpan(root: Element, sel: Selection | null, chars: readonly string[]): Span | null {
  if (!sel || sel.rangeCount === 0 || sel.isCollapsed) return null;
  const range = sel.getRangeAt(0);
  if (!root.contains(range.commonAncestorContainer) && range.commonAncestorContainer !== root) return null;
  const span = rangeToOffsets(root, range);
  return span ? trimSpan(chars, span.start, span.end) : null;
}

/**
 * The items whose span contains `offset` (start inclusive, end exclusive), the shortest first:
 * when highlights nest, a click means the innermost one.
 */
export function itemsAt<T extends Span>(items: readonly T[], offset: number): T[] {
  return items
    .filter((h) => h.start <= offset && offset < h.end)
    .sort((a, b) => a.end - a.start - (b.end - b.start));
}

/**
 * The stretches covered by two or more of `spans`, merged and in order. These are painted with
 * an extra mark, so that two overlapping highlights stay distinguishable instead of blending.
 */
export function overlaps(spans: readonly Span[]): Span[] {
  const events: [number, number][] = [];
  for (const s of spans) {
    if (s.end > s.start) {
      events.push([s.start, 1], [s.end, -1]);
    }
  }
  // Ends sort before starts at the same offset: touching highlights do not overlap.
  events.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const out: Span[] = [];
  let depth = 0;
  let from = 0;
  for (const [at, d] of events) {
    const before = depth;
    depth += d;
    if (before < 2 && depth >= 2) from = at;
    if (before >= 2 && depth < 2 && at > from) {
      const prev = out[out.length - 1];
      if (prev && prev.end === from) prev.end = at;
      else out.push({ start: from, end: at });
    }
  }
  return out;
}
