// The vault's side of the app: the quiet line that says how the kept export folder is doing,
// and the report of highlights imported from other tools, with the ones that matched no article
// to attach by hand.

import { useEffect, useState } from "preact/hooks";
import type { AnnotationReport, ArticleSummary, KeptFolderStatus, UnmatchedImport } from "../api";
import { api, pickFiles } from "../api";
import { lang, t } from "../i18n";
import { ConflictList, Overlay } from "./Panels";

/** The kept folder's last export: a quiet line, or a red one with a way to the conflicts. */
export function KeptFolderLine(props: { status: KeptFolderStatus | null; dir: string; onStop: () => void }) {
  const [open, setOpen] = useState(false);
  const s = props.status;
  const name = props.dir.split(/[\\/]/).filter(Boolean).pop() ?? props.dir;
  const time = s ? new Date(s.at).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" }) : "";
  const bad = !!s && (s.error !== null || s.conflicts.length > 0);
  return (
    <>
      <div class={`kept-line ${bad ? "bad" : ""}`} role="status" data-testid="kept-line" title={props.dir}>
        {s?.error ? (
          <span>
            {t("keptFailed")}: {s.error}
          </span>
        ) : s && s.conflicts.length ? (
          <button class="link-btn" onClick={() => setOpen(true)} data-testid="kept-conflicts">
            {name} · {s.conflicts.length} {t("keptConflicts")}
          </button>
        ) : (
          <span>
            {t("keptUpToDate")} · {name}
            {time ? ` · ${time}` : ""}
          </span>
        )}
        <button class="link-btn" onClick={props.onStop} data-testid="kept-stop">
          {t("keptStop")}
        </button>
      </div>
      {open && s ? (
        <Overlay title={t("conflictsTitle")} onClose={() => setOpen(false)} testid="kept-conflict-list">
          <ConflictList files={s.conflicts} />
        </Overlay>
      ) : null}
    </>
  );
}

/** What an import of highlights from other tools did, and the list of unmatched ones. */
export function HighlightImportSummary(props: { reports: AnnotationReport[]; onAttached: () => void; onError: (e: unknown) => void; onClose: () => void }) {
  const sum = (k: "matched" | "duplicates" | "orphans") => props.reports.reduce((n, r) => n + r[k], 0);
  const [unmatched, setUnmatched] = useState<UnmatchedImport[] | null>(null);
  // The articles to attach to, by title: one page of the list from the core (the library may
  // hold far more than a menu can).
  const [articles, setArticles] = useState<ArticleSummary[]>([]);
  useEffect(() => {
    api.unmatchedImports().then(setUnmatched, props.onError);
    api.articlePage({ sort: "title", ascending: true, tag: null }, { offset: 0, after: null, limit: 500 }).then((p) => setArticles(p.items), props.onError);
  }, []);
  const attach = async (u: UnmatchedImport, articleId: number) => {
    try {
      await api.attachUnmatched(u.id, articleId);
      setUnmatched((list) => (list ? list.filter((x) => x.id !== u.id) : list));
      props.onAttached();
    } catch (e) {
      props.onError(e);
    }
  };
  return (
    <Overlay title={t("highlightsImported")} onClose={props.onClose} testid="highlight-import">
      <ul class="is-counts">
        <li data-testid="hi-matched">
          <b>{sum("matched")}</b> {t("hiMatched")}
        </li>
        <li data-testid="hi-duplicates">
          <b>{sum("duplicates")}</b> {t("hiDuplicates")}
        </li>
        <li data-testid="hi-unmatched">
          <b>{sum("orphans")}</b> {t("hiUnmatched")}
        </li>
      </ul>
      <h3>{t("unmatchedTitle")}</h3>
      {unmatched && unmatched.length === 0 ? <p class="muted">{t("noUnmatched")}</p> : <p class="muted small">{t("unmatchedHint")}</p>}
      <ul class="unmatched-list" data-testid="unmatched-list">
        {(unmatched ?? []).map((u) => (
          <li>
            <blockquote>{u.quote}</blockquote>
            <span class="muted small">{[u.title, u.author, u.location].filter(Boolean).join(" · ")}</span>
            <select
              aria-label={t("attachTo")}
              onChange={(e) => {
                const v = Number((e.target as HTMLSelectElement).value);
                if (v) void attach(u, v);
              }}
            >
              <option value="">{t("attachTo")}</option>
              {articles.map((a) => (
                <option value={a.id}>{a.meta.title}</option>
              ))}
            </select>
          </li>
        ))}
      </ul>
    </Overlay>
  );
}

/** The export's template: the file chosen (or the default layout) and a preview on an article. */
export function TemplateSection(props: { path: string | null; onPath: (path: string | null) => void; articleId: number | null }) {
  const [preview, setPreview] = useState<{ name: string; text: string; error: boolean } | null>(null);
  useEffect(() => {
    if (props.articleId === null) return setPreview(null);
    api.previewExport(props.articleId, props.path, lang()).then(
      (p) => setPreview({ name: p.file_name, text: p.text, error: false }),
      // A template error is shown where the preview would be, with its line: never a crash.
      (e) => setPreview({ name: "", text: e instanceof Error ? e.message : String(e), error: true }),
    );
  }, [props.path, props.articleId]);
  const choose = async () => {
    const [path] = await pickFiles(t("chooseTemplate"), "template");
    if (path) props.onPath(path);
  };
  return (
    <fieldset class="template-section" data-testid="template-section">
      <legend>{t("exportTemplate")}</legend>
      <div class="editor-row">
        <code class="template-path">{props.path ?? t("defaultTemplate")}</code>
        <span class="spacer" />
        {props.path ? <button onClick={() => props.onPath(null)}>{t("defaultTemplate")}</button> : null}
        <button onClick={() => void choose()} data-testid="choose-template">
          {t("chooseTemplate")}
        </button>
      </div>
      <p class="muted small">{t("templateHint")}</p>
      {props.articleId === null ? (
        <p class="muted small">{t("noPreviewArticle")}</p>
      ) : (
        // Its height is fixed, loaded or not, so that the settings below never move when the
        // preview comes in.
        <div class="template-preview">
          <span class="muted small">
            {t("templatePreview")}
            {preview?.name ? ` · ${preview.name}` : ""}
          </span>
          {preview ? (
            <pre class={preview.error ? "bad" : ""} data-testid="template-preview">
              {preview.text}
            </pre>
          ) : (
            <pre aria-busy="true" />
          )}
        </div>
      )}
    </fieldset>
  );
}
