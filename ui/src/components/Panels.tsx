// Overlays: settings, the keyboard help, the export report, the paste dialog and the toast.

import { useEffect, useRef, useState } from "preact/hooks";
import type { AppInfo, Color, ColorLabel, ExportReport } from "../api";
import { BackupsSection } from "./Backups";
import { ClipperSection } from "./ClipperSection";
import { SyncSection } from "./SyncSection";
import { TemplateSection } from "./Vault";
import { colorLabel, t, type Lang } from "../i18n";
import { isWebLink } from "../links";
import type { Settings } from "../settings";

export function Overlay(props: { title: string; onClose: () => void; children: preact.ComponentChildren; testid?: string }) {
  return (
    <div class="overlay" onMouseDown={(e) => e.target === e.currentTarget && props.onClose()} data-testid={props.testid}>
      <div class="sheet" role="dialog" aria-label={props.title}>
        <header class="sheet-head">
          <h2>{props.title}</h2>
          <button class="icon-btn" onClick={props.onClose} aria-label={t("close")}>
            ×
          </button>
        </header>
        {props.children}
      </div>
    </div>
  );
}

export function SettingsPanel(props: {
  settings: Settings;
  onChange: (s: Settings) => void;
  labels: ColorLabel[];
  onLabel: (c: Color, label: string) => void;
  info: AppInfo | null;
  onError: (e: unknown) => void;
  onClose: () => void;
  /** The article the template's preview shows (the open one, else the first listed). */
  previewArticle: number | null;
}) {
  const s = props.settings;
  return (
    <Overlay title={t("settings")} onClose={props.onClose} testid="settings">
      <div class="form">
        <label>
          <span>{t("theme")}</span>
          <select value={s.theme} data-testid="theme" onChange={(e) => props.onChange({ ...s, theme: (e.target as HTMLSelectElement).value as Settings["theme"] })}>
            <option value="system">{t("system")}</option>
            <option value="light">{t("light")}</option>
            <option value="dark">{t("dark")}</option>
          </select>
        </label>
        <label>
          <span>{t("language")}</span>
          <select
            value={s.lang ?? ""}
            data-testid="lang"
            onChange={(e) => {
              const v = (e.target as HTMLSelectElement).value;
              props.onChange({ ...s, lang: v ? (v as Lang) : null });
            }}
          >
            <option value="">{t("system")}</option>
            <option value="zh">中文</option>
            <option value="en">English</option>
          </select>
        </label>
        <label>
          <span>
            {t("fontSize")} · {s.fontSize}px
          </span>
          <input type="range" min={14} max={26} value={s.fontSize} onInput={(e) => props.onChange({ ...s, fontSize: Number((e.target as HTMLInputElement).value) })} />
        </label>
        <label>
          <span>
            {t("width")} · {s.width}em
          </span>
          <input type="range" min={28} max={56} value={s.width} onInput={(e) => props.onChange({ ...s, width: Number((e.target as HTMLInputElement).value) })} />
        </label>
        <label>
          <span>{t("density")}</span>
          <select value={s.density} data-testid="density" onChange={(e) => props.onChange({ ...s, density: (e.target as HTMLSelectElement).value as Settings["density"] })}>
            <option value="comfortable">{t("densityComfortable")}</option>
            <option value="compact">{t("densityCompact")}</option>
          </select>
        </label>
        <label class="inline">
          <input type="checkbox" checked={s.cjkPunct} data-testid="cjk-punct" onChange={(e) => props.onChange({ ...s, cjkPunct: (e.target as HTMLInputElement).checked })} />
          <span>{t("cjkPunct")}</span>
        </label>
        <label class="inline">
          <input type="checkbox" checked={s.exportEvery} data-testid="export-every" onChange={(e) => props.onChange({ ...s, exportEvery: (e.target as HTMLInputElement).checked })} />
          <span>{t("exportEvery")}</span>
        </label>
        <TemplateSection path={s.exportTemplate} onPath={(exportTemplate) => props.onChange({ ...s, exportTemplate })} articleId={props.previewArticle} />
        <fieldset>
          <legend>{t("colorNames")}</legend>
          {props.labels.map((l) => (
            <label class="inline">
              <span class={`dot ${l.color}`} />
              <input defaultValue={colorLabel(l.label)} onChange={(e) => props.onLabel(l.color, (e.target as HTMLInputElement).value)} />
            </label>
          ))}
        </fieldset>
        {props.info ? (
          <p class="muted small">
            {t("libraryFile")}: <code>{props.info.db_path}</code> · v{props.info.version}
          </p>
        ) : null}
        <SyncSection onError={props.onError} />
        <ClipperSection onError={props.onError} />
        <BackupsSection onError={props.onError} />
      </div>
    </Overlay>
  );
}

const KEYS: [string, { zh: string; en: string }][] = [
  ["?", { zh: "显示/隐藏本帮助", en: "Show or hide this help" }],
  ["Ctrl+K", { zh: "搜索面板（任何界面）", en: "Search palette (from any screen)" }],
  ["Ctrl+F", { zh: "在文章中查找", en: "Find in the article" }],
  ["1–5 · h", { zh: "用某种颜色 / 默认颜色划线所选文字", en: "Highlight the selection in a colour / the default" }],
  ["t · n", { zh: "给所选文字或当前划线加标签 / 笔记", en: "Tag or annotate the selection or the open highlight" }],
  ["m", { zh: "给所选段落写笔记（不划线）", en: "Note on the selected passage, without a highlight" }],
  ["Delete", { zh: "删除当前划线（可撤销）", en: "Delete the open highlight (undoable)" }],
  ["a", { zh: "接受当前划线的下一个建议标签", en: "Accept the open highlight's next suggested tag" }],
  ["l", { zh: "把当前划线关联到论断（支持/反对/背景）", en: "Link the open highlight to a claim (for, against, context)" }],
  ["Ctrl+Z", { zh: "撤销删除", en: "Undo the last deletion" }],
  ["Esc · b", { zh: "关闭弹窗 / 返回文库", en: "Close the popup / back to the library" }],
  ["j · k · Enter", { zh: "在文库中移动 / 打开文章", en: "Move through the library / open an article" }],
  ["Home · End · PgUp · PgDn", { zh: "到列表或文章的开头 / 结尾 / 上一屏 / 下一屏", en: "Top, bottom, a screen up or down (list or article)" }],
  ["Space", { zh: "文章向下翻一屏（Shift+Space 向上）", en: "Article a screen down (Shift+Space: up)" }],
  ["r", { zh: "在文库中标为已读 / 未读", en: "Mark read or unread (in the library)" }],
  ["i", { zh: "导入文件", en: "Import files" }],
  ["/", { zh: "搜索（在文库中）", en: "Search (in the library)" }],
  ["Ctrl+V", { zh: "在文库中粘贴为新文章", en: "Paste as a new article (in the library)" }],
  ["+ · −", { zh: "调整字号", en: "Larger or smaller text" }],
  ["[ · ]", { zh: "调整版心宽度", en: "Narrower or wider column" }],
  ["d", { zh: "切换深色/浅色", en: "Toggle dark and light" }],
  ["e", { zh: "导出 Markdown", en: "Export Markdown" }],
  [",", { zh: "设置", en: "Settings" }],
];

export function HelpOverlay(props: { lang: Lang; onClose: () => void }) {
  return (
    <Overlay title={t("shortcuts")} onClose={props.onClose} testid="help">
      <table class="keys">
        <tbody>
          {KEYS.map(([k, d]) => (
            <tr>
              <td>
                <kbd>{k}</kbd>
              </td>
              <td>{d[props.lang]}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Overlay>
  );
}

/**
 * The report of an export. For an export of the library, a checkbox makes the app keep the
 * folder up to date after changes (`keep`); files left with conflicts are listed first.
 */
export function ExportPanel(props: { report: ExportReport; onClose: () => void; keep?: { on: boolean; onChange: (on: boolean) => void } }) {
  const written = props.report.files.filter((f) => f.written).length;
  return (
    <Overlay title={t("exported")} onClose={props.onClose} testid="export-report">
      <p>
        <code>{props.report.folder}</code>
      </p>
      <p class="muted">
        {written} {t("filesWritten")} · {props.report.files.length - written} {t("unchanged")}
      </p>
      {props.keep ? (
        <label class="inline keep-folder">
          <input type="checkbox" checked={props.keep.on} data-testid="keep-folder" onChange={(e) => props.keep?.onChange((e.target as HTMLInputElement).checked)} />
          <span>
            {t("keepUpToDate")}
            <small class="muted">{t("keepUpToDateHint")}</small>
          </span>
        </label>
      ) : null}
      {props.report.conflicts.length ? <ConflictList files={props.report.conflicts} /> : null}
      <ul class="file-list">
        {props.report.files.map((f) => (
          <li class={f.written ? "" : "muted"}>{f.path}</li>
        ))}
      </ul>
    </Overlay>
  );
}

/** The files an export left with both versions between conflict markers, and what to do. */
export function ConflictList(props: { files: string[] }) {
  return (
    <section class="conflicts" data-testid="conflicts">
      <h3>
        {t("conflictsTitle")} · {props.files.length}
      </h3>
      <p class="small">{t("conflictsHint")}</p>
      <ul class="file-list">
        {props.files.map((f) => (
          <li>{f}</li>
        ))}
      </ul>
    </section>
  );
}

/** A field for a link to capture; Enter adds it. */
export function LinkDialog(props: { onImport: (link: string) => void; onClose: () => void }) {
  const [link, setLink] = useState("");
  const field = useRef<HTMLInputElement>(null);
  useEffect(() => field.current?.focus(), []);
  const ok = isWebLink(link);
  const add = () => ok && props.onImport(link.trim());
  return (
    <Overlay title={t("linkTitle")} onClose={props.onClose} testid="link-dialog">
      <input
        class="link-input"
        type="url"
        inputMode="url"
        placeholder="https://"
        ref={field}
        value={link}
        onInput={(e) => setLink((e.target as HTMLInputElement).value)}
        onKeyDown={(e) => {
          if (e.key === "Enter") add();
          if (e.key === "Escape") props.onClose();
        }}
        data-testid="link-input"
      />
      <p class="muted small">{link.trim() && !ok ? t("linkNotWeb") : t("linkHint")}</p>
      <div class="editor-row">
        <span class="spacer" />
        <button onClick={props.onClose}>{t("cancel")}</button>
        <button class="primary" disabled={!ok} onClick={add} data-testid="link-add">
          {t("addLinkButton")}
        </button>
      </div>
    </Overlay>
  );
}

export function PasteDialog(props: { onImport: (text: string) => void; onClose: () => void }) {
  const [text, setText] = useState("");
  const field = useRef<HTMLTextAreaElement>(null);
  useEffect(() => field.current?.focus(), []);
  return (
    <Overlay title={t("paste")} onClose={props.onClose}>
      <textarea class="note-input paste-box" rows={12} ref={field} value={text} onInput={(e) => setText((e.target as HTMLTextAreaElement).value)} data-testid="paste-box" />
      <div class="editor-row">
        <span class="spacer" />
        <button onClick={props.onClose}>{t("cancel")}</button>
        <button class="primary" disabled={!text.trim()} onClick={() => props.onImport(text)}>
          {t("import")}
        </button>
      </div>
    </Overlay>
  );
}

export interface ToastState {
  message: string;
  undo?: () => Promise<void>;
  error?: boolean;
}

export function Toast(props: { toast: ToastState; onUndo: () => void; onClose: () => void }) {
  return (
    <div class={`toast ${props.toast.error ? "error" : ""}`} role="status" data-testid="toast">
      <span>{props.toast.message}</span>
      {props.toast.undo ? (
        <button class="link-btn" onClick={props.onUndo} data-testid="undo">
          {t("undo")}
        </button>
      ) : null}
      <button class="icon-btn" onClick={props.onClose}>
        ×
      </button>
    </div>
  );
}
