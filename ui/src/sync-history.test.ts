// A synced highlight's history in its editor: offered only when the library syncs; once opened,
// the colour shown first, the one written at the same time on another computer after it, then
// the note's versions, in the reader's words.

import { h, render } from "preact";
import { act } from "preact/test-utils";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Highlight, SyncHistory as History } from "./api";
import { SyncHistory } from "./components/SyncHistory";
import { setLang } from "./i18n";

const state = { joined: true };
const value = (value: string, device: string | null, current: boolean, in_conflict: boolean) => ({
  value,
  device,
  device_id: device && "0123",
  this_device: device === "家里的电脑",
  written_at_device_clock: device && "2026-12-06T03:04:05+00:00",
  current,
  in_conflict,
});
const histories: Record<string, History> = {
  "h-1": {
    uuid: "h-1",
    kind: "highlight",
    fields: [
      { field: "start", values: [value("4", "家里的电脑", true, false)] },
      { field: "color", values: [value("pink", "办公室", true, true), value("blue", "家里的电脑", false, true), value("yellow", "家里的电脑", false, false)] },
    ],
  },
  "n-1": { uuid: "n-1", kind: "note", fields: [{ field: "body", values: [value("开头：谷歌很早。结尾", null, true, false), value("谷歌很早。", "家里的电脑", false, false)] }] },
};

vi.mock("./api", () => ({
  api: {
    syncActivity: () => Promise.resolve({ joined: state.joined }),
    syncHistory: (uuid: string) => Promise.resolve(histories[uuid]),
  },
}));

const root = () => {
  const el = document.createElement("div");
  document.body.replaceChildren(el);
  return el;
};
const flush = () => act(() => new Promise((done) => setTimeout(done, 0)));
const hl = { id: 3, uuid: "h-1", article_id: 1, color: "pink", tags: [], note: { uuid: "n-1", body: "开头：谷歌很早。结尾" } } as unknown as Highlight;

afterEach(() => render(null, document.body.firstElementChild ?? document.body));

describe("a synced highlight's history", () => {
  it("lists the colour shown, the one that gave way and the note's versions", async () => {
    setLang("zh");
    state.joined = true;
    const el = root();
    const labels = [{ color: "pink", label: "反驳" }] as never;
    await act(() => render(h(SyncHistory, { h: hl, labels, onError: () => undefined }), el));
    await flush();
    const toggle = el.querySelector<HTMLButtonElement>("[data-testid=sync-history-toggle]")!;
    expect(toggle.textContent).toContain("历史");
    await act(() => toggle.click());
    await flush();
    const colors = [...el.querySelectorAll("[data-field=color] li")].map((li) => li.textContent);
    expect(colors).toHaveLength(3);
    expect(colors[0]).toContain("反驳");
    expect(colors[0]).toContain("办公室");
    expect(colors[0]).toContain("当前");
    expect(colors[1]).toContain("家里的电脑");
    expect(colors[1]).toContain("同时写入");
    expect(colors[2]).not.toContain("同时写入");
    const body = el.querySelector("[data-field=body]")!.textContent;
    expect(body).toContain("合并而成");
    expect(body).toContain("谷歌很早。");
    // Fields the reader never sets (the anchor's offsets) are left out.
    expect(el.querySelector("[data-field=start]")).toBeNull();
  });

  it("offers nothing when the library does not sync", async () => {
    state.joined = false;
    const el = root();
    await act(() => render(h(SyncHistory, { h: hl, labels: [], onError: () => undefined }), el));
    await flush();
    expect(el.querySelector("[data-testid=sync-history]")).toBeNull();
  });
});
