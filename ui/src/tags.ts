// Tag names are paths (`topic/算力` is a child of `topic`). The core keeps a flat list with each
// tag's own counts, in its collation order (pinyin, numbers by value; a parent before its
// children); the sidebar shows a tree in that order whose counts include the children's.

import type { Tag } from "./bindings/Tag";

export interface TagNode {
  /** The full name, `topic/算力`. */
  name: string;
  /** The last segment, `算力`. */
  label: string;
  /** Uses of this tag and all its descendants: articles plus highlights. */
  count: number;
  /** Articles that carry this tag or a descendant (an article tagged twice counts twice). */
  articles: number;
  /** Highlights that carry this tag or a descendant. */
  highlights: number;
  color: string | null;
  children: TagNode[];
}

/** Builds the tag tree; parents that exist only as prefixes (`topic`) are made up on the way. */
export function tagTree(tags: readonly Tag[]): TagNode[] {
  const roots: TagNode[] = [];
  const byName = new Map<string, TagNode>();
  const node = (name: string): TagNode => {
    let n = byName.get(name);
    if (!n) {
      const cut = name.lastIndexOf("/");
      n = { name, label: cut >= 0 ? name.slice(cut + 1) : name, count: 0, articles: 0, highlights: 0, color: null, children: [] };
      byName.set(name, n);
      (cut >= 0 ? node(name.slice(0, cut)).children : roots).push(n);
    }
    return n;
  };
  for (const t of tags) {
    const n = node(t.name);
    n.color = t.color;
    const uses = t.highlight_count + t.article_count;
    // Every ancestor counts the uses of its descendants.
    for (let name: string | null = t.name; name; ) {
      const a = byName.get(name)!;
      a.count += uses;
      a.articles += t.article_count;
      a.highlights += t.highlight_count;
      const cut = name.lastIndexOf("/");
      name = cut >= 0 ? name.slice(0, cut) : null;
    }
  }
  // No sorting here: the core's order is the one the command line shows too.
  return roots;
}

/** Tag names that match what the user typed (prefix of any segment first), at most `limit`. */
export function suggestTags(names: readonly string[], typed: string, exclude: readonly string[], limit = 6): string[] {
  const q = typed.trim().toLowerCase();
  if (!q) return [];
  const rank = (n: string): number => {
    const l = n.toLowerCase();
    if (l.startsWith(q)) return 0;
    if (l.split("/").some((seg) => seg.startsWith(q))) return 1;
    return l.includes(q) ? 2 : 3;
  };
  return names
    .filter((n) => !exclude.includes(n) && rank(n) < 3)
    .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b))
    .slice(0, limit);
}
