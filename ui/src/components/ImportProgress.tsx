// A folder import in progress (a bar, the file being read, Cancel) and, when it ends, its
// summary: imported, already present, updated, and every file that failed with the reason.

import type { PathImport, ImportProgress } from "../api";
import { t } from "../i18n";
import { imagesNotKept, importWarnings } from "../image-notes";

/** A file's name, or a link whole (its last segment alone says little). */
const base = (p: string) => (/^https?:\/\//i.test(p) ? p : (p.split(/[\\/]/).pop() ?? p));

export function ImportProgressBar(props: { progress: ImportProgress | null; cancelling: boolean; onCancel: () => void }) {
  const p = props.progress;
  const pct = p && p.total ? Math.round((100 * p.done) / p.total) : 0;
  return (
    <div class="import-progress" role="status" data-testid="import-progress">
      <div class="ip-head">
        <strong>{props.cancelling ? t("cancelling") : t("importing")}</strong>
        <span class="muted small">{p ? `${p.done} / ${p.total}` : ""}</span>
        <span class="spacer" />
        <button onClick={props.onCancel} disabled={props.cancelling} data-testid="import-cancel">
          {t("cancel")}
        </button>
      </div>
      <div class="ip-bar">
        <div class="ip-fill" style={{ width: `${pct}%` }} />
      </div>
      <div class="ip-current muted small" title={p?.current}>
        {p ? base(p.current) : "…"}
      </div>
    </div>
  );
}

export function ImportSummary(props: { results: PathImport[]; onClose: () => void }) {
  const folders = props.results.flatMap((r) => (r.folder ? [r.folder] : []));
  const files = props.results.filter((r) => !r.folder);
  const count = (k: "imported" | "already_present" | "updated") =>
    folders.reduce((n, f) => n + f[k], 0) +
    files.filter((r) => r.outcome && (k === "imported" ? r.outcome.status.type === "imported" : r.outcome.status.type === k)).length;
  const failed = [
    ...folders.flatMap((f) => f.failed.map((x) => ({ path: x.path, reason: x.reason }))),
    ...files.flatMap((r) => (r.error ? [{ path: r.path, reason: r.error.message }] : [])),
  ];
  const cancelled = folders.some((f) => f.cancelled);
  const found = folders.reduce((n, f) => n + f.found, 0) + files.length;
  const images = imagesNotKept(importWarnings(props.results));
  return (
    <div class="overlay" onMouseDown={(e) => e.target === e.currentTarget && props.onClose()}>
      <div class="sheet import-summary" role="dialog" aria-label={t("importDone")} data-testid="import-summary">
        <header class="sheet-head">
          <h2>{cancelled ? t("importCancelled") : t("importDone")}</h2>
          <button class="icon-btn" onClick={props.onClose} aria-label={t("ok")}>
            ×
          </button>
        </header>
        <ul class="is-counts">
          <li>
            <b>{found}</b> {t("summaryFound")}
          </li>
          <li data-testid="is-imported">
            <b>{count("imported")}</b> {t("summaryImported")}
          </li>
          <li>
            <b>{count("already_present")}</b> {t("summaryAlreadyPresent")}
          </li>
          <li>
            <b>{count("updated")}</b> {t("summaryUpdated")}
          </li>
          {failed.length ? (
            <li class="is-bad">
              <b>{failed.length}</b> {t("summaryFailed")}
            </li>
          ) : null}
        </ul>
        {failed.length ? (
          <ul class="is-failures" data-testid="import-failures">
            {failed.map((f) => (
              <li title={f.path}>
                <span class="is-file">{base(f.path)}</span>
                <span class="is-reason">{f.reason}</span>
              </li>
            ))}
          </ul>
        ) : null}
        {images ? (
          <p class="is-images" data-testid="import-images-not-kept">
            {images}
          </p>
        ) : null}
        <footer class="is-foot">
          <button class="primary" onClick={props.onClose} data-testid="import-summary-ok">
            {t("ok")}
          </button>
        </footer>
      </div>
    </div>
  );
}
