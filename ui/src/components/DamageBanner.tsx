// The banner a damaged library shows: what it means in plain words, the newest backup with a
// way to restore it (here or from a terminal), and SQLite's own words behind a disclosure.

import { useState } from "preact/hooks";
import type { LibraryHealth } from "../api";
import { t } from "../i18n";
import { backupTime, RestoreConfirm } from "./Backups";

export function DamageBanner(props: { health: LibraryHealth; onError: (e: unknown) => void }) {
  const [asking, setAsking] = useState(false);
  const backup = props.health.last_backup;
  return (
    <div class="damage-banner" role="alert" data-testid="damage-banner">
      <p class="damage-main">
        <strong>{t("damagedPlain")}</strong> {t("damagedSafe")}
      </p>
      {backup ? (
        <p class="damage-backup">
          {t("newestBackup")}: {backupTime(backup)}{" "}
          {asking ? null : (
            <button class="small-btn" data-testid="banner-restore" onClick={() => setAsking(true)}>
              {t("restore")}…
            </button>
          )}
        </p>
      ) : (
        <p class="damage-backup">{t("noBackupToRestore")}</p>
      )}
      {asking && backup ? <RestoreConfirm backup={backup} onDone={() => setAsking(false)} onError={props.onError} /> : null}
      {backup ? (
        <p class="damage-cli">
          {t("fromTerminal")}: <code data-testid="damage-cli">zhaji restore {backup.path}</code>
        </p>
      ) : null}
      <details class="damage-details">
        <summary>{t("damageDetails")}</summary>
        <code data-testid="damage-raw">{props.health.damage}</code>
      </details>
    </div>
  );
}
