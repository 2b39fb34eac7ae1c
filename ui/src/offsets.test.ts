import { describe, expect, it } from "vitest";
import { cpLength, cpSlice, cpToUtf16, domPointToOffset, offsetToDomPoint, offsetsToRange, rangeToOffsets, utf16ToCp } from "./offsets";

// A reader DOM as the app renders it: passages with their code-point spans, one of them with a
// link that splits its text into several nodes. The article text is the passages joined by "\n".
const P = ["算力是钱", "𠮷野家 😀 emoji", "See the 链接 here"];
function reader(): HTMLElement {
  const root = document.createElement("article");
  let start = 0;
  P.forEach((text, i) => {
    const el = document.createElement("p");
    const end = start + cpLength(text);
    el.setAttribute("data-start", String(start));
    el.setAttribute("data-end", String(end));
    if (i === 2) {
      el.append("See the ");
      const a = document.createElement("a");
      a.textContent = "链接";
      el.append(a, " here");
    } else el.textContent = text;
    root.append(el);
    start = end + 1;
  });
  document.body.replaceChildren(root);
  return root;
}

describe("code points and UTF-16", () => {
  it("counts astral characters once", () => {
    expect(cpLength("算力")).toBe(2);
    expect(cpLength("𠮷")).toBe(1);
    expect("𠮷".length).toBe(2);
    expect(cpLength("a😀b")).toBe(3);
    expect(cpLength("")).toBe(0);
  });
  it("converts both ways around surrogate pairs", () => {
    const s = "𠮷野😀x";
    expect(cpToUtf16(s, 0)).toBe(0);
    expect(cpToUtf16(s, 1)).toBe(2);
    expect(cpToUtf16(s, 2)).toBe(3);
    expect(cpToUtf16(s, 3)).toBe(5);
    expect(cpToUtf16(s, 99)).toBe(s.length);
    for (let cp = 0; cp <= 4; cp++) expect(utf16ToCp(s, cpToUtf16(s, cp))).toBe(cp);
    // A point inside a pair belongs before the character.
    expect(utf16ToCp(s, 1)).toBe(0);
    expect(utf16ToCp(s, 4)).toBe(2);
  });
  it("slices by code points", () => {
    expect(cpSlice("𠮷野家 😀", 1, 5)).toBe("野家 😀");
  });
});

describe("DOM points and article offsets", () => {
  it("maps text positions in CJK, emoji and 𠮷 passages", () => {
    const root = reader();
    const [p0, p1] = Array.from(root.children);
    expect(domPointToOffset(root, p0.firstChild!, 2)).toBe(2);
    // "𠮷野家 😀 emoji": UTF-16 index 2 is after 𠮷 (code point 1); passage 1 starts at 5.
    expect(domPointToOffset(root, p1.firstChild!, 2)).toBe(6);
    // After "😀": UTF-16 index 7 = 𠮷(2)+野家 (2)+space(1)+😀(2); code points 1+2+1+1 = 5.
    expect(domPointToOffset(root, p1.firstChild!, 7)).toBe(5 + 5);
  });
  it("counts across inline elements", () => {
    const root = reader();
    const p2 = root.children[2];
    const a = p2.querySelector("a")!;
    const start2 = Number(p2.getAttribute("data-start"));
    expect(domPointToOffset(root, a.firstChild!, 1)).toBe(start2 + 9);
    expect(domPointToOffset(root, p2.lastChild!, 0)).toBe(start2 + 10);
  });
  it("maps points between passages to the next passage's start", () => {
    const root = reader();
    expect(domPointToOffset(root, root, 1)).toBe(5);
    expect(domPointToOffset(root, root, 3)).toBe(Number(root.children[2].getAttribute("data-end")));
    expect(domPointToOffset(root, document.body, 0)).toBeNull();
  });
  it("round-trips every offset", () => {
    const root = reader();
    const text = P.join("\n");
    for (let cp = 0; cp <= cpLength(text); cp++) {
      const pt = offsetToDomPoint(root, cp)!;
      // The "\n" between passages (offset = end of a passage) maps to the end of that passage.
      expect(domPointToOffset(root, pt.node, pt.offset)).toBe(cp);
    }
  });
  it("builds ranges across passages whose text is the article's", () => {
    const root = reader();
    const text = Array.from(P.join("\n"));
    const r = offsetsToRange(root, 2, 8)!;
    // The range's text has no "\n" (that is not in the DOM), the article's slice has one.
    expect(r.toString()).toBe("是钱𠮷野家");
    expect(text.slice(2, 8).join("")).toBe("是钱\n𠮷野家");
    expect(rangeToOffsets(root, r)).toEqual({ start: 2, end: 8 });
  });
});
