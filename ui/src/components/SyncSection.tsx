// Sync between computers: the settings' section (choose the shared folder, name this computer,
// an optional passphrase; join or leave; the devices and their last change) and the quiet
// indicator at the foot of the sidebar. Rounds run by themselves in the shell's background
// thread; both views follow its `sync-activity` events.

import { useEffect, useState } from "preact/hooks";
import { api, onSyncActivity, pickFolder, type SyncActivity, type SyncStatus } from "../api";
import { lang, t } from "../i18n";
import { syncFailureText, syncProblemShort, syncProblemText } from "../sync-problems";

/** The background rounds' state, now and after each change (null until the first answer). */
function useSyncActivity(): SyncActivity | null {
  const [activity, setActivity] = useState<SyncActivity | null>(null);
  useEffect(() => {
    let stop: (() => void) | undefined;
    let live = true;
    api.syncActivity().then((a) => live && setActivity(a), () => undefined);
    onSyncActivity((a) => live && setActivity(a)).then((u) => (live ? (stop = u) : u()), () => undefined);
    return () => {
      live = false;
      stop?.();
    };
  }, []);
  return activity;
}

/** Times written as the interface's language writes them (the system's locale for English). */
function locale(): string[] {
  return lang() === "zh" ? ["zh-CN"] : [];
}

/** A time of day, as the reader's locale writes it ("10:42"). */
function clock(rfc3339: string): string {
  const d = new Date(rfc3339);
  return Number.isNaN(d.getTime()) ? rfc3339 : d.toLocaleTimeString(locale(), { hour: "2-digit", minute: "2-digit" });
}

/** A moment, as the reader's locale writes it. */
function moment(rfc3339: string): string {
  const d = new Date(rfc3339);
  return Number.isNaN(d.getTime()) ? rfc3339 : d.toLocaleString(locale(), { dateStyle: "short", timeStyle: "short" });
}

/** "Synced 10:42", "Syncing…" or the last round's error in red; nothing when not syncing. */
export function SyncIndicator() {
  const a = useSyncActivity();
  if (!a?.joined) return null;
  // The problem in the reader's language, in few words; the tooltip has the whole sentence and
  // the core's own.
  const typed = a.error ? a.problem : (a.problems[0] ?? null);
  const detail = a.error ?? a.messages[0] ?? null;
  const problem = typed ? syncProblemShort(typed) : detail;
  const whole = typed ? [syncProblemText(typed), detail].filter(Boolean).join("\n") : detail;
  const text = a.syncing ? t("syncing") : problem ? t("syncFailedWith").replace("{problem}", problem) : a.last_round ? `${t("syncSynced")} ${clock(a.last_round)}` : t("syncing");
  return (
    <button class={`sync-indicator ${problem && !a.syncing ? "bad" : ""}`} data-testid="sync-indicator" title={whole ?? t("syncNow")} onClick={() => void api.syncNow().catch(() => undefined)}>
      {text}
    </button>
  );
}

export function SyncSection(props: { onError: (e: unknown) => void }) {
  const [status, setStatus] = useState<SyncStatus | null>(null);
  const [folder, setFolder] = useState("");
  const [name, setName] = useState("");
  const [passphrase, setPassphrase] = useState("");
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const activity = useSyncActivity();
  const reload = () => api.syncStatus().then(setStatus, props.onError);
  // The device list follows each round (its files, their last change) and each failure.
  useEffect(() => void reload(), [activity?.last_round, activity?.joined, activity?.error]);
  const run = (p: Promise<unknown>) => {
    setBusy(true);
    setProblem(null);
    p.then(
      () => reload(),
      (e: unknown) => setProblem(syncFailureText(e)),
    ).finally(() => setBusy(false));
  };
  const join = () => {
    if (!name.trim()) return setProblem(t("syncNeedsName"));
    run(api.syncJoin(folder, name.trim(), passphrase || null).then(() => setPassphrase("")));
  };
  return (
    <fieldset class="sync" data-testid="sync">
      <legend>{t("syncTitle")}</legend>
      <p class="muted small">{t("syncHint")}</p>
      {status ? (
        <>
          <p class="small" data-testid="sync-folder">
            {t("syncWith")} <code>{status.folder}</code> · {status.name}
            {status.encrypted ? ` · ${t("syncEncrypted")}` : ""}
          </p>
          {status.devices.length ? (
            <table class="sync-devices" data-testid="sync-devices">
              <caption class="muted small">{t("syncDevices")}</caption>
              <tbody>
                {status.devices.map((d) => (
                  <tr>
                    <td>
                      {d.name}
                      {d.this_device ? <span class="muted"> ({t("syncThisDevice")})</span> : null}
                    </td>
                    <td class="muted">
                      {t("syncLastAt").replace("{when}", d.last_change ? moment(d.last_change) : t("syncNoChange"))}
                      {d.unread_files ? ` · ${d.unread_files} ${t("syncUnread")}` : ""}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
          {status.messages.map((m, i) => (
            <p class="sync-problem small" title={m}>
              {status.problems[i] ? syncProblemText(status.problems[i]) : m}
            </p>
          ))}
          <div class="row-buttons">
            <button data-testid="sync-now" disabled={busy} onClick={() => run(api.syncNow())}>
              {t("syncNow")}
            </button>
            <button data-testid="sync-leave" disabled={busy} onClick={() => run(api.syncLeave())}>
              {t("syncLeave")}
            </button>
          </div>
        </>
      ) : (
        <>
          <div class="sync-field">
            <span>{t("syncFolder")}</span>
            <code data-testid="sync-folder-path">{folder}</code>
            <button data-testid="sync-choose" disabled={busy} onClick={() => pickFolder(t("syncTitle")).then((f) => f && (setFolder(f), setProblem(null)), props.onError)}>
              {t("syncChoose")}
            </button>
          </div>
          <label>
            <span>{t("syncDevice")}</span>
            <input data-testid="sync-name" value={name} onInput={(e) => setName((e.target as HTMLInputElement).value)} />
          </label>
          <label>
            <span>{t("syncPassphrase")}</span>
            <input type="password" autocomplete="new-password" data-testid="sync-passphrase" value={passphrase} onInput={(e) => setPassphrase((e.target as HTMLInputElement).value)} />
          </label>
          <div class="row-buttons">
            <button class="primary" data-testid="sync-join" disabled={busy || !folder} onClick={join}>
              {t("syncJoin")}
            </button>
          </div>
        </>
      )}
      {problem ? (
        <p class="sync-problem small" data-testid="sync-problem">
          {problem}
        </p>
      ) : null}
    </fieldset>
  );
}
