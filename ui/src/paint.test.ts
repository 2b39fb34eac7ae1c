import { beforeEach, describe, expect, it } from "vitest";
import { clearPaint, paintHighlights, repaintWithin } from "./paint";

// jsdom has no CSS Custom Highlight API: a minimal stand-in that records ranges per name.
class FakeHighlight extends Set<Range> {
  priority = 0;
  constructor(...ranges: Range[]) {
    super(ranges);
  }
}
const registry = new Map<string, FakeHighlight>();
Object.assign(globalThis, { Highlight: FakeHighlight });
if (typeof globalThis.CSS === "undefined") Object.assign(globalThis, { CSS: {} });
Object.defineProperty(globalThis.CSS, "highlights", { value: registry, configurable: true });

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

  it("registers again only the ranges in a passage the engine has just shown", () => {
    const root = reader(["算力是钱", "数据是油"]);
    paintHighlights(root, [
      { id: 1, start: 5, end: 7, color: "yellow" },
      { id: 2, start: 0, end: 2, color: "yellow" },
      { id: 3, start: 2, end: 4, color: "blue" },
    ]);
    const [inSecond, inFirst] = [...registry.get("zh-yellow")!];
    const blue = [...registry.get("zh-blue")!][0];
    repaintWithin([root.children[1]]);
    // The same Range objects; the one in the second passage went out and came back in (last).
    expect([...registry.get("zh-yellow")!]).toEqual([inFirst, inSecond]);
    expect([...registry.get("zh-blue")!]).toEqual([blue]);
  });
});
