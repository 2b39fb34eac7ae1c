// Paints highlights with the CSS Custom Highlight API: no element is inserted into the article's
// text, so the reader's DOM stays exactly the passages' text (which keeps offsets.ts simple and
// makes it impossible for painting to alter content). One registry entry per colour, one for
// stretches where highlights overlap (painted with an underline so both remain visible), one for
// the highlight being edited and one for a short "here it is" flash.
//
// Painting is incremental: the Highlight objects live as long as the reader, and a change adds or
// removes only the ranges that changed, so making one highlight in a long article with hundreds
// of others does not make the engine repaint all of them.
//
// Only the highlights (and overlaps) of passages the engine shows are registered. Passages out of
// view are skipped by the engine (content-visibility: auto), and WebKitGTK pays for every
// registered range at every frame that lays anything out, far more for one in a skipped passage:
// measured under Xvfb with 300 highlights in a long article, a frame that adds one margin item
// took ~33 ms with all 300 registered and ~11 ms with the 4 of the passages in view. The model
// (`painted`, every highlight's range) stays whole; `passageShown` registers and unregisters as
// the engine reports passages shown or skipped.
//
// Every registry entry goes in through `register`, which keeps CSS.highlights in ascending
// priority order. WebKitGTK (2.50 at least) collects the highlights of each line in the order
// their names were registered, and one whose priority is below the last collected one is put in
// place by a search that can compute the index -1: the web process then dies on an assertion
// ("MarkedText … subspan … __offset <= size()"). Two highlights on a line, their overlap (10) and
// a mention (5) registered after it were enough. In priority order nothing is ever put in place.

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

/**
 * Whether the engine reports which passages it shows (contentvisibilityautostatechange). Where it
 * does not, every passage counts as shown and every range is registered.
 */
function reported(): boolean {
  return typeof window !== "undefined" && "ContentVisibilityAutoStateChangeEvent" in window;
}

/** A range in the model, with the passages it touches (one, or a few when it crosses them). */
interface Placed {
  range: Range;
  passages: Element[];
}

interface Painted extends Placed {
  key: string;
  color: string;
}

/** What is painted now, by highlight id; reset by `clearPaint`. */
let painted = new Map<number, Painted>();
/** The highlights touching each passage, for registering them when it is shown. */
let byPassage = new Map<Element, Set<Painted>>();
let overlapKey = "";
let overlapRanges: Placed[] = [];
/** What the engine last reported of each passage: true shown, false skipped. */
const passageState = new WeakMap<Element, boolean>();

/** The registry entries whose ranges are registered only while their passages are shown. */
const GATED = new Set([...COLORS.map((c) => `zh-${c}`), "zh-overlap"]);

function registry(name: string, priority = 0): Highlight {
  let hl = CSS.highlights.get(name);
  if (!hl) {
    hl = new Highlight();
    hl.priority = priority;
    register(name, hl);
  }
  return hl;
}

/**
 * The registry's names in the order the engine collects them: the order in which they were first
 * registered (a name deleted and registered again goes last). Iterating CSS.highlights does not
 * tell it: WebKitGTK iterates its names in hash order.
 */
let order: string[] = [];

/**
 * Registers `hl` under `name` (replacing what was there), then restores the registry's ascending
 * priority order (names of equal priority keep their order): the names from the first one out of
 * place on are registered again in order. The only way into CSS.highlights; see the header.
 */
export function register(name: string, hl: Highlight): void {
  if (!supported()) return;
  // Deleted since (the flash's timer, a closed find bar, clearPaint): no longer in the order.
  order = order.filter((n) => CSS.highlights.has(n));
  if (!CSS.highlights.has(name)) order.push(name);
  CSS.highlights.set(name, hl);
  const priority = (n: string) => CSS.highlights.get(n)?.priority ?? 0;
  const sorted = order.map((n, i) => [n, i] as const).sort(([a, i], [b, j]) => priority(a) - priority(b) || i - j).map(([n]) => n);
  const from = sorted.findIndex((n, k) => n !== order[k]);
  if (from < 0) return;
  const moved = sorted.slice(from).map((n) => [n, CSS.highlights.get(n)] as const);
  for (const [n] of moved) CSS.highlights.delete(n);
  for (const [n, h] of moved) if (h) CSS.highlights.set(n, h);
  order = sorted;
}

/** The passage elements (children of the reader's body carrying `data-start`) that `r` touches. */
export function passagesOf(r: Range): Element[] {
  const passageOf = (n: Node) => (n.nodeType === Node.ELEMENT_NODE ? (n as Element) : n.parentElement)?.closest("[data-start]") ?? null;
  const first = passageOf(r.startContainer);
  const last = passageOf(r.endContainer);
  if (!first || !last) return [];
  const out: Element[] = [first];
  for (let p = first; p !== last && out.length < 10000; ) {
    const next = p.nextElementSibling;
    if (!next) break;
    out.push(next);
    p = next;
  }
  return out;
}

/** Whether a range touching `passages` is to be registered now. */
function isShown(passages: readonly Element[]): boolean {
  return !reported() || passages.length === 0 || passages.some((p) => passageState.get(p) === true);
}

function index(h: Painted, add: boolean): void {
  for (const p of h.passages) {
    let set = byPassage.get(p);
    if (add) {
      if (!set) byPassage.set(p, (set = new Set()));
      set.add(h);
    } else {
      set?.delete(h);
      if (set?.size === 0) byPassage.delete(p);
    }
  }
}

/**
 * Brings the painted highlights of the article under `root` up to date with `items`; registers
 * those of the passages the engine shows.
 */
export function paintHighlights(root: Element, items: readonly Paintable[]): void {
  if (!supported()) return;
  const cache = passageElements(root);
  const seen = new Set<number>();
  for (const h of items) {
    seen.add(h.id);
    const key = `${h.color}:${h.start}:${h.end}`;
    const old = painted.get(h.id);
    if (old?.key === key) continue;
    if (old) {
      registry(`zh-${old.color}`).delete(old.range);
      index(old, false);
    }
    const range = offsetsToRange(root, h.start, h.end, cache);
    if (!range) {
      painted.delete(h.id);
      continue;
    }
    const now: Painted = { key, color: h.color, range, passages: passagesOf(range) };
    painted.set(h.id, now);
    index(now, true);
    if (isShown(now.passages)) registry(`zh-${h.color}`).add(range);
  }
  for (const [id, old] of painted) {
    if (!seen.has(id)) {
      registry(`zh-${old.color}`).delete(old.range);
      index(old, false);
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
    overlapRanges = spans
      .map((s) => offsetsToRange(root, s.start, s.end, cache))
      .filter((r): r is Range => r !== null)
      .map((range) => ({ range, passages: passagesOf(range) }));
    const overlap = new Highlight(...overlapRanges.filter((o) => isShown(o.passages)).map((o) => o.range));
    overlap.priority = 10;
    register("zh-overlap", overlap);
  }
}

/**
 * Records what the engine reports of passage `p` (a contentvisibilityautostatechange event:
 * `shown` is the opposite of its `skipped`) and registers or unregisters the highlights that
 * touch it. A passage shown after being skipped also gets every other registry's ranges in it
 * registered again: WebKitGTK does not paint a range registered while its text was skipped.
 */
export function passageShown(p: Element, shown: boolean): void {
  const was = passageState.get(p);
  passageState.set(p, shown);
  if (!supported() || was === shown) return;
  const hits = byPassage.get(p);
  if (hits) {
    for (const h of hits) {
      const hl = registry(`zh-${h.color}`);
      // Registered again (not only added): a range registered while skipped would not paint.
      hl.delete(h.range);
      if (shown || isShown(h.passages)) hl.add(h.range);
    }
  }
  const overlap = CSS.highlights.get("zh-overlap");
  if (overlap) {
    for (const o of overlapRanges) {
      if (!o.passages.includes(p)) continue;
      overlap.delete(o.range);
      if (shown || isShown(o.passages)) overlap.add(o.range);
    }
  }
  if (shown && was === false) repaintWithin([p]);
}

/** Whether the engine has reported passage `p` skipped (not laid out): measuring it would lay it out. */
export function isPassageSkipped(p: Element): boolean {
  return passageState.get(p) === false;
}

/** The number of highlights in the model (registered or not), for tests and measurements. */
export function paintedCount(): number {
  return painted.size;
}

/** Marks the stretches that carry a margin note (there are few: rebuilt whole each time). */
export function paintNotes(root: Element, spans: readonly Span[]): void {
  if (!supported()) return;
  const cache = passageElements(root);
  const hl = new Highlight(...spans.map((s) => offsetsToRange(root, s.start, s.end, cache)).filter((r): r is Range => r !== null));
  hl.priority = 5;
  register("zh-note", hl);
}

/** Marks `span` as the highlight being edited (null clears it). */
export function paintActive(root: Element, span: Span | null): void {
  if (!supported()) return;
  const r = span && offsetsToRange(root, span.start, span.end);
  const hl = r ? new Highlight(r) : new Highlight();
  hl.priority = 20;
  register("zh-active", hl);
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
  register("zh-flash", hl);
  // A flash started by an earlier click must not cut this one short.
  window.clearTimeout(flashTimer);
  flashTimer = window.setTimeout(() => CSS.highlights.delete("zh-flash"), 1200);
}

let flashTimer = 0;

/**
 * Registers again every range of the registries not gated by `passageShown` (notes, the edited
 * highlight, the flash, find, mentions) that touches one of `shown` (passages the engine has just
 * laid out after skipping them): WebKitGTK does not paint a range that was registered while its
 * text was skipped, even once the text is shown (it painted nothing, or a whole paragraph in the
 * wrong place); a range registered again paints correctly.
 */
export function repaintWithin(shown: readonly Element[]): void {
  if (!supported() || !shown.length) return;
  for (const [name, hl] of CSS.highlights) {
    if (GATED.has(name)) continue;
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
  byPassage = new Map();
  overlapKey = "";
  overlapRanges = [];
  // passageState stays: it is the engine's word about elements, and a passage element that Preact
  // keeps for the next text is still shown or skipped as it was reported.
  if (supported()) CSS.highlights.clear();
}
