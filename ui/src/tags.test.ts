import { describe, expect, it } from "vitest";
import { suggestTags, tagTree } from "./tags";

const tag = (name: string, h: number, a = 0) => ({ id: 0, uuid: "", name, color: null, highlight_count: h, article_count: a });

describe("tagTree", () => {
  it("nests by path and adds the children's counts to their parents", () => {
    // In the core's order: a parent before its children, children by pinyin.
    const tree = tagTree([tag("actor/百度", 3), tag("topic", 1), tag("topic/数据", 1, 1), tag("topic/算力", 2)]);
    expect(tree.map((n) => n.name)).toEqual(["actor", "topic"]);
    const topic = tree[1];
    expect(topic.count).toBe(5);
    expect([topic.articles, topic.highlights]).toEqual([1, 4]);
    expect(topic.children.map((c) => c.label)).toEqual(["数据", "算力"]);
    expect(tree[0].count).toBe(3);
  });

  it("keeps the order it is given, a made-up parent where its first child is", () => {
    const tree = tagTree([tag("actor/阿里巴巴", 1), tag("actor/百度", 1), tag("topic/第2章", 1), tag("topic/第10章", 1)]);
    expect(tree.map((n) => n.name)).toEqual(["actor", "topic"]);
    expect(tree[1].children.map((c) => c.label)).toEqual(["第2章", "第10章"]);
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
