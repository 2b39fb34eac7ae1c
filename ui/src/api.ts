// The only module that talks to Tauri. Everything else in the UI calls these typed functions,
// so the rest of the code can be tested in a plain DOM and would survive a change of shell.
// The types come from ./bindings, generated from the Rust definitions (never edit those by hand).

import { convertFileSrc, invoke } from "@tauri-apps/api/core";
import { listen } from "@tauri-apps/api/event";
import { getCurrentWebview } from "@tauri-apps/api/webview";
import { open, save } from "@tauri-apps/plugin-dialog";
import { openUrl } from "@tauri-apps/plugin-opener";
import type { ApiError } from "./bindings/ApiError";
import type { AppInfo } from "./bindings/AppInfo";
import type { LibraryHealth } from "./bindings/LibraryHealth";
import type { BackupEntry } from "./bindings/BackupEntry";
import type { BackupInfo } from "./bindings/BackupInfo";
import type { Restored } from "./bindings/Restored";
import type { Article } from "./bindings/Article";
import type { ArticleMetaPatch } from "./bindings/ArticleMetaPatch";
import type { ArticleSummary } from "./bindings/ArticleSummary";
import type { Color } from "./bindings/Color";
import type { ColorLabel } from "./bindings/ColorLabel";
import type { ClipperStatus } from "./bindings/ClipperStatus";
import type { DeepLink } from "./bindings/DeepLink";
import type { ErrorKind } from "./bindings/ErrorKind";
import type { ExportOptions } from "./bindings/ExportOptions";
import type { ExportReport } from "./bindings/ExportReport";
import type { PathImport } from "./bindings/PathImport";
import type { Highlight } from "./bindings/Highlight";
import type { ImportProgress } from "./bindings/ImportProgress";
import type { HighlightSpec } from "./bindings/HighlightSpec";
import type { ImportOutcome } from "./bindings/ImportOutcome";
import type { ItemRef } from "./bindings/ItemRef";
import type { ListOptions } from "./bindings/ListOptions";
import type { ListPage } from "./bindings/ListPage";
import type { ArticlePage } from "./bindings/ArticlePage";
import type { Note } from "./bindings/Note";
import type { SearchResults } from "./bindings/SearchResults";
import type { Tag } from "./bindings/Tag";
import type { TextSpan } from "./bindings/TextSpan";
import type { TrashItem } from "./bindings/TrashItem";
import type { MdBlock } from "./bindings/MdBlock";
import type { NotebookFilter } from "./bindings/NotebookFilter";
import type { NotebookPage } from "./bindings/NotebookPage";
import type { KeptFolder } from "./bindings/KeptFolder";
import type { KeptFolderStatus } from "./bindings/KeptFolderStatus";
import type { AnnotationReport } from "./bindings/AnnotationReport";
import type { Format } from "./bindings/Format";
import type { UnmatchedImport } from "./bindings/UnmatchedImport";
import type { ExportPreview } from "./bindings/ExportPreview";
import type { ExportLang } from "./bindings/ExportLang";
import type { SyncActivity } from "./bindings/SyncActivity";
import type { SyncHistory } from "./bindings/SyncHistory";
import type { SyncReport } from "./bindings/SyncReport";
import type { SyncStatus } from "./bindings/SyncStatus";
import type { SyncProblem } from "./bindings/SyncProblem";

/** A failed command, with the kind the shell reported so callers can branch on it. */
export class ApiFailure extends Error {
  constructor(
    readonly kind: ErrorKind,
    message: string,
    /** Set when the failure is a sync problem (say it with sync-problems.ts). */
    readonly sync?: SyncProblem,
  ) {
    super(message);
  }
}

function isApiError(e: unknown): e is ApiError {
  return typeof e === "object" && e !== null && "kind" in e && "message" in e;
}

async function call<T>(cmd: string, args: Record<string, unknown> = {}): Promise<T> {
  const start = performance.now();
  try {
    return await invoke<T>(cmd, args);
  } catch (e) {
    if (isApiError(e)) throw new ApiFailure(e.kind, e.message, e.sync);
    throw new ApiFailure("internal", String(e));
  } finally {
    // Each round trip shows in the page's performance timeline (the perf test reads it), which
    // is emptied now and then so that a long session does not grow it without end.
    if (++measured % 1000 === 0) performance.clearMeasures?.();
    performance.measure?.(`ipc ${cmd}`, { start });
  }
}

let measured = 0;

export const api = {
  appInfo: () => call<AppInfo>("app_info"),
  libraryHealth: () => call<LibraryHealth>("library_health"),
  backups: () => call<BackupEntry[]>("list_backups"),
  backupNow: () => call<BackupInfo>("backup_now"),
  restoreBackup: (path: string) => call<Restored>("restore_backup", { path }),
  articles: (opts: ListOptions) => call<ArticleSummary[]>("list_articles", { opts }),
  articlePage: (opts: ListOptions, page: ListPage) => call<ArticlePage>("article_page", { opts, page }),
  article: (id: number) => call<Article>("get_article", { id }),
  findInArticle: (id: number, needle: string) => call<TextSpan[]>("find_in_article", { id, needle }),
  setArticleMeta: (id: number, patch: ArticleMetaPatch) => call<ArticleSummary>("set_article_meta", { id, patch }),
  setReadProgress: (id: number, fraction: number) => call<ArticleSummary>("set_read_progress", { id, fraction }),
  setRead: (id: number, read: boolean) => call<ArticleSummary>("set_read", { id, read }),
  /** Changes when another process (or an import) has written to the library. */
  dataVersion: () => call<number>("data_version"),
  importPasted: (text: string) => call<ImportOutcome>("import_pasted", { text }),
  importPastedHtml: (html: string) => call<ImportOutcome>("import_pasted_html", { html }),
  search: (query: string, limit = 20) => call<SearchResults>("search", { query, opts: { limit, offset: 0 } }),
  createHighlight: (spec: HighlightSpec) => call<Highlight>("create_highlight", { spec }),
  highlight: (id: number) => call<Highlight>("get_highlight", { id }),
  setHighlightColor: (id: number, color: Color) => call<Highlight>("set_highlight_color", { id, color }),
  reattachHighlight: (id: number, start: number, end: number) => call<Highlight>("reattach_highlight", { id, start, end }),
  tags: () => call<Tag[]>("list_tags"),
  addTag: (item: ItemRef, name: string) => call<void>("add_tag", { item, name }),
  removeTag: (item: ItemRef, name: string) => call<void>("remove_tag", { item, name }),
  renameTag: (from: string, to: string) => call<void>("rename_tag", { from, to }),
  setTagColor: (name: string, color: string | null) => call<void>("set_tag_color", { name, color }),
  setArticleNote: (articleId: number, body: string) => call<Note | null>("set_article_note", { article_id: articleId, body }),
  setHighlightNote: (highlightId: number, body: string) => call<Note | null>("set_highlight_note", { highlight_id: highlightId, body }),
  addPassageNote: (articleId: number, start: number, end: number, body: string) =>
    call<Note>("add_passage_note", { article_id: articleId, start, end, body }),
  editNote: (noteId: number, body: string) => call<Note>("edit_note", { note_id: noteId, body }),
  remove: (item: ItemRef) => call<void>("delete_item", { item }),
  restore: (item: ItemRef) => call<void>("restore_item", { item }),
  trash: () => call<TrashItem[]>("list_trash"),
  emptyTrash: () => call<number>("empty_trash"),
  colorLabels: () => call<ColorLabel[]>("color_labels"),
  setColorLabel: (color: Color, label: string) => call<void>("set_color_label", { color, label }),
  /** The browser extension's pairing and whether the app listens for it. */
  clipperStatus: () => call<ClipperStatus>("clipper_status"),
  /** A new pairing token (the old one stops working), on `port` when given; starts listening. */
  pairClipper: (port: number | null) => call<ClipperStatus>("pair_clipper", { port }),
  unpairClipper: () => call<ClipperStatus>("unpair_clipper"),
  /** The `zhaji://` links that came since the last call, each read (see onDeepLink). */
  takeDeepLinks: () => call<DeepLink[]>("take_deep_links"),
  exportMarkdown: (dir: string, opts: ExportOptions) => call<ExportReport>("export_markdown", { dir, opts }),
  /** The folder the library keeps up to date after changes, if any. */
  keptFolder: () => call<KeptFolder | null>("kept_folder"),
  /** The text of a template file the reader chose. */
  readTemplate: (path: string) => call<string>("read_template", { path }),
  /** One article as an export with the template file (null: the default) would write it. */
  previewExport: (articleId: number, template: string | null, lang: ExportLang) => call<ExportPreview>("preview_export", { article_id: articleId, template, lang }),
  setKeptFolder: (folder: KeptFolder | null) => call<void>("set_kept_folder", { folder }),
  /** How the last export into the kept folder went (null before the first). */
  keptFolderStatus: () => call<KeptFolderStatus | null>("kept_folder_status"),
  /** Where the library stands with its sync folder (null: it does not sync). */
  syncStatus: () => call<SyncStatus | null>("sync_status"),
  /** Joins a sync folder as the device `name`; a passphrase encrypts what is written there. */
  syncJoin: (folder: string, name: string, passphrase: string | null) => call<SyncReport>("sync_join", { folder, name, passphrase }),
  /** Stops syncing; the library keeps everything. */
  syncLeave: () => call<void>("sync_leave"),
  /** Asks for a sync round at once (rounds also run by themselves). */
  syncNow: () => call<void>("sync_now"),
  /** How the background sync rounds stand (later states come to onSyncActivity). */
  syncActivity: () => call<SyncActivity>("sync_activity"),
  /** Every value the fields of a synced highlight or note (by UUID) have had, on every device. */
  syncHistory: (uuid: string) => call<SyncHistory>("sync_history", { uuid }),
  /** For each path, the annotation format its content shows (null: an ordinary document). */
  annotationFormats: (paths: string[]) => call<(Format | null)[]>("annotation_formats", { paths }),
  /** Imports highlights exported from other tools (Kindle, Readwise, 微信读书, Hypothesis, W3C). */
  importAnnotationFiles: (paths: string[]) => call<AnnotationReport[]>("import_annotation_files", { paths }),
  unmatchedImports: () => call<UnmatchedImport[]>("unmatched_imports"),
  attachUnmatched: (id: number, articleId: number) => call<Highlight>("attach_unmatched", { id, article_id: articleId }),
  notebook: (filter: NotebookFilter, offset: number, limit: number) => call<NotebookPage>("notebook", { filter, offset, limit }),
  /** Writes the highlights `filter` finds as one Markdown file in `dir`; gives its path. */
  exportNotebook: (dir: string, title: string, filter: NotebookFilter) => call<string>("export_notebook", { dir, title, filter }),
  /** Notes' Markdown as trees to build as DOM nodes (see NoteText). */
  renderNotes: (texts: string[]) => call<MdBlock[][]>("render_notes", { texts }),
};

/** Asks the user for documents to import; an empty list when they cancel. */
/**
 * The address of a stored image (by its SHA-256): the shell serves it from the library through
 * the `zhaji-image:` scheme, so the reader never loads an image from the network.
 */
export function imageUrl(hash: string): string {
  return convertFileSrc(hash, "zhaji-image");
}

export async function pickFiles(title: string, kind: "articles" | "highlights" | "template" = "articles"): Promise<string[]> {
  // Highlights come as Kindle's My Clippings.txt, a Readwise CSV, 微信读书's text, or JSON.
  const filters = {
    articles: { name: "Articles", extensions: ["txt", "md", "markdown", "html", "htm", "epub"] },
    highlights: { name: "Highlights", extensions: ["txt", "csv", "json", "jsonld"] },
    template: { name: "Templates", extensions: ["jinja", "j2", "md", "txt"] },
  };
  const filter = filters[kind];
  const picked = await open({
    title,
    multiple: true,
    directory: false,
    filters: [filter],
  });
  if (!picked) return [];
  return Array.isArray(picked) ? picked : [picked];
}

/** Asks the user for a folder (to import or export into); null when they cancel. */
export async function pickFolder(title: string): Promise<string | null> {
  const picked = await open({ title, directory: true, multiple: false });
  return typeof picked === "string" ? picked : null;
}

/**
 * Opens a link from an article in the system browser. Only http(s) is ever opened: anything else
 * (javascript:, file:, data:) is refused here, and the capability's URL scope refuses it again.
 */
export async function openExternal(href: string): Promise<boolean> {
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return false;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return false;
  await openUrl(url.href);
  return true;
}

/** Calls `onDrop` with the paths of files dropped on the window; returns an unsubscribe function. */
export async function onFileDrop(onDrop: (paths: string[]) => void, onHover: (over: boolean) => void): Promise<() => void> {
  return getCurrentWebview().onDragDropEvent((event) => {
    const p = event.payload;
    if (p.type === "over" || p.type === "enter") onHover(true);
    else if (p.type === "leave") onHover(false);
    else if (p.type === "drop") {
      onHover(false);
      if (p.paths.length) onDrop(p.paths);
    }
  });
}

// ---- import with progress (folders, drops) ----
/** Imports files and folders; a folder reports progress to `onImportProgress` listeners. */
export const importWithProgress = (paths: string[]) => call<PathImport[]>("import_with_progress", { paths });
/** Stops the running import before its next file. */
export const cancelImport = () => call<void>("cancel_import");
/** Calls `cb` with each progress event of a running import; returns an unsubscribe function. */
export async function onImportProgress(cb: (p: ImportProgress) => void): Promise<() => void> {
  return listen<ImportProgress>("import-progress", (e) => cb(e.payload));
}
export type { ImportProgress };

/** Calls `cb` when a `zhaji://` link has come (then take it with `api.takeDeepLinks`). */
export async function onDeepLink(cb: () => void): Promise<() => void> {
  return listen("deep-link", () => cb());
}

/** Calls `cb` after each export into the kept folder; returns an unsubscribe function. */
export async function onKeptFolder(cb: (s: KeptFolderStatus) => void): Promise<() => void> {
  return listen<KeptFolderStatus>("kept-folder", (e) => cb(e.payload));
}

/** Calls `cb` as background sync rounds start and end; returns an unsubscribe function. */
export async function onSyncActivity(cb: (a: SyncActivity) => void): Promise<() => void> {
  return listen<SyncActivity>("sync-activity", (e) => cb(e.payload));
}

export type {
  SyncActivity,
  SyncHistory,
  SyncReport,
  SyncStatus,
  AppInfo,
  ClipperStatus,
  DeepLink,
  LibraryHealth,
  BackupEntry,
  BackupInfo,
  Article,
  ArticleSummary,
  Color,
  ColorLabel,
  ErrorKind,
  ExportReport,
  ExportOptions,
  KeptFolder,
  KeptFolderStatus,
  AnnotationReport,
  UnmatchedImport,
  PathImport,
  Highlight,
  ItemRef,
  ListOptions,
  Note,
  SearchResults,
  Tag,
  TrashItem,
};

// ---- the debate: suggestions, who & what, claims, briefs ----

import type { BriefFile } from "./bindings/BriefFile";
import type { Claim } from "./bindings/Claim";
import type { ClaimView } from "./bindings/ClaimView";
import type { EntityMentions } from "./bindings/EntityMentions";
import type { EntryKind } from "./bindings/EntryKind";
import type { Evidence } from "./bindings/Evidence";
import type { EvidenceRole } from "./bindings/EvidenceRole";
import type { Figure } from "./bindings/Figure";
import type { TagSuggestion } from "./bindings/TagSuggestion";
import type { WhoAndWhat } from "./bindings/WhoAndWhat";

export const debateApi = {
  suggestForHighlight: (highlightId: number) => call<TagSuggestion[]>("suggest_tags_for_highlight", { highlight_id: highlightId }),
  suggest: (articleId: number, start: number, end: number) => call<TagSuggestion[]>("suggest_tags", { article_id: articleId, start, end }),
  whoAndWhat: (articleId: number) => call<WhoAndWhat>("who_and_what", { article_id: articleId }),
  claims: () => call<Claim[]>("list_claims"),
  claim: (id: number) => call<ClaimView>("get_claim", { id }),
  createClaim: (text: string) => call<Claim>("create_claim", { text }),
  renameClaim: (id: number, text: string) => call<Claim>("rename_claim", { id, text }),
  link: (claimId: number, highlightId: number, role: EvidenceRole, note: string | null) =>
    call<Evidence>("link_evidence", { claim_id: claimId, highlight_id: highlightId, role, note }),
  unlink: (claimId: number, highlightId: number) => call<void>("unlink_evidence", { claim_id: claimId, highlight_id: highlightId }),
  /** To the trash; `api.restore({kind: "claim", id})` brings it back with its links. */
  deleteClaim: (id: number) => call<void>("delete_item", { item: { kind: "claim", id } }),
  exportClaimBrief: (id: number, path: string) => call<BriefFile>("export_claim_brief", { id, path }),
  exportTagBrief: (name: string, path: string) => call<BriefFile>("export_tag_brief", { name, path }),
};

/**
 * Asks the user where to save a Markdown file; null when they cancel.
 *
 * The end-to-end test cannot drive the native (GTK) dialog, and Tauri freezes its IPC functions,
 * so WebDriver answers the dialog by setting `window.__zhajiE2eSavePath` (taken once). Nothing in
 * the app sets it, and it grants nothing new: page code can call the export commands with any
 * path anyway.
 */
export async function pickSaveFile(title: string, defaultPath: string): Promise<string | null> {
  const w = window as { __zhajiE2eSavePath?: string };
  if (typeof w.__zhajiE2eSavePath === "string") {
    const path = w.__zhajiE2eSavePath;
    delete w.__zhajiE2eSavePath;
    return path;
  }
  const picked = await save({ title, defaultPath, filters: [{ name: "Markdown", extensions: ["md"] }] });
  return typeof picked === "string" ? picked : null;
}

export type { BriefFile, Claim, ClaimView, EntityMentions, EntryKind, Evidence, EvidenceRole, Figure, TagSuggestion, WhoAndWhat };
