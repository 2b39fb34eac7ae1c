// Interface strings in Chinese and English. The language follows the system (navigator.language)
// until the user picks one in the settings.

export type Lang = "zh" | "en";

const en = {
  library: "Library",
  allArticles: "All articles",
  tags: "Tags",
  trash: "Trash",
  settings: "Settings",
  import: "Import…",
  importFolder: "Import folder…",
  search: "Search",
  searchPlaceholder: "Search articles, highlights, notes  /",
  noResults: "Nothing found.",
  group_title: "Titles",
  group_passage: "Passages",
  group_highlight: "Highlights",
  group_note: "Notes",
  results: "results",
  paste: "Paste as article",
  exportAll: "Export library…",
  exportArticle: "Export article…",
  sortImported: "Recently imported",
  sortUpdated: "Recently updated",
  sortTitle: "Title",
  sortPublished: "Published",
  articles: "articles",
  article: "article",
  highlights: "highlights",
  articleTags: "Article tags",
  details: "Details",
  title: "Title",
  author: "Author",
  site: "Publication",
  published: "Published",
  url: "Link",
  original: "Original",
  kind_article: "Article",
  kind_highlight: "Highlight",
  kind_note: "Note",
  kind_tag: "Tag",
  kind_claim: "Claim",
  noArticles: "No articles yet. Import a file, drop one on the window, or paste text with Ctrl+V.",
  dropHere: "Drop files to import them",
  imported: "Imported",
  alreadyPresent: "Already in the library",
  updated: "Updated",
  failed: "Failed",
  back: "Library",
  highlight: "Highlight",
  tag: "Tag",
  note: "Note",
  addTag: "Add a tag…",
  notePlaceholder: "Write a note (Markdown)…",
  delete: "Delete",
  undo: "Undo",
  deleted: "Deleted",
  save: "Save",
  cancel: "Cancel",
  close: "Close",
  articleNote: "Article note",
  articleNotePlaceholder: "What is this article about, and what do you make of it?",
  passageNote: "Note on this passage",
  margin: "Highlights & notes",
  orphans: "Detached highlights",
  orphanHelp: "Their text changed. Select the passage they belong to and re-attach them.",
  reattach: "Re-attach to selection",
  nothingYet: "Select text to highlight it. Keys 1–5 choose a colour, h the default.",
  restore: "Restore",
  emptyTrash: "Empty trash",
  trashEmpty: "The trash is empty.",
  rename: "Rename or merge",
  renamePrompt: "New name (an existing name merges the two):",
  color: "Colour",
  theme: "Theme",
  light: "Light",
  dark: "Dark",
  system: "System",
  fontSize: "Font size",
  width: "Reading width",
  language: "Language",
  colorNames: "Highlight colours",
  libraryFile: "Library file",
  shortcuts: "Keyboard shortcuts",
  exported: "Exported",
  filesWritten: "files written",
  unchanged: "unchanged",
  fromArticle: "from",
  pasteEmpty: "The clipboard holds no text to paste.",
  noTags: "No tags yet.",
  untitled: "Untitled",
  sample: "Sample",
  words: "chars",
} as const;

export type Key = keyof typeof en;

const zh: Record<Key, string> = {
  library: "文库",
  allArticles: "全部文章",
  tags: "标签",
  trash: "废纸篓",
  settings: "设置",
  import: "导入…",
  importFolder: "导入文件夹…",
  search: "搜索",
  searchPlaceholder: "搜索文章、划线、笔记  /",
  noResults: "没有找到。",
  group_title: "标题",
  group_passage: "正文",
  group_highlight: "划线",
  group_note: "笔记",
  results: "条结果",
  paste: "粘贴为文章",
  exportAll: "导出文库…",
  exportArticle: "导出本文…",
  sortImported: "最近导入",
  sortUpdated: "最近更新",
  sortTitle: "标题",
  sortPublished: "发表日期",
  articles: "篇文章",
  article: "篇文章",
  highlights: "条划线",
  articleTags: "文章标签",
  details: "文章信息",
  title: "标题",
  author: "作者",
  site: "媒体",
  published: "发表日期",
  url: "链接",
  original: "原文",
  kind_article: "文章",
  kind_highlight: "划线",
  kind_note: "笔记",
  kind_tag: "标签",
  kind_claim: "论断",
  noArticles: "还没有文章。导入文件、把文件拖进窗口，或用 Ctrl+V 粘贴文本。",
  dropHere: "松开即可导入文件",
  imported: "已导入",
  alreadyPresent: "文库中已有",
  updated: "已更新",
  failed: "失败",
  back: "文库",
  highlight: "划线",
  tag: "标签",
  note: "笔记",
  addTag: "添加标签…",
  notePlaceholder: "写笔记（支持 Markdown）…",
  delete: "删除",
  undo: "撤销",
  deleted: "已删除",
  save: "保存",
  cancel: "取消",
  close: "关闭",
  articleNote: "文章笔记",
  articleNotePlaceholder: "这篇文章讲了什么？你怎么看？",
  passageNote: "段落笔记",
  margin: "划线与笔记",
  orphans: "脱离原文的划线",
  orphanHelp: "原文已改动。选中它们所属的段落，再重新挂接。",
  reattach: "挂接到所选文字",
  nothingYet: "选中文字即可划线。按 1–5 选颜色，按 h 用默认颜色。",
  restore: "恢复",
  emptyTrash: "清空废纸篓",
  trashEmpty: "废纸篓是空的。",
  rename: "重命名或合并",
  renamePrompt: "新名称（若与已有标签同名则合并）：",
  color: "颜色",
  theme: "主题",
  light: "浅色",
  dark: "深色",
  system: "跟随系统",
  fontSize: "字号",
  width: "版心宽度",
  language: "界面语言",
  colorNames: "划线颜色名称",
  libraryFile: "文库文件",
  shortcuts: "键盘快捷键",
  exported: "已导出",
  filesWritten: "个文件已写入",
  unchanged: "未变",
  fromArticle: "出自",
  pasteEmpty: "剪贴板里没有可粘贴的文本。",
  noTags: "还没有标签。",
  untitled: "无标题",
  sample: "示例",
  words: "字",
};

const tables: Record<Lang, Record<Key, string>> = { en, zh };

/** The language the system asks for: Chinese for any `zh-*` locale, English otherwise. */
export function systemLang(): Lang {
  return (navigator.language || "en").toLowerCase().startsWith("zh") ? "zh" : "en";
}

let current: Lang = systemLang();

export function setLang(lang: Lang): void {
  current = lang;
  document.documentElement.lang = lang === "zh" ? "zh-CN" : "en";
}

export function lang(): Lang {
  return current;
}

/** The interface string `key` in the current language. */
export function t(key: Key): string {
  return tables[current][key];
}

/** The core's default colour names, shown in Chinese when the interface is Chinese. */
const DEFAULT_LABELS_ZH: Record<string, string> = {
  "key point": "要点",
  evidence: "证据",
  claim: "论点",
  "counter-argument": "反驳",
  figure: "数据",
};

/**
 * A colour's name as the user sees it: their own name as they wrote it, or, while it is still the
 * core's English default, its translation.
 */
export function colorLabel(label: string): string {
  return current === "zh" ? (DEFAULT_LABELS_ZH[label] ?? label) : label;
}
