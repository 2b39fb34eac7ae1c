// Sync problems in the reader's language. The core sends each one typed (`SyncProblem`), naming
// the folder or device at fault, beside its English sentence; this is the one place that turns
// the type into words, so a rewording in the core can never hide a message.

import type { SyncProblem } from "./bindings/SyncProblem";
import { t } from "./i18n";

/** `key`'s sentence with each `{name}` replaced by `values[name]`. */
function fill(key: Parameters<typeof t>[0], values: Record<string, string | number>): string {
  return t(key).replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

/** The problem as a sentence in the interface's language. */
export function syncProblemText(p: SyncProblem): string {
  switch (p.type) {
    case "folder_missing":
      return fill("syncFolderMissing", p);
    case "wrong_passphrase":
      return fill("syncWrongPassphrase", p);
    case "passphrase_needed":
      return fill("syncPassphraseNeeded", p);
    case "not_encrypted":
      return fill("syncNotEncrypted", p);
    case "already_joined":
      return fill("syncAlreadyJoined", p);
    case "not_joined":
      return t("syncNotJoined");
    case "device_name":
      return t("syncDeviceName");
    case "newer_zhaji":
      return fill("syncNewerZhaji", p);
    case "other_key":
      return fill("syncOtherKey", p);
    case "unreadable_change":
      return fill("syncUnreadableChange", p);
  }
}

/** The problem in few words, for the status line at the foot of the sidebar (the whole sentence
 * goes in its tooltip): a folder's path is long and says little there. */
export function syncProblemShort(p: SyncProblem): string {
  return p.type === "folder_missing" ? t("syncFolderMissingShort") : syncProblemText(p);
}

/** What a failed sync command says: its problem in the reader's language, else its message. */
export function syncFailureText(e: unknown): string {
  if (typeof e === "object" && e !== null && "sync" in e && e.sync) return syncProblemText(e.sync as SyncProblem);
  return e instanceof Error ? e.message : String(e);
}
