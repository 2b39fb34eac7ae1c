// The one place where DOM positions (UTF-16 code units inside text nodes) and the core's offsets
// (Unicode code points into an article's text) are converted into each other.
//
// The reader renders every passage as an element carrying `data-start` and `data-end` (the
// passage's code-point span in the article) whose descendants are only the passage's text (plain
// text nodes, possibly wrapped in inline elements such as links). Nothing else may be put inside
// a passage element, or the offsets below would count it.

/** The number of code points in `s` (a surrogate pair such as 𠮷 or 😀 counts once). */
export function cpLength(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    // A high surrogate followed by a low one is a single code point: skip the low half.
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}

/** The code-point index of UTF-16 index `i` in `s`. An index inside a surrogate pair rounds down. */
export function utf16ToCp(s: string, i: number): number {
  const clamped = Math.max(0, Math.min(i, s.length));
  let cp = cpLength(s.slice(0, clamped));
  // Splitting a pair leaves a lone high surrogate at the end of the slice: it belongs to the
  // character that starts there, so the point is before that character.
  const last = s.charCodeAt(clamped - 1);
  if (clamped > 0 && clamped < s.length && last >= 0xd800 && last <= 0xdbff) cp--;
  return cp;
}

/** The UTF-16 index of code-point index `cp` in `s`, clamped to the string's length. */
export function cpToUtf16(s: string, cp: number): number {
  let i = 0;
  let n = 0;
  while (i < s.length && n < cp) {
    const c = s.charCodeAt(i);
    const d = s.charCodeAt(i + 1);
    i += c >= 0xd800 && c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff ? 2 : 1;
    n++;
  }
  return i;
}

/** Slices `s` by code points `[start, end)`. */
export function cpSlice(s: string, start: number, end: number): string {
  const a = cpToUtf16(s, start);
  return s.slice(a, a + cpToUtf16(s.slice(a), end - start));
}

/** A position inside a text node, in the DOM's own units. */
export interface DomPoint {
  node: Text;
  offset: number;
}

function passages(root: Element): HTMLElement[] {
  return Array.from(root.querySelectorAll<HTMLElement>("[data-start]"));
}

function spanOf(el: Element): [number, number] {
  return [Number(el.getAttribute("data-start")), Number(el.getAttribute("data-end"))];
}

/**
 * The article offset (code points) of the DOM point (`node`, `offset`) under `root`, or null when
 * the point is outside `root`. A point between passages maps to the start of the next passage
 * (or the end of the last one), so a selection that ends "at the start of the next paragraph"
 * ends where that paragraph starts.
 */
export function domPointToOffset(root: Element, node: Node, offset: number): number | null {
  if (!root.contains(node)) return null;
  const el = node.nodeType === Node.ELEMENT_NODE ? (node as Element) : node.parentElement;
  const passage = el?.closest("[data-start]");
  const doc = root.ownerDocument;
  if (passage && root.contains(passage)) {
    const [start, end] = spanOf(passage);
    // The text of the passage before the point: Range.toString concatenates exactly the text
    // nodes' data between the two points, whatever inline elements lie in between.
    const before = doc.createRange();
    before.setStart(passage, 0);
    before.setEnd(node, offset);
    return Math.min(end, start + cpLength(before.toString()));
  }
  const point = doc.createRange();
  point.setStart(node, offset);
  point.collapse(true);
  const all = passages(root);
  for (const p of all) {
    // comparePoint(p, 0) >= 0: the start of p is at or after the point.
    if (point.comparePoint(p, 0) >= 0) return spanOf(p)[0];
  }
  return all.length ? spanOf(all[all.length - 1])[1] : 0;
}

/** The article span `[start, end)` that a DOM range covers, or null when it is outside `root`. */
export function rangeToOffsets(root: Element, range: Range): { start: number; end: number } | null {
  const start = domPointToOffset(root, range.startContainer, range.startOffset);
  const end = domPointToOffset(root, range.endContainer, range.endOffset);
  if (start === null || end === null) return null;
  return start <= end ? { start, end } : { start: end, end: start };
}

/**
 * Finds the passage element containing offset `cp` by binary search over the passages (they are
 * in reading order), so painting hundreds of highlights stays cheap on a long article.
 */
function passageAt(all: HTMLElement[], cp: number): HTMLElement | null {
  let lo = 0;
  let hi = all.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (spanOf(all[mid])[0] <= cp) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found >= 0 ? all[found] : all[0] ?? null;
}

/**
 * The DOM point of article offset `cp`. An offset in the gap between two passages (the `\n` that
 * joins them) maps to the end of the earlier passage. `preferNext` puts a point that falls exactly
 * between two text nodes at the start of the later one (useful for a range's start).
 */
export function offsetToDomPoint(root: Element, cp: number, preferNext = false, cache?: HTMLElement[]): DomPoint | null {
  const all = cache ?? passages(root);
  const p = passageAt(all, cp);
  if (!p) return null;
  const [start, end] = spanOf(p);
  let rest = Math.max(0, Math.min(cp, end) - start);
  const walker = root.ownerDocument.createTreeWalker(p, NodeFilter.SHOW_TEXT);
  let last: Text | null = null;
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const t = n as Text;
    const len = cpLength(t.data);
    if (rest < len || (rest === len && !preferNext)) return { node: t, offset: cpToUtf16(t.data, rest) };
    rest -= len;
    last = t;
  }
  return last ? { node: last, offset: last.data.length } : null;
}

/** A DOM Range for the article span `[start, end)`, or null when the reader has no text there. */
export function offsetsToRange(root: Element, start: number, end: number, cache?: HTMLElement[]): Range | null {
  const a = offsetToDomPoint(root, start, true, cache);
  const b = offsetToDomPoint(root, end, false, cache);
  if (!a || !b) return null;
  const r = root.ownerDocument.createRange();
  r.setStart(a.node, a.offset);
  r.setEnd(b.node, b.offset);
  return r;
}

/** The passage elements of `root`, for callers that convert many offsets in a row. */
export function passageElements(root: Element): HTMLElement[] {
  return passages(root);
}
