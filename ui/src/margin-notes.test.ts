// The margin's notes shown rendered and edited as source, and the highlight editor stepping aside
// for the claim dialog it opens (popovers never stack).

import { h, render } from "preact";
import { act } from "preact/test-utils";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Highlight } from "./api";
import { EditableNote } from "./components/EditableNote";
import { HighlightEditor } from "./components/HighlightEditor";
import { setLang } from "./i18n";

vi.mock("./api", () => ({
  api: {
    renderNotes: (texts: string[]) =>
      Promise.resolve(texts.map((text) => [{ type: "paragraph", inlines: text.startsWith("**") ? [{ type: "strong", children: [{ type: "text", text: text.replaceAll("*", "") }] }] : [{ type: "text", text }] }])),
    syncActivity: () => Promise.resolve({ joined: false }),
  },
  debateApi: { suggestForHighlight: () => Promise.resolve([]), claims: () => Promise.resolve([]) },
  openExternal: () => undefined,
}));

const root = () => {
  const el = document.createElement("div");
  document.body.replaceChildren(el);
  return el;
};
const flush = () => act(() => new Promise((done) => setTimeout(done, 0)));

afterEach(() => render(null, document.body.firstElementChild ?? document.body));

describe("a margin note", () => {
  it("reads as rendered Markdown and edits as its source", async () => {
    setLang("zh");
    const el = root();
    const saved: string[] = [];
    await act(() => render(h(EditableNote, { text: "**重点**", rows: 2, draft: "note:1:2", testid: "passage-note", onSave: (t: string) => saved.push(t) }), el));
    await flush();
    const view = el.querySelector<HTMLElement>("[data-testid=passage-note-text]")!;
    expect(view.querySelector("strong")?.textContent).toBe("重点");
    expect(el.querySelector("textarea")).toBeNull();
    expect(view.tabIndex).toBe(0);

    await act(() => void view.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter", bubbles: true })));
    const field = el.querySelector<HTMLTextAreaElement>("textarea[data-testid=passage-note]")!;
    expect(field.value).toBe("**重点**");
    expect(document.activeElement).toBe(field);
    expect(field.dataset.draft).toBe("note:1:2");

    field.value = "**重点**：算力门槛";
    await act(() => void field.dispatchEvent(new Event("input", { bubbles: true })));
    await act(() => void field.dispatchEvent(new KeyboardEvent("keydown", { key: "Escape", bubbles: true })));
    expect(saved).toEqual(["**重点**：算力门槛"]);
  });

  it("is a field to write in while it is empty, and saves nothing unchanged", async () => {
    setLang("en");
    const el = root();
    const saved: string[] = [];
    await act(() => render(h(EditableNote, { text: "", rows: 3, draft: "article:1", testid: "article-note", placeholder: "What is it about?", onSave: (t: string) => saved.push(t) }), el));
    const field = el.querySelector<HTMLTextAreaElement>("textarea[data-testid=article-note]")!;
    expect(field.placeholder).toBe("What is it about?");
    await act(() => void field.dispatchEvent(new FocusEvent("blur")));
    expect(saved).toEqual([]);
    expect(el.querySelector("[data-testid=article-note-text]")).toBeNull();
  });
});

describe("the highlight editor and the claim dialog", () => {
  it("steps aside while the dialog is open and comes back when Escape closes it", async () => {
    setLang("zh");
    const el = root();
    const hl = { id: 3, article_id: 1, color: "green", tags: [], note: null, anchor: { start: 0, end: 4, exact: "算力就是钱", status: "anchored" } } as unknown as Highlight;
    const noop = () => undefined;
    await act(() =>
      render(
        h(HighlightEditor, { h: hl, at: { x: 10, y: 10 }, focus: null, labels: [], tags: [], onColor: noop, onAddTag: noop, onRemoveTag: noop, onNote: noop, onDelete: noop, onClose: noop, onError: noop }),
        el,
      ),
    );
    const editor = el.querySelector<HTMLElement>("[data-testid=hl-editor]")!;
    expect(editor.classList.contains("behind")).toBe(false);
    await act(() => el.querySelector<HTMLButtonElement>("[data-testid=link-claim]")!.click());
    await flush();
    const dialog = el.querySelector<HTMLElement>("[data-testid=link-dialog]")!;
    expect(dialog).not.toBeNull();
    expect(editor.classList.contains("behind")).toBe(true);
    await act(() => void dialog.dispatchEvent(new KeyboardEvent("keydown", { key: "Escape", bubbles: true })));
    expect(el.querySelector("[data-testid=link-dialog]")).toBeNull();
    expect(editor.classList.contains("behind")).toBe(false);
  });
});
