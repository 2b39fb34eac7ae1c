import { describe, expect, it } from "vitest";
import { markPieces } from "./components/Search";

describe("markPieces", () => {
  it("splits by code points, so marks after 𠮷 or emoji land on the right characters", () => {
    const pieces = markPieces("𠮷野家的算力😀成本", [
      { start: 4, end: 6 },
      { start: 7, end: 9 },
    ]);
    expect(pieces).toEqual([
      { text: "𠮷野家的", marked: false },
      { text: "算力", marked: true },
      { text: "😀", marked: false },
      { text: "成本", marked: true },
    ]);
  });
  it("keeps text without marks whole and ignores overlapping marks", () => {
    expect(markPieces("text", [])).toEqual([{ text: "text", marked: false }]);
    expect(markPieces("abcdef", [{ start: 0, end: 3 }, { start: 2, end: 4 }]).map((p) => p.text)).toEqual(["abc", "def"]);
  });
});
