import { describe, expect, it } from "vitest";
import { ArticleList, PAGE, pagesOf, type FetchPage } from "./article-list";
import type { ArticleSummary } from "./bindings/ArticleSummary";
import type { ListPage } from "./bindings/ListPage";
import type { ListOptions } from "./bindings/ListOptions";

const row = (id: number) => ({ id, meta: { title: `第${id}篇` } }) as unknown as ArticleSummary;

/** A core holding `n` articles with ids 1..n, in id order, that records what it was asked. */
function core(n: number) {
  const asked: ListPage[] = [];
  let ids = Array.from({ length: n }, (_, i) => i + 1);
  const pending: (() => void)[] = [];
  const fetch: FetchPage = (_o: ListOptions, page: ListPage) => {
    asked.push(page);
    const start = page.after !== null && ids.includes(page.after) ? ids.indexOf(page.after) + 1 : page.offset;
    const items = ids.slice(start, start + page.limit).map(row);
    return new Promise((resolve) => pending.push(() => resolve({ items, total: ids.length, offset: page.offset })));
  };
  const flush = async () => {
    while (pending.length) {
      pending.splice(0).forEach((f) => f());
      await new Promise((r) => setTimeout(r, 0));
    }
  };
  return { fetch, asked, flush, remove: (id: number) => (ids = ids.filter((x) => x !== id)) };
}

const opts: ListOptions = { sort: "imported", ascending: false, tag: null };

describe("the article list read a page at a time", () => {
  it("names the pages of a stretch of rows", () => {
    expect(pagesOf(0, 1)).toEqual([0]);
    expect(pagesOf(95, 205)).toEqual([0, 1, 2]);
    expect(pagesOf(250, 250)).toEqual([2]);
  });

  it("reads one page at launch, the next by key, a far one by offset", async () => {
    const c = core(100_000);
    const list = new ArticleList(c.fetch, opts, (e) => { throw e; });
    list.show(0, 14);
    const done = list.reload();
    list.show(0, 14);
    await c.flush();
    await done;
    expect(list.total).toBe(100_000);
    expect(c.asked).toEqual([{ offset: 0, after: null, limit: PAGE }]);
    // The view asking before the first page came read nothing more.
    list.show(30, 45);
    await c.flush();
    expect(c.asked.length).toBe(1);
    list.show(90, 130);
    await c.flush();
    expect(c.asked[1]).toEqual({ offset: PAGE, after: PAGE, limit: PAGE });
    expect(list.row(150)?.id).toBe(151);
    // Near the end of a page, the next one is read ahead, after the last row held.
    list.show(160, 175);
    await c.flush();
    expect(c.asked[2]).toEqual({ offset: 2 * PAGE, after: 2 * PAGE, limit: PAGE });
    list.show(70_050, 70_060);
    await c.flush();
    expect(c.asked.slice(3)).toEqual([
      { offset: 70_000, after: null, limit: PAGE },
      { offset: 70_100, after: null, limit: PAGE },
    ]);
    expect(list.row(70_010)?.id).toBe(70_011);
    // Asking again for rows held reads nothing.
    list.show(70_055, 70_065);
    expect(c.asked.length).toBe(5);
  });

  it("keeps the old rows until a new order's first page has come, and drops late answers", async () => {
    const c = core(300);
    const list = new ArticleList(c.fetch, opts, (e) => { throw e; });
    void list.reload();
    await c.flush();
    list.show(100, 120); // asked, not yet answered
    c.remove(1);
    const sorted = list.setOpts({ ...opts, sort: "title" });
    expect(list.row(0)?.id).toBe(1);
    await c.flush();
    await sorted;
    expect(list.opts.sort).toBe("title");
    expect(list.row(0)?.id).toBe(2);
    expect(list.total).toBe(299);
    // The page asked for before the new order was dropped: rows 100.. are read again.
    expect(list.row(100)).toBeUndefined();
  });

  it("puts a changed row in place and re-reads the pages in view after an outside change", async () => {
    const c = core(250);
    const list = new ArticleList(c.fetch, opts, (e) => { throw e; });
    void list.reload();
    await c.flush();
    let changes = 0;
    list.subscribe(() => changes++);
    list.patch({ ...row(5), read_at: "2026-01-01" } as ArticleSummary);
    expect(list.row(4)?.read_at).toBe("2026-01-01");
    expect(changes).toBe(1);
    list.show(150, 170);
    await c.flush();
    c.remove(160);
    const again = list.reload();
    await c.flush();
    await again;
    expect(list.total).toBe(249);
    expect(list.row(159)?.id).toBe(161);
  });
});
