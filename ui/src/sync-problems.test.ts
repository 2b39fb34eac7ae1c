import { afterEach, describe, expect, it } from "vitest";
import { ApiFailure } from "./api";
import type { SyncProblem } from "./bindings/SyncProblem";
import { setLang } from "./i18n";
import { syncFailureText, syncProblemShort, syncProblemText } from "./sync-problems";

afterEach(() => setLang("en"));

const every: SyncProblem[] = [
  { type: "folder_missing", folder: "/媒体/同步" },
  { type: "wrong_passphrase", folder: "/家/加密文件夹" },
  { type: "passphrase_needed", folder: "/家/加密文件夹" },
  { type: "not_encrypted", folder: "/家/同步" },
  { type: "already_joined", folder: "/家/同步" },
  { type: "not_joined" },
  { type: "device_name" },
  { type: "newer_zhaji", device: "办公室的电脑" },
  { type: "other_key", device: "办公室的电脑", file: 12 },
  { type: "unreadable_change", device: "办公室的电脑", file: 7 },
];

describe("sync problems in the reader's language", () => {
  it("says each problem in Chinese, keeping the folder or device it names", () => {
    setLang("zh");
    expect(syncProblemText({ type: "folder_missing", folder: "/媒体/同步" })).toBe("同步文件夹 /媒体/同步 不见了（硬盘或同步的文件夹还在吗？）");
    expect(syncProblemText({ type: "wrong_passphrase", folder: "/家/加密文件夹" })).toBe("同步文件夹 /家/加密文件夹 的密码不对");
    expect(syncProblemText({ type: "other_key", device: "办公室的电脑", file: 12 })).toContain("第 12 个文件");
    for (const p of every) {
      const said = syncProblemText(p);
      expect(said, p.type).toMatch(/[\u4e00-\u9fff]/);
      expect(said, p.type).not.toMatch(/\{\w+\}/);
      for (const v of Object.values(p).filter((v) => v !== p.type)) expect(said, p.type).toContain(String(v));
    }
  });

  it("says them in English too", () => {
    setLang("en");
    expect(syncProblemText({ type: "newer_zhaji", device: "Office" })).toBe("Office runs a newer Zhaji: its changes wait until this one is updated");
    for (const p of every) {
      const said = syncProblemText(p);
      expect(said, p.type).not.toMatch(/\{\w+\}/);
      for (const v of Object.values(p).filter((v) => v !== p.type)) expect(said, p.type).toContain(String(v));
    }
  });

  it("says a missing folder in few words for the status line", () => {
    setLang("zh");
    expect(syncProblemShort({ type: "folder_missing", folder: "/媒体/同步" })).toBe("同步文件夹不见了");
    expect(syncProblemShort({ type: "newer_zhaji", device: "办公室的电脑" })).toContain("办公室的电脑");
  });

  it("puts a failed command's sync problem into words, else keeps its message", () => {
    setLang("zh");
    const wrong = new ApiFailure("invalid_input", "wrong passphrase for the sync folder /家/加密文件夹", { type: "wrong_passphrase", folder: "/家/加密文件夹" });
    expect(syncFailureText(wrong)).toBe("同步文件夹 /家/加密文件夹 的密码不对");
    expect(syncFailureText(new ApiFailure("io", "the disk is full"))).toBe("the disk is full");
  });
});
