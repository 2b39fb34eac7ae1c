// The notebook's list: highlights and the notes on articles and passages, each opening its place.

import { h, render } from "preact";
import { act } from "preact/test-utils";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { NotebookFilter } from "./bindings/NotebookFilter";
import type { NotebookPage } from "./bindings/NotebookPage";
import { Notebook } from "./components/Notebook";
import { setLang } from "./i18n";

const asked: NotebookFilter[] = [];
const anchor = (start: number, end: number, exact: string) => ({ start, end, exact, prefix: "", suffix: "", status: "anchored" });
const page: NotebookPage = {
  total: 3,
  offset: 0,
  items: [
    { kind: "note", article_title: "Chips", note: { id: 9, uuid: "u9", article_id: 2, target: { type: "article" }, body: "Worth a second read.", created_at: "2026-12-06T07:00:03Z", updated_at: "" } },
    {
      kind: "highlight",
      article_title: "算力的账本",
      highlight: { id: 4, uuid: "u4", article_id: 1, anchor: anchor(10, 14, "一个钱字"), color: "pink", tags: ["topic/算力"], note: null, created_at: "2026-12-06T07:00:02Z", updated_at: "" },
    },
    { kind: "note", article_title: "算力的账本", note: { id: 8, uuid: "u8", article_id: 1, target: { type: "passage", anchor: anchor(22, 26, "训练成本") }, body: "成本的趋势", created_at: "2026-12-06T07:00:01Z", updated_at: "" } },
  ],
} as unknown as NotebookPage;

vi.mock("./api", () => ({
  api: {
    notebook: (filter: NotebookFilter) => (asked.push(filter), Promise.resolve(page)),
    renderNotes: () => Promise.reject(new Error("no shell")),
  },
  pickFolder: () => Promise.resolve(null),
  openExternal: () => undefined,
}));

afterEach(() => render(null, document.body.firstElementChild ?? document.body));

describe("the notebook", () => {
  it("lists notes on articles and passages among the highlights and opens each at its place", async () => {
    setLang("zh");
    const root = document.createElement("div");
    document.body.replaceChildren(root);
    const opened: [number, unknown][] = [];
    await act(async () => {
      render(h(Notebook, { tags: [], labels: [], onOpenAt: (id: number, span: unknown) => opened.push([id, span]), onExported: () => undefined, onError: (e: unknown) => { throw e; } }), root);
      await new Promise((done) => setTimeout(done, 0));
    });
    await act(() => new Promise((done) => setTimeout(done, 0)));
    expect(asked[0].notes).toBe(true);
    const rows = [...root.querySelectorAll<HTMLElement>(".notebook-item")];
    expect(rows.map((r) => r.dataset.noteId ?? `h${r.dataset.highlightId}`)).toEqual(["9", "h4", "8"]);
    expect(rows[0].querySelector(".note-kind")?.textContent).toBe("文章笔记");
    expect(rows[2].querySelector(".notebook-quote")?.textContent).toBe("¶ 训练成本");
    expect(root.querySelector("[data-testid=notebook-count]")?.textContent).toBe("3 条");
    for (const r of rows) r.click();
    expect(opened).toEqual([
      [2, null],
      [1, { start: 10, end: 14 }],
      [1, { start: 22, end: 26 }],
    ]);
  });
});
