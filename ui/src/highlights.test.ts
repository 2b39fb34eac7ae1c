import { h, render } from "preact";
import { describe, expect, it } from "vitest";
import type { Article, Highlight } from "./api";
import { NoteComposer } from "./components/NoteComposer";
import { deletedNotice, upsert } from "./highlights";
import { setLang } from "./i18n";

/** A half of a surrogate pair standing alone: what a UTF-16 cut through 𠮷 or 😀 leaves. */
const LONE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

const hl = (id: number, start: number, status: "anchored" | "orphaned" = "anchored") => ({ id, anchor: { start, end: start + 2, status } }) as unknown as Highlight;

describe("a quote shown in short", () => {
  it("keeps 𠮷 and emoji whole where a UTF-16 cut would split them", () => {
    setLang("zh");
    const head = "算力是钱".repeat(6).slice(0, 23);
    for (const astral of ["𠮷", "😀"]) {
      const quote = `${head}${astral}野家之后还有很多字`;
      // What slicing by UTF-16 units would show: half of the 24th character.
      expect(LONE.test(quote.slice(0, 24))).toBe(true);
      expect(deletedNotice(quote)).toBe(`已删除: “${head}${astral}”`);
    }
    const astralOnly = "𠮷😀".repeat(20);
    expect(deletedNotice(astralOnly)).toBe(`已删除: “${"𠮷😀".repeat(12)}”`);
    expect(LONE.test(deletedNotice(astralOnly))).toBe(false);
    setLang("en");
    expect(deletedNotice("short 𠮷")).toBe("Deleted: “short 𠮷”");
  });

  it("shows the note composer's quote cut after whole characters", () => {
    const root = document.createElement("div");
    document.body.replaceChildren(root);
    const head = "大模型".repeat(20).slice(0, 59);
    render(h(NoteComposer, { at: { x: 10, y: 10 }, quote: `${head}😀𠮷后面`, draft: "passage:1:0:3", onSave: () => undefined, onClose: () => undefined }), root);
    expect(root.querySelector(".quote-line")?.textContent).toBe(`“${head}😀”`);
    render(null, root);
  });
});

describe("upsert", () => {
  it("replaces a highlight's old copy and keeps reading order, orphans last", () => {
    const a = { highlights: [hl(1, 0), hl(2, 50), hl(3, 10, "orphaned")] } as unknown as Article;
    const moved = upsert(a, hl(1, 80));
    expect(moved.highlights.map((x) => x.id)).toEqual([2, 1, 3]);
    expect(upsert(moved, hl(4, 20)).highlights.map((x) => x.id)).toEqual([4, 2, 1, 3]);
    expect(a.highlights.map((x) => x.id)).toEqual([1, 2, 3]);
  });
});
