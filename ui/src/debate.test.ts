import { describe, expect, it } from "vitest";
import type { EntityMentions } from "./bindings/EntityMentions";
import type { Figure } from "./bindings/Figure";
import type { TagSuggestion } from "./bindings/TagSuggestion";
import { briefFileName } from "./components/DebateClaims";
import { pendingSuggestions } from "./components/DebateSuggest";
import { figureValue, groupByKind } from "./components/DebateWho";

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
});

describe("briefs", () => {
  it("names the file after the claim, safely", () => {
    expect(briefFileName("大模型是唯一的正确道路吗")).toBe("大模型是唯一的正确道路吗.md");
    expect(briefFileName("a/b: c?")).toBe("a-b-c.md");
    expect(briefFileName("///")).toBe("brief.md");
  });
});
