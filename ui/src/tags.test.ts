import { describe, expect, it } from "vitest";
import { suggestTags, tagTree } from "./tags";

const tag = (name: string, h: number, a = 0) => ({ id: 0, uuid: "", name, color: null, highlight_count: h, article_count: a });

describe("tagTree", () => {
  it("nests by path and adds the children's counts to their parents", () => {
    const tree = tagTree([tag("topic/算力", 2), tag("topic/数据", 1, 1), tag("actor/百度", 3), tag("topic", 1)]);
    expect(tree.map((n) => n.name)).toEqual(["actor", "topic"]);
    const topic = tree[1];
    expect(topic.count).toBe(5);
    expect(topic.children.map((c) => c.label).sort()).toEqual(["数据", "算力"]);
    expect(tree[0].count).toBe(3);
  });
});

describe("suggestTags", () => {
  it("prefers prefixes, matches any segment, skips tags already there", () => {
    const names = ["topic/算力", "actor/算力公司", "stance/pro", "topic/data"];
    expect(suggestTags(names, "算", [])).toEqual(["actor/算力公司", "topic/算力"]);
    expect(suggestTags(names, "top", ["topic/data"])).toEqual(["topic/算力"]);
    expect(suggestTags(names, "  ", [])).toEqual([]);
  });
});
