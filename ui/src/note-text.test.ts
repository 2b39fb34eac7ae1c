import { describe, expect, it } from "vitest";
import { h, render } from "preact";
import { noteNodes } from "./components/NoteText";
import type { MdBlock } from "./bindings/MdBlock";

function shown(tree: MdBlock[]): HTMLElement {
  const root = document.createElement("div");
  render(h("div", null, noteNodes(tree)), root);
  return root;
}

describe("a note's tree built as elements", () => {
  it("renders Chinese emphasis as bold and italics", () => {
    const root = shown([{ type: "paragraph", inlines: [{ type: "text", text: "这是" }, { type: "strong", children: [{ type: "text", text: "重点" }] }, { type: "emphasis", children: [{ type: "text", text: "次要" }] }] }]);
    expect(root.querySelector("strong")?.textContent).toBe("重点");
    expect(root.querySelector("em")?.textContent).toBe("次要");
    expect(root.textContent).toBe("这是重点次要");
  });
  it("keeps HTML in the text as text, never as elements", () => {
    const html = '<script>alert(1)</script><img src=x onerror="alert(2)"><b>粗</b>';
    const root = shown([{ type: "paragraph", inlines: [{ type: "text", text: html }] }, { type: "code", text: "<iframe></iframe>" }]);
    expect(root.querySelectorAll("script, img, b, iframe").length).toBe(0);
    expect(root.textContent).toBe(html + "<iframe></iframe>");
  });
  it("makes lists, quotes and links, a link only to its http(s) address", () => {
    const root = shown([
      { type: "list", ordered: true, start: 3, items: [[{ type: "paragraph", inlines: [{ type: "text", text: "甲" }] }]] },
      { type: "quote", blocks: [{ type: "paragraph", inlines: [{ type: "link", href: "https://example.com/a", children: [{ type: "text", text: "来源" }] }] }] },
    ]);
    expect(root.querySelector("ol")?.getAttribute("start")).toBe("3");
    expect(root.querySelector("li")?.textContent).toBe("甲");
    const a = root.querySelector(".md-quote a");
    expect(a?.getAttribute("href")).toBe("https://example.com/a");
    expect(a?.textContent).toBe("来源");
  });
});
