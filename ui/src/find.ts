// Find in the article (Ctrl+F) and the marked search hit: matching over the article's text in
// code points (the offsets every other module uses), painted with the CSS Custom Highlight API.

import { offsetsToRange, passageElements } from "./offsets";
import type { Span } from "./selection";

/**
 * Folds one code point for matching: NFKC (full-width ↔ half-width, compatibility forms) and
 * lower case, kept only when it stays one code point so that offsets map one to one.
 */
export function foldChar(ch: string): string {
  const f = ch.normalize("NFKC").toLowerCase();
  return Array.from(f).length === 1 ? f : ch.toLowerCase().length === ch.length ? ch.toLowerCase() : ch;
}

/** Every match of `query` in `text` (code-point spans), case- and width-insensitive; matches
 * never cross a passage boundary (the `\n` between passages) unless the query holds one. */
export function findAll(text: string | readonly string[], query: string, max = 10000): Span[] {
  const hay = (typeof text === "string" ? Array.from(text) : text).map(foldChar);
  const needle = Array.from(query.trim()).map(foldChar);
  const out: Span[] = [];
  if (!needle.length) return out;
  const first = needle[0];
  outer: for (let i = 0; i + needle.length <= hay.length && out.length < max; i++) {
    if (hay[i] !== first) continue;
    for (let k = 1; k < needle.length; k++) if (hay[i + k] !== needle[k]) continue outer;
    out.push({ start: i, end: i + needle.length });
    i += needle.length - 1;
  }
  return out;
}

function supported(): boolean {
  return typeof CSS !== "undefined" && "highlights" in CSS && typeof Highlight !== "undefined";
}

/** Paints every match (`zh-find`) and the current one (`zh-find-current`); returns the current
 * match's range so the caller can scroll to it. */
export function paintFind(root: Element, spans: readonly Span[], current: number): Range | null {
  const cache = passageElements(root);
  const ranges = spans.map((s) => offsetsToRange(root, s.start, s.end, cache));
  const cur = ranges[current] ?? null;
  if (supported()) {
    const all = new Highlight(...ranges.filter((r, i): r is Range => r !== null && i !== current));
    all.priority = 25;
    CSS.highlights.set("zh-find", all);
    const one = cur ? new Highlight(cur) : new Highlight();
    one.priority = 26;
    CSS.highlights.set("zh-find-current", one);
  }
  return cur;
}

export function clearFind(): void {
  if (!supported()) return;
  CSS.highlights.delete("zh-find");
  CSS.highlights.delete("zh-find-current");
}

/** Marks a search hit in the article until the reader closes (`zh-hit`), and scrolls to it. */
export function markHit(root: Element, span: Span): void {
  const r = offsetsToRange(root, span.start, span.end);
  if (!r) return;
  root.setAttribute("data-hit", `${span.start}-${span.end}`);
  if (!supported()) return;
  const hl = new Highlight(r);
  hl.priority = 24;
  CSS.highlights.set("zh-hit", hl);
}

/** Scrolls so that `range` is in the middle of its scrolling box. */
export function scrollToRange(range: Range): void {
  const el = range.startContainer.parentElement;
  el?.scrollIntoView({ block: "center" });
}
