// Sync problems in the reader's language. The core sends each one typed (`SyncProblem`), naming
// the folder or device at fault, beside its English sentence; this is the one place that turns
// the type into words, so a rewording in the core can never hide a message.

import type { SyncProblem } from "./bindings/SyncProblem";
import { t } from "./i18n";

/** `key`'s sentence with each `{name}` replaced by `values[name]`. */
function fill(key: Parameters<typeof t>[0], values: Record<string, string | number>): string {
  return t(key).replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

/** The sentence of each problem; `{name}` stands for the problem's field `name`. */
const SENTENCES = {
  folder_missing: "syncFolderMissing",
  wrong_passphrase: "syncWrongPassphrase",
  passphrase_needed: "syncPassphraseNeeded",
  not_encrypted: "syncNotEncrypted",
  already_joined: "syncAlreadyJoined",
  not_joined: "syncNotJoined",
  device_name: "syncDeviceName",
  newer_zhaji: "syncNewerZhaji",
  other_key: "syncOtherKey",
  unreadable_change: "syncUnreadableChange",
  image_skipped: "syncImageSkipped",
  unreadable_saved_form: "syncUnreadableSavedForm",
} as const satisfies Record<SyncProblem["type"], Parameters<typeof t>[0]>;

/** The problem as a sentence in the interface's language. */
export function syncProblemText(p: SyncProblem): string {
  return fill(SENTENCES[p.type], p);
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
