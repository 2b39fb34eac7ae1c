import { describe, expect, it } from "vitest";
import { isWebLink } from "./links";

describe("isWebLink", () => {
  it("takes one http(s) link, Chinese paths included", () => {
    expect(isWebLink("https://mp.weixin.qq.com/s/AbC123")).toBe(true);
    expect(isWebLink("  http://127.0.0.1:8080/p/42?from=timeline\n")).toBe(true);
    expect(isWebLink("https://zh.wikipedia.org/wiki/人工智能")).toBe(true);
  });
  it("leaves text, other schemes and several links alone", () => {
    expect(isWebLink("大模型的训练需要大量算力 https://a.cn")).toBe(false);
    expect(isWebLink("https://a.cn https://b.cn")).toBe(false);
    expect(isWebLink("ftp://a.cn/x")).toBe(false);
    expect(isWebLink("https://")).toBe(false);
    expect(isWebLink("")).toBe(false);
  });
});
