import { h, render } from "preact";
import { act } from "preact/test-utils";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { markLabel, NoteMarkers, spotsFor, type NoteMark } from "./components/NoteMarkers";
import { setLang } from "./i18n";

const mark = (kind: NoteMark["kind"], id: number, start: number, end: number, body = "笔记"): NoteMark => ({ kind, id, start, end, body });

describe("where note markers go", () => {
  it("puts each at the line where its stretch ends, in reading order, moving one that would cover another", () => {
    const marks = [mark("note", 7, 30, 40), mark("highlight", 2, 0, 12), mark("highlight", 3, 5, 12), mark("highlight", 9, 50, 60)];
    const lines: Record<number, number | null> = { 12: 100, 40: 108, 60: null };
    const spots = spotsFor(marks, (m) => lines[m.end]);
    expect(spots.map((s) => [s.mark.kind, s.mark.id, s.top])).toEqual([
      ["highlight", 2, 100],
      ["highlight", 3, 116],
      ["note", 7, 132],
    ]);
  });

  it("labels a marker with its note's first words, in the interface's language", () => {
    setLang("zh");
    expect(markLabel(mark("highlight", 1, 0, 2, "算力就是钱：\n这一段是全文的论点。"))).toBe("划线笔记: 算力就是钱： 这一段是全文的论点。");
    setLang("en");
    const long = "a".repeat(70);
    expect(markLabel(mark("note", 1, 0, 2, long))).toBe(`Note on this passage: ${"a".repeat(60)}…`);
  });
});

describe("the note markers beside the text", () => {
  beforeAll(() => {
    // jsdom lays nothing out: every line is 20 px high, the n-th code point on line n / 10.
    globalThis.ResizeObserver ??= class {
      observe() {}
      disconnect() {}
      unobserve() {}
    } as unknown as typeof ResizeObserver;
    Range.prototype.getClientRects = function (this: Range) {
      const end = Number((this.endContainer.parentElement as HTMLElement).dataset.start) + this.endOffset;
      return [{ top: Math.floor(end / 10) * 20, left: 0, right: 10, bottom: 0, width: 10, height: 20 }] as unknown as DOMRectList;
    };
  });
  afterEach(() => render(null, document.body));

  it("shows a focusable marker per noted stretch that opens it", async () => {
    setLang("zh");
    document.body.innerHTML = "";
    const page = document.createElement("article");
    document.body.append(page);
    const body = { current: null as HTMLDivElement | null };
    const opened: NoteMark[] = [];
    const marks = [mark("highlight", 4, 2, 8, "**重点**"), mark("note", 5, 25, 30, "门槛")];
    await act(() => {
      render(
        h("div", null, [
          h("div", { class: "article-body", ref: (el: HTMLDivElement | null) => (body.current = el) }, [
            h("p", { "data-start": "0", "data-end": "19" }, "大模型的门票越来越贵，算力就是钱。"),
            h("p", { "data-start": "20", "data-end": "35" }, "开源模型降低了门槛，但推理仍贵。"),
          ]),
          h(NoteMarkers, { marks, bodyRef: body, onOpen: (m) => opened.push(m) }),
        ]),
        page,
      );
    });
    const buttons = [...page.querySelectorAll<HTMLButtonElement>(".note-marker")];
    expect(buttons.map((b) => [b.dataset.kind, b.dataset.id, b.style.top])).toEqual([
      ["highlight", "4", "0px"],
      ["note", "5", "60px"],
    ]);
    expect(buttons.every((b) => b.tabIndex === 0 && b.getAttribute("aria-label"))).toBe(true);
    buttons[1].click();
    expect(opened.map((m) => m.id)).toEqual([5]);
  });
});

vi.mock("./api", () => ({ api: { renderNotes: () => Promise.reject(new Error("no shell")) }, openExternal: () => undefined }));
