import { beforeEach, describe, expect, it } from "vitest";
import { draftName, dropDraft, keepDrafts, loadDrafts, parseDraftName, putDraft, readRecovered, type Target } from "./recovery";

describe("the shell's word after a crash", () => {
  const at = (hash: string) => ({ hash, pathname: "/", search: "" });

  it("reads why the page was reloaded, and whether it was the second time in a row", () => {
    expect(readRecovered(at("#recovered=crashed"))).toEqual({ reason: "crashed", again: false });
    expect(readRecovered(at("#recovered=memory-again"))).toEqual({ reason: "memory", again: true });
  });

  it("reads nothing from any other address", () => {
    expect(readRecovered(at(""))).toBeNull();
    expect(readRecovered(at("#recovered=exploded"))).toBeNull();
    expect(readRecovered(at("#recovered=crashed&x"))).toBeNull();
  });
});

describe("draft names", () => {
  it("name what a note field's text is for, and are read back", () => {
    const targets: Target[] = [
      { kind: "highlight", articleId: 3, id: 12 },
      { kind: "article", articleId: 3 },
      { kind: "note", articleId: 3, id: 7 },
      { kind: "passage", articleId: 3, start: 120, end: 134 },
    ];
    for (const t of targets) expect(parseDraftName(draftName(t))).toEqual(t);
  });

  it("refuse anything else", () => {
    for (const bad of ["", "highlight:3", "highlight:3:x", "passage:3:9:2", "article:-1", "script:1", 'article:1"]']) expect(parseDraftName(bad)).toBeNull();
  });
});

describe("keepDrafts", () => {
  beforeEach(() => {
    localStorage.clear();
    document.body.replaceChildren();
  });

  function field(name: string): HTMLTextAreaElement {
    const el = document.createElement("textarea");
    el.dataset.draft = name;
    document.body.append(el);
    return el;
  }
  const type = (el: HTMLTextAreaElement, text: string) => {
    el.value = text;
    el.dispatchEvent(new InputEvent("input", { bubbles: true }));
  };
  const mutationsSeen = () => new Promise((r) => setTimeout(r, 0));

  it("keeps what is typed at every keystroke, Chinese included, and forgets a field emptied", () => {
    const stop = keepDrafts();
    const el = field("highlight:1:2");
    type(el, "算力");
    type(el, "算力就是钱");
    expect(loadDrafts().map((d) => [d.name, d.text])).toEqual([["highlight:1:2", "算力就是钱"]]);
    type(el, "  ");
    expect(loadDrafts()).toEqual([]);
    stop();
  });

  it("drops a draft when its field leaves the page (saved or cancelled), and keeps it while the field stays", async () => {
    const stop = keepDrafts();
    const a = field("article:1");
    const b = field("passage:1:4:9");
    type(a, "一篇关于门槛的报道");
    type(b, "这里说的是门槛");
    a.remove();
    await mutationsSeen();
    expect(loadDrafts().map((d) => d.name)).toEqual(["passage:1:4:9"]);
    stop();
  });

  it("keeps the drafts of a page that died: a new page finds them", () => {
    const stop = keepDrafts();
    type(field("note:2:5"), "崩溃前没保存的话");
    stop(); // the page is gone without its fields ever being removed
    expect(loadDrafts().map((d) => d.text)).toEqual(["崩溃前没保存的话"]);
  });

  it("ignores fields without a valid draft name", () => {
    const stop = keepDrafts();
    type(field("whatever"), "text");
    expect(loadDrafts()).toEqual([]);
    stop();
  });

  it("lists the newest first and drops one by name", () => {
    putDraft("article:1", "旧");
    putDraft("article:2", "新");
    expect(loadDrafts().map((d) => d.text)).toEqual(["新", "旧"]);
    dropDraft("article:2");
    expect(loadDrafts().map((d) => d.text)).toEqual(["旧"]);
  });
});
