import { describe, expect, it } from "vitest";
import { hasModifier, isCommand, isPlainKey, isTyping } from "./keys";

/** A key event dispatched at `target`, as the document's listeners would receive it. */
function press(target: EventTarget, init: KeyboardEventInit): KeyboardEvent {
  let seen: KeyboardEvent | null = null;
  const grab = (e: Event) => (seen = e as KeyboardEvent);
  document.addEventListener("keydown", grab);
  target.dispatchEvent(new KeyboardEvent("keydown", { bubbles: true, ...init }));
  document.removeEventListener("keydown", grab);
  if (!seen) throw new Error("the event did not reach the document");
  return seen;
}

describe("keys", () => {
  it("knows a text field from the rest of the page", () => {
    const fields = [document.createElement("input"), document.createElement("textarea"), document.createElement("select")];
    const para = document.createElement("p");
    para.textContent = "算力是钱";
    document.body.replaceChildren(...fields, para);
    for (const f of fields) expect(isTyping(press(f, { key: "h" }))).toBe(true);
    expect(isTyping(press(para, { key: "h" }))).toBe(false);
    expect(isTyping(press(document.body, { key: "h" }))).toBe(false);
  });

  it("takes a plain key only outside fields and without Ctrl, ⌘ or Alt", () => {
    const input = document.createElement("input");
    document.body.replaceChildren(input);
    expect(isPlainKey(press(document.body, { key: "1" }))).toBe(true);
    expect(isPlainKey(press(document.body, { key: "H", shiftKey: true }))).toBe(true);
    expect(isPlainKey(press(input, { key: "1" }))).toBe(false);
    for (const mod of ["ctrlKey", "metaKey", "altKey"] as const) {
      expect(hasModifier(press(document.body, { key: "t", [mod]: true }))).toBe(true);
      expect(isPlainKey(press(document.body, { key: "t", [mod]: true }))).toBe(false);
    }
  });

  it("reads Ctrl+letter and ⌘+letter as commands, with or without Shift, but not with Alt", () => {
    expect(isCommand(press(document.body, { key: "k", ctrlKey: true }), "k")).toBe(true);
    expect(isCommand(press(document.body, { key: "K", ctrlKey: true, shiftKey: true }), "k")).toBe(true);
    expect(isCommand(press(document.body, { key: "f", metaKey: true }), "f")).toBe(true);
    expect(isCommand(press(document.body, { key: "k", ctrlKey: true, altKey: true }), "k")).toBe(false);
    expect(isCommand(press(document.body, { key: "k" }), "k")).toBe(false);
    expect(isCommand(press(document.body, { key: "f", ctrlKey: true }), "k")).toBe(false);
  });
});
