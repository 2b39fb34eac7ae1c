import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { clearPaint, flash, paintActive, paintedCount, paintHighlights, paintNotes, passageShown, passagesOf, register } from "./paint";
import { markHit, paintFind } from "./find";

// jsdom has no CSS Custom Highlight API: a minimal stand-in that records ranges per name.
class FakeHighlight extends Set<Range> {
  priority = 0;
  constructor(...ranges: Range[]) {
    super(ranges);
  }
}
// `registry` holds the names in the order they were registered (the order the engine collects
// them in); like WebKitGTK's, the stand-in's own iteration order is another one.
const registry = new Map<string, FakeHighlight>();
const scrambled = () => [...registry].sort(([a], [b]) => b.localeCompare(a));
const highlights = {
  get: (n: string) => registry.get(n),
  has: (n: string) => registry.has(n),
  set: (n: string, h: FakeHighlight) => registry.set(n, h),
  delete: (n: string) => registry.delete(n),
  clear: () => registry.clear(),
  entries: () => scrambled()[Symbol.iterator](),
  keys: () => scrambled().map(([n]) => n)[Symbol.iterator](),
  values: () => scrambled().map(([, h]) => h)[Symbol.iterator](),
  [Symbol.iterator]: () => scrambled()[Symbol.iterator](),
  get size() {
    return registry.size;
  },
};
Object.assign(globalThis, { Highlight: FakeHighlight });
if (typeof globalThis.CSS === "undefined") Object.assign(globalThis, { CSS: {} });
Object.defineProperty(globalThis.CSS, "highlights", { value: highlights, configurable: true });

function reader(texts: string[]): HTMLElement {
  const root = document.createElement("article");
  let start = 0;
  for (const t of texts) {
    const p = document.createElement("p");
    const end = start + Array.from(t).length;
    p.dataset.start = String(start);
    p.dataset.end = String(end);
    p.textContent = t;
    root.append(p);
    start = end + 1;
  }
  document.body.replaceChildren(root);
  return root;
}

const texts = (name: string) => [...(registry.get(name) ?? [])].map((r) => r.toString()).sort();

describe("paintHighlights", () => {
  beforeEach(() => clearPaint());

  it("paints each colour in its own set and marks overlaps", () => {
    const root = reader(["大模型是通往强人工智能的道路", "𠮷野家"]);
    paintHighlights(root, [
      { id: 1, start: 0, end: 3, color: "yellow" },
      { id: 2, start: 2, end: 6, color: "pink" },
      { id: 3, start: 15, end: 17, color: "yellow" },
    ]);
    expect(texts("zh-yellow")).toEqual(["大模型", "𠮷野"]);
    expect(texts("zh-pink")).toEqual(["型是通往"]);
    expect(texts("zh-overlap")).toEqual(["型"]);
  });

  it("changes only what changed: a new one is added, a recoloured one moves, a deleted one goes", () => {
    const root = reader(["算力是钱，数据是油"]);
    paintHighlights(root, [{ id: 1, start: 0, end: 2, color: "green" }]);
    const first = [...registry.get("zh-green")!][0];
    paintHighlights(root, [
      { id: 1, start: 0, end: 2, color: "green" },
      { id: 2, start: 5, end: 7, color: "blue" },
    ]);
    // The untouched highlight keeps its very Range object: nothing to repaint there.
    expect([...registry.get("zh-green")!][0]).toBe(first);
    expect(texts("zh-blue")).toEqual(["数据"]);
    paintHighlights(root, [{ id: 2, start: 5, end: 7, color: "purple" }]);
    expect(texts("zh-green")).toEqual([]);
    expect(texts("zh-blue")).toEqual([]);
    expect(texts("zh-purple")).toEqual(["数据"]);
  });

  it("registers again, in the registries it does not gate, the ranges of a passage shown after being skipped", () => {
    const root = reader(["算力是钱", "数据是油"]);
    paintNotes(root, [
      { start: 5, end: 7 },
      { start: 0, end: 2 },
    ]);
    const [inSecond, inFirst] = [...registry.get("zh-note")!];
    expect(inSecond.toString()).toBe("数据");
    passageShown(root.children[1], true); // shown from the start: painted as it is
    passageShown(root.children[1], false);
    expect([...registry.get("zh-note")!]).toEqual([inSecond, inFirst]);
    passageShown(root.children[1], true);
    // The same Range objects; the one in the second passage went out and came back in (last).
    const now = [...registry.get("zh-note")!];
    expect(now[0]).toBe(inFirst);
    expect(now[1]).toBe(inSecond);
  });
});

describe("passagesOf", () => {
  it("lists the passages a range touches, in order", () => {
    const root = reader(["一二三", "四五六", "七八九"]);
    const r = document.createRange();
    r.setStart(root.children[0].firstChild!, 1);
    r.setEnd(root.children[2].firstChild!, 1);
    expect(passagesOf(r)).toEqual([root.children[0], root.children[1], root.children[2]]);
    r.setEnd(root.children[0].firstChild!, 2);
    expect(passagesOf(r)).toEqual([root.children[0]]);
  });
});

describe("only the highlights of passages the engine shows are registered", () => {
  // An engine that reports passages shown and skipped (contentvisibilityautostatechange).
  beforeEach(() => {
    clearPaint();
    Object.assign(window, { ContentVisibilityAutoStateChangeEvent: class {} });
  });
  afterEach(() => {
    delete (window as { ContentVisibilityAutoStateChangeEvent?: unknown }).ContentVisibilityAutoStateChangeEvent;
  });

  const all = () => ["yellow", "green", "blue", "pink", "purple", "overlap"].flatMap((c) => texts(`zh-${c}`)).sort();

  it("registers a passage's highlights when it is shown and unregisters them when it is skipped, keeping the model whole", () => {
    const root = reader(["算力是钱", "数据是油", "能源是命"]);
    const [p0, p1, p2] = Array.from(root.children);
    paintHighlights(root, [
      { id: 1, start: 0, end: 2, color: "yellow" }, // 算力, in p0
      { id: 2, start: 5, end: 7, color: "green" }, // 数据, in p1
      { id: 3, start: 7, end: 12, color: "blue" }, // 是油, 能源, across p1 and p2
    ]);
    // Nothing is known of the passages yet: nothing is registered, everything is in the model.
    expect(all()).toEqual([]);
    expect(paintedCount()).toBe(3);
    for (const c of ["yellow", "green", "blue", "pink", "purple"]) expect(registry.has(`zh-${c}`)).toBe(true);
    passageShown(p0, true);
    expect(all()).toEqual(["算力"]);
    passageShown(p2, true);
    expect(all()).toEqual(["是油能源", "算力"]);
    passageShown(p1, true);
    expect(all()).toEqual(["数据", "是油能源", "算力"]);
    passageShown(p0, false);
    passageShown(p2, false);
    // The one across p1 and p2 stays: p1 is still shown.
    expect(all()).toEqual(["数据", "是油能源"]);
    passageShown(p1, false);
    expect(all()).toEqual([]);
    expect(paintedCount()).toBe(3);
  });

  it("registers a new highlight at once in a shown passage, and a recoloured one when its passage is shown again", () => {
    const root = reader(["算力是钱", "数据是油"]);
    const [p0, p1] = Array.from(root.children);
    passageShown(p0, true);
    passageShown(p1, false);
    const items = [
      { id: 1, start: 0, end: 2, color: "yellow" },
      { id: 2, start: 5, end: 7, color: "green" },
    ];
    paintHighlights(root, items);
    expect(texts("zh-yellow")).toEqual(["算力"]);
    expect(texts("zh-green")).toEqual([]);
    // Recoloured while skipped: nothing registered in either colour until p1 is shown.
    paintHighlights(root, [items[0], { ...items[1], color: "pink" }]);
    expect(texts("zh-green")).toEqual([]);
    expect(texts("zh-pink")).toEqual([]);
    passageShown(p1, true);
    expect(texts("zh-pink")).toEqual(["数据"]);
    expect(texts("zh-green")).toEqual([]);
    // Deleted while shown: gone from the registry too.
    paintHighlights(root, [items[0]]);
    expect(texts("zh-pink")).toEqual([]);
    passageShown(p1, false);
    passageShown(p1, true);
    expect(texts("zh-pink")).toEqual([]);
  });

  it("gates the overlaps the same way", () => {
    const root = reader(["大模型是通往强人工智能的道路", "𠮷野家"]);
    const [p0] = Array.from(root.children);
    paintHighlights(root, [
      { id: 1, start: 0, end: 3, color: "yellow" },
      { id: 2, start: 2, end: 6, color: "pink" },
    ]);
    expect(texts("zh-overlap")).toEqual([]);
    passageShown(p0, true);
    expect(texts("zh-overlap")).toEqual(["型"]);
    expect(texts("zh-yellow")).toEqual(["大模型"]);
    passageShown(p0, false);
    expect(texts("zh-overlap")).toEqual([]);
  });

  it("registers a shown passage's ranges again when it is shown after being skipped (WebKitGTK paints only those)", () => {
    const root = reader(["算力是钱", "数据是油"]);
    const [p0, p1] = Array.from(root.children);
    passageShown(p0, true);
    passageShown(p1, true);
    paintHighlights(root, [
      { id: 1, start: 5, end: 7, color: "yellow" },
      { id: 2, start: 0, end: 2, color: "yellow" },
    ]);
    const [inSecond, inFirst] = [...registry.get("zh-yellow")!];
    passageShown(p1, false);
    expect([...registry.get("zh-yellow")!]).toEqual([inFirst]);
    passageShown(p1, true);
    const now = [...registry.get("zh-yellow")!];
    expect(now[0]).toBe(inFirst);
    expect(now[1]).toBe(inSecond);
  });
});

describe("the registry stays in ascending priority order", () => {
  beforeEach(() => {
    clearPaint();
    // jsdom does not scroll; flash() asks it to.
    Element.prototype.scrollIntoView ??= () => undefined;
  });

  // What WebKitGTK 2.50 does with the highlights of one line, collected in registry order: one
  // below the last collected priority is put in place at an index found by a binary search with
  // an inverted comparison, and an index of -1 kills the web process. Returns true if and only
  // if collecting `priorities` in this order would.
  function webkitWouldCrash(priorities: number[]): boolean {
    const list: number[] = [];
    for (const p of priorities) {
      if (!list.length || list[list.length - 1] <= p) {
        list.push(p);
        continue;
      }
      let [first, len] = [0, list.length];
      while (len > 0) {
        const half = len >> 1;
        if (p > list[first + half]) len = half;
        else [first, len] = [first + half + 1, len - half - 1];
      }
      if (first === 0) return true;
      list.splice(first === list.length ? 0 : first - 1, 0, p);
    }
    return false;
  }
  const priorities = () => [...registry.values()].map((h) => h.priority);
  const ascending = (p: number[]) => p.every((x, i) => i === 0 || p[i - 1] <= x);
  const mention = (root: Element, a: number, b: number) => {
    const r = document.createRange();
    r.setStart(root.firstChild!.firstChild!, a);
    r.setEnd(root.firstChild!.firstChild!, b);
    const hl = new Highlight(r);
    hl.priority = 5;
    register("zh-mention", hl);
  };

  it("the model crashes on the stack seen in the seed article, and not on it in priority order", () => {
    // Two highlights on the line (0, 0), their overlap (10), then a mention (5).
    expect(webkitWouldCrash([0, 0, 10, 5])).toBe(true);
    expect(webkitWouldCrash([0, 0, 5, 10])).toBe(false);
    expect(webkitWouldCrash([0, 10, 5])).toBe(false);
  });

  it("puts a mention registered after two overlapping highlights below their overlap", () => {
    const root = reader(["阿里云智能集团首席执行官张勇的这句话"]);
    paintHighlights(root, [
      { id: 1, start: 4, end: 14, color: "green" },
      { id: 2, start: 10, end: 16, color: "pink" },
    ]);
    const overlap = registry.get("zh-overlap");
    mention(root, 12, 14);
    expect(priorities()).toEqual([0, 0, 0, 0, 0, 5, 10]);
    expect([...registry.keys()].slice(5)).toEqual(["zh-mention", "zh-overlap"]);
    // The same objects, with the same ranges: only their place in the registry changed.
    expect(registry.get("zh-overlap")).toBe(overlap);
    expect(texts("zh-overlap")).toEqual(["行官张勇"]);
    expect(webkitWouldCrash(priorities())).toBe(false);
  });

  it("keeps the order through everything the reader registers, in any order", () => {
    const root = reader(["阿里云智能集团首席执行官张勇的这句话其实有些给他人作注之嫌"]);
    const steps: (() => void)[] = [
      () => paintHighlights(root, [
        { id: 1, start: 0, end: 14, color: "yellow" },
        { id: 2, start: 10, end: 16, color: "pink" },
        { id: 3, start: 12, end: 20, color: "blue" },
      ]),
      () => paintNotes(root, [{ start: 8, end: 18 }]),
      () => paintActive(root, { start: 10, end: 16 }),
      () => mention(root, 12, 14),
      () => flash(root, { start: 12, end: 14 }),
      () => paintFind(root, [{ start: 12, end: 14 }, { start: 2, end: 3 }], 0),
      () => markHit(root, { start: 12, end: 14 }),
      () => registry.delete("zh-flash"),
      () => registry.delete("zh-mention"),
    ];
    // Every order of the steps, from a fixed pseudo-random sequence.
    let x = 7;
    for (let round = 0; round < 60; round++) {
      clearPaint();
      const order = steps.map((s, i) => [s, (x = (x * 1103515245 + 12345) % 2147483648) + i] as const).sort((a, b) => a[1] - b[1]);
      for (const [step] of order) {
        step();
        expect(ascending(priorities())).toBe(true);
        expect(webkitWouldCrash(priorities())).toBe(false);
      }
    }
  });
});
