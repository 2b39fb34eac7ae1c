// The library's backups in the settings: the list (date, size, articles), a backup made now,
// and a restore that asks first and says the current library is kept aside.

import { useEffect, useState } from "preact/hooks";
import { api, type BackupEntry, type BackupInfo } from "../api";
import { t } from "../i18n";
import { savePlace } from "../settings";

/** A backup's time in the reader's own time zone, to the minute. */
export function backupTime(b: BackupInfo): string {
  const d = new Date(b.created);
  if (Number.isNaN(d.getTime())) return b.created;
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

function size(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function fileName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

/** Restores `path`, then loads the app again on the restored library (from the library list). */
export async function restoreAndReload(path: string): Promise<void> {
  await api.restoreBackup(path);
  savePlace({ articleId: null, scroll: 0 });
  location.reload();
}

/** The question asked before a restore: what comes back, and that nothing is deleted. */
export function RestoreConfirm(props: { backup: BackupInfo; onDone: () => void; onError: (e: unknown) => void }) {
  const [busy, setBusy] = useState(false);
  return (
    <div class="restore-confirm" role="alertdialog" data-testid="restore-confirm">
      <p>
        {t("restoreAsk")} <strong>{backupTime(props.backup)}</strong>? {t("restoreKeptAside")}
      </p>
      <div class="row-buttons">
        <button
          class="primary"
          data-testid="confirm-restore"
          disabled={busy}
          onClick={() => {
            setBusy(true);
            restoreAndReload(props.backup.path).catch((e) => {
              setBusy(false);
              props.onError(e);
            });
          }}
        >
          {busy ? t("restoring") : t("restore")}
        </button>
        <button onClick={props.onDone} disabled={busy}>
          {t("cancel")}
        </button>
      </div>
    </div>
  );
}

export function BackupsSection(props: { onError: (e: unknown) => void }) {
  const [entries, setEntries] = useState<BackupEntry[] | null>(null);
  const [asking, setAsking] = useState<string | null>(null);
  const [making, setMaking] = useState(false);
  const load = () => api.backups().then(setEntries, props.onError);
  useEffect(() => void load(), []);
  const last = entries?.[0]?.backup;
  return (
    <fieldset class="backups" data-testid="backups">
      <legend>{t("backups")}</legend>
      <p class="muted small" data-testid="last-backup">
        {entries === null ? "…" : last ? `${t("lastBackup")}: ${backupTime(last)}` : t("noBackupYet")}
      </p>
      {entries?.length ? (
        <ul class="backup-list">
          {entries.map((e) => (
            <li key={e.backup.path} data-testid="backup-item">
              <div class="backup-row">
                <span class="backup-when">{backupTime(e.backup)}</span>
                <span class="muted small" title={e.backup.path}>
                  {size(e.backup.bytes)}
                  {e.articles !== null ? ` · ${e.articles} ${t("articlesCount")}` : ""} · {t(reasonKey(e.backup.reason))}
                </span>
                <button class="small-btn" data-testid="restore-backup" onClick={() => setAsking(e.backup.path)}>
                  {t("restore")}…
                </button>
              </div>
              {asking === e.backup.path ? <RestoreConfirm backup={e.backup} onDone={() => setAsking(null)} onError={props.onError} /> : null}
            </li>
          ))}
        </ul>
      ) : null}
      <div class="row-buttons">
        <button
          data-testid="backup-now"
          disabled={making}
          onClick={() => {
            setMaking(true);
            api
              .backupNow()
              .then(load, props.onError)
              .finally(() => setMaking(false));
          }}
        >
          {making ? t("backingUp") : t("backupNow")}
        </button>
        {last ? <span class="muted small backup-folder">{fileName(last.path.replace(/[\\/][^\\/]*$/, ""))}</span> : null}
      </div>
    </fieldset>
  );
}

function reasonKey(reason: string): "backupDaily" | "backupManual" | "backupMigration" {
  if (reason === "daily") return "backupDaily";
  if (reason === "manual") return "backupManual";
  return "backupMigration";
}
