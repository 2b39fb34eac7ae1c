import { describe, expect, it } from "vitest";
import { widenPunctuation } from "./punct";

describe("widenPunctuation", () => {
  it("widens marks between Chinese characters", () => {
    expect(widenPunctuation("峰会上,阿里巴巴宣布:开源!")).toBe("峰会上，阿里巴巴宣布：开源!");
    expect(widenPunctuation("阿里巴巴(中国)公司")).toBe("阿里巴巴（中国）公司");
    expect(widenPunctuation("真的?是的;好")).toBe("真的？是的；好");
  });
  it("leaves English, numbers and mixed edges alone", () => {
    expect(widenPunctuation("Hello, world (really)!")).toBe("Hello, world (really)!");
    expect(widenPunctuation("1,000 元, 2:30")).toBe("1,000 元, 2:30");
    expect(widenPunctuation("GPT-4(开源)")).toBe("GPT-4(开源)");
  });
  it("keeps the length in UTF-16 units, so offsets do not move", () => {
    for (const s of ["峰会上,阿里巴巴", "𠮷野家,吉野家(连锁)", "a,b"]) expect(widenPunctuation(s).length).toBe(s.length);
  });
});
