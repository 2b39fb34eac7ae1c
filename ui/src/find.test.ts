import { describe, expect, it } from "vitest";
import { findAll, foldChar } from "./find";

describe("findAll", () => {
  it("finds Chinese substrings by code point, past astral characters", () => {
    expect(findAll("𠮷算力与算力", "算力")).toEqual([
      { start: 1, end: 3 },
      { start: 4, end: 6 },
    ]);
  });
  it("ignores case and full-width forms", () => {
    expect(findAll("ＧＰＴ-3 and gpt-3", "GPT-3").length).toBe(2);
    expect(foldChar("Ａ")).toBe("a");
  });
  it("does not overlap matches and does not cross passages", () => {
    expect(findAll("aaaa", "aa").length).toBe(2);
    expect(findAll("ab\ncd", "bc")).toEqual([]);
    expect(findAll("abc", "  ")).toEqual([]);
  });
});
