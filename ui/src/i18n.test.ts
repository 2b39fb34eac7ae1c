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
});
