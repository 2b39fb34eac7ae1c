import { describe, expect, it } from "vitest";
import type { EntityMentions } from "./bindings/EntityMentions";
import type { Figure } from "./bindings/Figure";
import type { TagSuggestion } from "./bindings/TagSuggestion";
import { briefFileName } from "./components/DebateClaims";
import { pendingSuggestions } from "./components/DebateSuggest";
import { figureContext, figureValue, groupByKind } from "./components/DebateWho";

const sug = (tag: string, implied_by: string | null = null): TagSuggestion => ({ tag, key: tag, kind: "model", zh: "", en: "", count: implied_by ? 0 : 1, matched: [], implied_by, applied: false });

describe("suggestions", () => {
  it("leaves out what the highlight has and what was just accepted, keeping the core's order", () => {
    const list = [sug("model/GPT-3"), sug("topic/算力"), sug("actor/OpenAI", "model/GPT-3")];
    expect(pendingSuggestions(list, ["topic/算力"]).map((s) => s.tag)).toEqual(["model/GPT-3", "actor/OpenAI"]);
    expect(pendingSuggestions(list, [], new Set(["model/GPT-3"]))[0].tag).toBe("topic/算力");
  });
});

describe("who & what", () => {
  it("groups by kind in the taxonomy's order and drops empty kinds", () => {
    const e = (key: string, kind: EntityMentions["kind"]): EntityMentions => ({ key, kind, tag: key, zh: key, en: key, count: 1, mentions: [] });
    const groups = groupByKind([e("topic/a", "topic"), e("actor/b", "actor"), e("actor/c", "actor")]);
    expect(groups.map(([k, l]) => [k, l.length])).toEqual([
      ["actor", 2],
      ["topic", 1],
    ]);
  });
  it("shows a figure's value compactly with its unit", () => {
    const f: Figure = { text: "1750亿", start: 0, end: 5, kind: "quantity", value: 1.75e11, value_to: null, unit: "", sentence: "", sentence_start: 0, sentence_end: 0 };
    expect(figureValue(f, "zh")).toBe("1750亿");
    expect(figureValue({ ...f, value: 1e4, value_to: 2e4, unit: "美元" }, "en")).toBe("10K–20K 美元");
    expect(figureValue({ ...f, value: null })).toBe("");
  });
  it("cuts a figure's sentence to a window around it", () => {
    const sentence = "谷歌自己在训练PaLM的两个月内便耗电3.4千兆瓦时,这相当于大约300个美国家庭一年的能源消耗。";
    const at = Array.from(sentence).join("").indexOf("3.4");
    const f: Figure = { text: "3.4千兆瓦时", start: 100 + at, end: 100 + at + 7, kind: "quantity", value: 3.4e12, value_to: null, unit: "千兆瓦时", sentence, sentence_start: 100, sentence_end: 100 + sentence.length };
    const [pre, fig, post] = figureContext(f, 5, 6);
    expect([pre, fig, post]).toEqual(["…月内便耗电", "3.4千兆瓦时", ",这相当于大…"]);
  });
});

describe("briefs", () => {
  it("names the file after the claim, safely", () => {
    expect(briefFileName("大模型是唯一的正确道路吗")).toBe("大模型是唯一的正确道路吗.md");
    expect(briefFileName("a/b: c?")).toBe("a-b-c.md");
    expect(briefFileName("///")).toBe("brief.md");
  });
});
