import { describe, expect, it } from "vitest";
import { cpLength } from "./offsets";
import { itemsAt, overlaps, selectionSpan, trimSpan } from "./selection";

function reader(texts: string[]): { root: HTMLElement; chars: string[] } {
  const root = document.createElement("article");
  let start = 0;
  for (const t of texts) {
    const p = document.createElement("p");
    const end = start + cpLength(t);
    p.dataset.start = String(start);
    p.dataset.end = String(end);
    p.textContent = t;
    root.append(p);
    start = end + 1;
  }
  document.body.replaceChildren(root);
  return { root, chars: Array.from(texts.join("\n")) };
}

function select(a: Node, ao: number, b: Node, bo: number): Selection {
  const sel = window.getSelection()!;
  sel.removeAllRanges();
  const r = document.createRange();
  r.setStart(a, ao);
  r.setEnd(b, bo);
  sel.addRange(r);
  return sel;
}

describe("selectionSpan", () => {
  it("selects inside one passage of Chinese text", () => {
    const { root, chars } = reader(["大模型是通往强人工智能的唯一道路", "second"]);
    const t = root.children[0].firstChild!;
    expect(selectionSpan(root, select(t, 2, t, 5), chars)).toEqual({ start: 2, end: 5 });
  });
  it("selects across paragraphs with astral characters", () => {
    const { root, chars } = reader(["𠮷野家 😀", "算力 is money"]);
    const a = root.children[0].firstChild!;
    const b = root.children[1].firstChild!;
    // From after "𠮷" (UTF-16 2) to after "算力" (UTF-16 2).
    const span = selectionSpan(root, select(a, 2, b, 2), chars)!;
    expect(span).toEqual({ start: 1, end: 8 });
    expect(chars.slice(span.start, span.end).join("")).toBe("野家 😀\n算力");
  });
  it("trims a triple-click that ends at the next paragraph", () => {
    const { root, chars } = reader(["第一段。", "第二段"]);
    const sel = select(root.children[0].firstChild!, 0, root.children[1], 0);
    expect(selectionSpan(root, sel, chars)).toEqual({ start: 0, end: 4 });
  });
  it("ignores collapsed selections and selections outside the reader", () => {
    const { root, chars } = reader(["text"]);
    const t = root.children[0].firstChild!;
    expect(selectionSpan(root, select(t, 1, t, 1), chars)).toBeNull();
    const outside = document.createElement("div");
    outside.textContent = "elsewhere";
    document.body.append(outside);
    expect(selectionSpan(root, select(outside.firstChild!, 0, outside.firstChild!, 4), chars)).toBeNull();
  });
});

describe("trimSpan", () => {
  it("drops white space at both ends and refuses an all-blank span", () => {
    const chars = Array.from("  算力 \n");
    expect(trimSpan(chars, 0, chars.length)).toEqual({ start: 2, end: 4 });
    expect(trimSpan(chars, 4, 6)).toBeNull();
  });
});

describe("itemsAt and overlaps", () => {
  const hs = [
    { id: 1, start: 0, end: 10 },
    { id: 2, start: 5, end: 8 },
    { id: 3, start: 10, end: 12 },
  ];
  it("finds the innermost highlight first; ends are exclusive", () => {
    expect(itemsAt(hs, 6).map((h) => h.id)).toEqual([2, 1]);
    expect(itemsAt(hs, 10).map((h) => h.id)).toEqual([3]);
    expect(itemsAt(hs, 12)).toEqual([]);
  });
  it("reports only stretches covered twice; touching spans do not overlap", () => {
    expect(overlaps(hs)).toEqual([{ start: 5, end: 8 }]);
    expect(overlaps([{ start: 0, end: 4 }, { start: 2, end: 6 }, { start: 3, end: 9 }])).toEqual([{ start: 2, end: 6 }]);
    expect(overlaps([])).toEqual([]);
  });
});
