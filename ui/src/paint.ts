// Paints highlights with the CSS Custom Highlight API: no element is inserted into the article's
// text, so the reader's DOM stays exactly the passages' text (which keeps offsets.ts simple and
// makes it impossible for painting to alter content). One registry entry per colour, one for
// stretches where highlights overlap (painted with an underline so both remain visible), one for
// the highlight being edited and one for a short "here it is" flash.

import { offsetsToRange, passageElements } from "./offsets";
import { overlaps, type Span } from "./selection";

export interface Paintable extends Span {
  color: string;
}

export const COLORS = ["yellow", "green", "blue", "pink", "purple"] as const;

function supported(): boolean {
  return typeof CSS !== "undefined" && "highlights" in CSS && typeof Highlight !== "undefined";
}

/** Repaints every highlight of the article shown under `root`. */
export function paintHighlights(root: Element, items: readonly Paintable[]): void {
  if (!supported()) return;
  const cache = passageElements(root);
  const byColor = new Map<string, Range[]>(COLORS.map((c) => [c, []]));
  for (const h of items) {
    const r = offsetsToRange(root, h.start, h.end, cache);
    if (r) byColor.get(h.color)?.push(r);
  }
  for (const [color, ranges] of byColor) {
    const hl = new Highlight(...ranges);
    CSS.highlights.set(`zh-${color}`, hl);
  }
  const overlap = new Highlight(
    ...overlaps(items)
      .map((s) => offsetsToRange(root, s.start, s.end, cache))
      .filter((r): r is Range => r !== null),
  );
  // Above the colours, so that its underline and darker wash show on top of both.
  overlap.priority = 10;
  CSS.highlights.set("zh-overlap", overlap);
}

/** Marks `span` as the highlight being edited (null clears it). */
export function paintActive(root: Element, span: Span | null): void {
  if (!supported()) return;
  const r = span && offsetsToRange(root, span.start, span.end);
  const hl = r ? new Highlight(r) : new Highlight();
  hl.priority = 20;
  CSS.highlights.set("zh-active", hl);
}

/** Flashes `span` for a moment, after scrolling it into view. */
export function flash(root: Element, span: Span): void {
  const r = offsetsToRange(root, span.start, span.end);
  if (!r) return;
  const el = (r.startContainer.parentElement ?? root) as HTMLElement;
  el.scrollIntoView({ block: "center", behavior: "smooth" });
  if (!supported()) return;
  const hl = new Highlight(r);
  hl.priority = 30;
  CSS.highlights.set("zh-flash", hl);
  window.setTimeout(() => CSS.highlights.delete("zh-flash"), 1200);
}

/** Forgets every painted highlight (when the reader closes). */
export function clearPaint(): void {
  if (supported()) CSS.highlights.clear();
}
