// Find in the article (Ctrl+F) and the marked search hit, painted with the CSS Custom Highlight
// API from code-point spans (the core finds the matches: `api.findInArticle`).

import { offsetsToRange, passageElements } from "./offsets";
import { register } from "./paint";
import type { Span } from "./selection";

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
    register("zh-find", all);
    const one = cur ? new Highlight(cur) : new Highlight();
    one.priority = 26;
    register("zh-find-current", one);
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
  register("zh-hit", hl);
}

/** Scrolls so that `range` is in the middle of its scrolling box. */
export function scrollToRange(range: Range): void {
  const el = range.startContainer.parentElement;
  el?.scrollIntoView({ block: "center" });
}
