// Paints highlights with the CSS Custom Highlight API: no element is inserted into the article's
// text, so the reader's DOM stays exactly the passages' text (which keeps offsets.ts simple and
// makes it impossible for painting to alter content). One registry entry per colour, one for
// stretches where highlights overlap (painted with an underline so both remain visible), one for
// the highlight being edited and one for a short "here it is" flash.
//
// Painting is incremental: the Highlight objects live as long as the reader, and a change adds or
// removes only the ranges that changed, so making one highlight in a long article with hundreds
// of others does not make the engine repaint all of them.

import { offsetsToRange, passageElements } from "./offsets";
import { overlaps, type Span } from "./selection";

export interface Paintable extends Span {
  id: number;
  color: string;
}

export const COLORS = ["yellow", "green", "blue", "pink", "purple"] as const;

function supported(): boolean {
  return typeof CSS !== "undefined" && "highlights" in CSS && typeof Highlight !== "undefined";
}

interface Painted {
  key: string;
  color: string;
  range: Range;
}

/** What is painted now, by highlight id; reset by `clearPaint`. */
let painted = new Map<number, Painted>();
let overlapKey = "";

function registry(name: string, priority = 0): Highlight {
  let hl = CSS.highlights.get(name);
  if (!hl) {
    hl = new Highlight();
    hl.priority = priority;
    CSS.highlights.set(name, hl);
  }
  return hl;
}

/** Brings the painted highlights of the article under `root` up to date with `items`. */
export function paintHighlights(root: Element, items: readonly Paintable[]): void {
  if (!supported()) return;
  const cache = passageElements(root);
  const seen = new Set<number>();
  for (const h of items) {
    seen.add(h.id);
    const key = `${h.color}:${h.start}:${h.end}`;
    const old = painted.get(h.id);
    if (old?.key === key) continue;
    if (old) registry(`zh-${old.color}`).delete(old.range);
    const range = offsetsToRange(root, h.start, h.end, cache);
    if (!range) {
      painted.delete(h.id);
      continue;
    }
    registry(`zh-${h.color}`).add(range);
    painted.set(h.id, { key, color: h.color, range });
  }
  for (const [id, old] of painted) {
    if (!seen.has(id)) {
      registry(`zh-${old.color}`).delete(old.range);
      painted.delete(id);
    }
  }
  for (const c of COLORS) registry(`zh-${c}`);
  // Overlaps are few; rebuild them only when they change. Above the colours (priority 10), so
  // that the underline and darker wash show on top of both.
  const spans = overlaps(items);
  const key = spans.map((s) => `${s.start}-${s.end}`).join(",");
  if (key !== overlapKey || !CSS.highlights.has("zh-overlap")) {
    overlapKey = key;
    const overlap = new Highlight(...spans.map((s) => offsetsToRange(root, s.start, s.end, cache)).filter((r): r is Range => r !== null));
    overlap.priority = 10;
    CSS.highlights.set("zh-overlap", overlap);
  }
}

/** Marks the stretches that carry a margin note (there are few: rebuilt whole each time). */
export function paintNotes(root: Element, spans: readonly Span[]): void {
  if (!supported()) return;
  const cache = passageElements(root);
  const hl = new Highlight(...spans.map((s) => offsetsToRange(root, s.start, s.end, cache)).filter((r): r is Range => r !== null));
  hl.priority = 5;
  CSS.highlights.set("zh-note", hl);
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
  // A flash started by an earlier click must not cut this one short.
  window.clearTimeout(flashTimer);
  flashTimer = window.setTimeout(() => CSS.highlights.delete("zh-flash"), 1200);
}

let flashTimer = 0;

/**
 * Registers again every painted range that touches one of `shown` (passages the engine has just
 * laid out). Passages out of view are skipped by the engine (content-visibility: auto), and
 * WebKitGTK does not paint a range that was registered while its text was skipped, even once the
 * text is shown (it painted nothing, or a whole paragraph in the wrong place); a range registered
 * again paints correctly. Covers every registry: highlights, overlaps, notes, find, mentions.
 */
export function repaintWithin(shown: readonly Element[]): void {
  if (!supported() || !shown.length) return;
  for (const [, hl] of CSS.highlights) {
    for (const r of Array.from(hl)) {
      if (r instanceof Range && shown.some((el) => r.intersectsNode(el))) {
        hl.delete(r);
        hl.add(r);
      }
    }
  }
}

/** Forgets every painted highlight (when the reader closes or shows another article). */
export function clearPaint(): void {
  painted = new Map();
  overlapKey = "";
  if (supported()) CSS.highlights.clear();
}
