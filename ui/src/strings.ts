// Interface strings of the import progress, the search palette, find in article and the
// contents list, in Chinese and English (kept apart from i18n.ts to keep merges small).

import { lang } from "./i18n";

const en = {
  importing: "Importing…",
  cancel: "Cancel",
  cancelling: "Cancelling…",
  importDone: "Import finished",
  importCancelled: "Import cancelled",
  found: "files found",
  imported: "imported",
  alreadyPresent: "already in the library",
  updated: "updated",
  failedFiles: "could not be imported",
  ok: "OK",
  palettePlaceholder: "Search everything… (tag:, color:, has:note, \"phrase\", -word, OR)",
  paletteHint: "↑↓ choose · Enter open · Esc close",
  queryError: "This search cannot be read:",
  nothing: "Nothing found.",
  findPlaceholder: "Find in article",
  prev: "Previous (Shift+Enter)",
  next: "Next (Enter)",
  contents: "Contents",
};

const zh: Record<keyof typeof en, string> = {
  importing: "正在导入…",
  cancel: "取消",
  cancelling: "正在取消…",
  importDone: "导入完成",
  importCancelled: "导入已取消",
  found: "个文件",
  imported: "已导入",
  alreadyPresent: "已在文库中",
  updated: "已更新",
  failedFiles: "无法导入",
  ok: "好",
  palettePlaceholder: "搜索全部……（tag:、color:、has:note、\"短语\"、-排除、OR）",
  paletteHint: "↑↓ 选择 · Enter 打开 · Esc 关闭",
  queryError: "无法理解这个搜索：",
  nothing: "没有找到。",
  findPlaceholder: "在文中查找",
  prev: "上一个（Shift+Enter）",
  next: "下一个（Enter）",
  contents: "目录",
};

export function s(key: keyof typeof en): string {
  return (lang() === "zh" ? zh : en)[key];
}
