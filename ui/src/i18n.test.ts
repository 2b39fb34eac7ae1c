import { afterEach, describe, expect, it, vi } from "vitest";
import { colorLabel, setLang, systemLang, t } from "./i18n";

afterEach(() => vi.restoreAllMocks());

describe("i18n", () => {
  it("follows the system: Chinese for any zh locale, English otherwise", () => {
    vi.spyOn(navigator, "language", "get").mockReturnValue("zh-TW");
    expect(systemLang()).toBe("zh");
    vi.spyOn(navigator, "language", "get").mockReturnValue("de-DE");
    expect(systemLang()).toBe("en");
  });
  it("translates strings and the core's default colour names, not the user's own", () => {
    setLang("zh");
    expect(t("library")).toBe("文库");
    expect(colorLabel("counter-argument")).toBe("反驳");
    expect(colorLabel("我的标签")).toBe("我的标签");
    expect(document.documentElement.lang).toBe("zh-CN");
    setLang("en");
    expect(t("library")).toBe("Library");
    expect(colorLabel("counter-argument")).toBe("counter-argument");
  });
  it("holds the import summary's, the palette's and the find bar's strings beside the rest", () => {
    setLang("zh");
    expect(t("summaryImported")).toBe("已导入");
    expect(t("summaryAlreadyPresent")).toBe("已在文库中");
    expect(t("findPrev")).toBe("上一个（Shift+Enter）");
    // The debate's stepper has its own words for the same move.
    expect(t("prev")).toBe("上一处");
    expect(t("contents")).toBe("目录");
    setLang("en");
    expect(t("summaryImported")).toBe("imported");
    expect(t("imported")).toBe("Imported");
    expect(t("findNext")).toBe("Next (Enter)");
    expect(t("next")).toBe("Next");
  });
});
