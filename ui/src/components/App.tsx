// The app: which screen is shown (library or reader), the overlays, the toast with undo, and
// the keys that work everywhere.

import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import { api, ApiFailure, cancelImport, importWithProgress, onDeepLink, onFileDrop, onImportProgress, pickFiles, pickFolder, type AppInfo, type LibraryHealth, type Article, type ColorLabel, type ExportReport, type ExportOptions, type KeptFolder, type KeptFolderStatus, type AnnotationReport, onKeptFolder, type PathImport, type ImportProgress, type SearchResults, type Tag, type TrashItem } from "../api";
import type { SearchHit } from "../bindings/SearchHit";
import type { Span } from "../selection";
import type { ListOptions } from "../bindings/ListOptions";
import { ArticleList } from "../article-list";
import { lang, setLang, systemLang, t } from "../i18n";
import { hasModifier, isCommand, isTyping } from "../keys";
import { applySettings, loadPlace, loadSettings, savePlace, saveSettings, type Settings } from "../settings";
import { Library, type LibraryPane } from "./Library";
import { ExportPanel, HelpOverlay, LinkDialog, PasteDialog, SettingsPanel, Toast, type ToastState } from "./Panels";
import { isWebLink } from "../links";
import { imagesNotKept, importWarnings } from "../image-notes";
import { Reader } from "./Reader";
import { recovered } from "../recovery";
import { Recovery } from "./Recovery";
import { ImportProgressBar, ImportSummary } from "./ImportProgress";
import { Palette } from "./Palette";
import { DamageBanner } from "./DamageBanner";
import { DeepLinkConfirm } from "./DeepLinkConfirm";
import { HighlightImportSummary, KeptFolderLine } from "./Vault";

type OverlayKind = "help" | "settings" | "paste" | "link" | null;

export function App() {
  const [settings, setSettings] = useState<Settings>(loadSettings);
  const [, rerender] = useState(0);
  const [opts, setOpts] = useState<ListOptions>({ sort: "imported", ascending: false, tag: null });
  const [pane, setPane] = useState<LibraryPane>({ kind: "articles", tag: null });
  const [tags, setTags] = useState<Tag[]>([]);
  const [trash, setTrash] = useState<TrashItem[]>([]);
  const [labels, setLabels] = useState<ColorLabel[]>([]);
  const [article, setArticle] = useState<Article | null>(null);
  const [overlay, setOverlay] = useState<OverlayKind>(null);
  const [report, setReport] = useState<ExportReport | null>(null);
  // The options of the library export whose report is shown (null for one article's export).
  const [reportOpts, setReportOpts] = useState<ExportOptions | null>(null);
  // The folder kept up to date after changes, how its last export went, and the reports of an
  // import of highlights from other tools.
  const [kept, setKept] = useState<KeptFolder | null>(null);
  const [keptStatus, setKeptStatus] = useState<KeptFolderStatus | null>(null);
  const [highlightReports, setHighlightReports] = useState<AnnotationReport[] | null>(null);
  const [toast, setToast] = useState<ToastState | null>(null);
  const [dropping, setDropping] = useState(false);
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [health, setHealth] = useState<LibraryHealth | null>(null);
  const [query, setQuery] = useState("");
  const [results, setResults] = useState<SearchResults | null>(null);
  const [flashAt, setFlashAt] = useState<Span | null>(null);
  // The search palette, and an import running with its progress bar and then its summary.
  const [palette, setPalette] = useState(false);
  const [importing, setImporting] = useState<{ progress: ImportProgress | null; cancelling: boolean } | null>(null);
  const [summary, setSummary] = useState<PathImport[] | null>(null);
  // A page a `zhaji://import` link asks to add, waiting for the reader's yes.
  const [askImport, setAskImport] = useState<string | null>(null);
  useEffect(() => {
    let stop: (() => void) | undefined;
    onImportProgress((p) => setImporting((i) => (i ? { ...i, progress: p } : i))).then((s) => (stop = s), () => undefined);
    return () => stop?.();
  }, []);
  const place = useRef(loadPlace());
  const toastTimer = useRef(0);

  setLang(settings.lang ?? systemLang());

  const show = (tst: ToastState) => {
    setToast(tst);
    window.clearTimeout(toastTimer.current);
    toastTimer.current = window.setTimeout(() => setToast(null), tst.undo ? 8000 : 4000);
  };
  const fail = useCallback((e: unknown) => {
    const message = e instanceof ApiFailure || e instanceof Error ? e.message : String(e);
    show({ message, error: true });
  }, []);

  // The article list, read a page at a time as the library window shows it.
  const [list] = useState(() => new ArticleList(api.articlePage, opts, (e) => fail(e)));
  // The list (in its current order and filter) read again after a change: the pages in view.
  const loadList = useCallback(() => list.reload(), []);
  const loadTags = useCallback(() => api.tags().then(setTags, fail), []);
  const loadTrash = useCallback(() => api.trash().then(setTrash, fail), []);

  const openArticle = useCallback(async (id: number, scroll = 0) => {
    try {
      const a = await api.article(id);
      place.current = { articleId: id, scroll };
      savePlace(place.current);
      setArticle(a);
    } catch (e) {
      place.current = { articleId: null, scroll: 0 };
      savePlace(place.current);
      if (!(e instanceof ApiFailure && e.kind === "not_found")) fail(e);
    }
  }, []);

  // How far the reader got is saved a moment after scrolling stops (the core keeps the furthest
  // point; the last few pixels count as the end, which marks the article as read).
  const progressTimer = useRef(0);
  const saveProgress = (id: number, fraction: number) => {
    window.clearTimeout(progressTimer.current);
    progressTimer.current = window.setTimeout(() => {
      api.setReadProgress(id, fraction > 0.985 ? 1 : fraction).then(
        (s) => setArticle((now) => (now && now.summary.id === id ? { ...now, summary: s } : now)),
        fail,
      );
    }, 600);
  };

  // `zhaji://` links from outside: an import is asked about first; a link to an article,
  // highlight or note opens the reader there.
  const takeLinks = useCallback(() => {
    api.takeDeepLinks().then((links) => {
      for (const l of links) {
        if (l.kind === "import") setAskImport(l.url);
        else if (l.kind === "open") {
          const { start, end, article_id } = l.target;
          setFlashAt(start !== null && end !== null ? { start, end } : null);
          void openArticle(article_id);
        } else fail(new Error(`${l.link}: ${l.message}`));
      }
    }, fail);
  }, []);
  useEffect(() => {
    let stop: (() => void) | undefined;
    // Taken once listening, so that a link coming in between is not missed.
    onDeepLink(takeLinks).then(
      (s) => {
        stop = s;
        takeLinks();
      },
      () => undefined,
    );
    return () => stop?.();
  }, []);

  const closeArticle = useCallback(() => {
    setArticle(null);
    setFlashAt(null);
    place.current = { articleId: null, scroll: 0 };
    savePlace(place.current);
    void loadList();
  }, [opts]);

  useEffect(() => {
    applySettings(settings);
    saveSettings(settings);
    // "System" follows the desktop's light/dark switch while the app runs.
    const media = matchMedia("(prefers-color-scheme: dark)");
    const follow = () => applySettings(settings);
    media.addEventListener("change", follow);
    return () => media.removeEventListener("change", follow);
  }, [settings]);

  // First load: the list, the tags, the colour names, and the article the user left open.
  useEffect(() => {
    // Not after a second crash in a row: the article may be what makes the page crash.
    const restore = place.current.articleId !== null && !recovered?.again ? openArticle(place.current.articleId, place.current.scroll) : Promise.resolve();
    // `data-ready` tells tests (and nothing else) that the first screen is complete: the list's
    // first page, the trash and the article left open. The tag tree follows the list (its counts
    // are a pass over every tag's links, 200 ms at 100,000 articles, which the list should not
    // wait behind: commands take the library one at a time).
    const first = loadList();
    void first.finally(() => loadTags());
    void Promise.allSettled([first, loadTrash(), restore]).then(() => {
      document.documentElement.dataset.ready = "1";
      performance.mark?.("zh-ready");
    });
    api.colorLabels().then(setLabels, fail);
    api.appInfo().then(setInfo, () => undefined);
    api.libraryHealth().then(setHealth, () => undefined);
    api.keptFolder().then(setKept, () => undefined);
    api.keptFolderStatus().then(setKeptStatus, () => undefined);
  }, []);

  // Each export into the kept folder reports here; one that leaves conflicts says so at once.
  useEffect(() => {
    let stop: (() => void) | undefined;
    onKeptFolder((s) => {
      setKeptStatus(s);
      if (s.conflicts.length) show({ message: `${s.conflicts.length} ${t("keptConflicts")}: ${s.conflicts.map((c) => c.split(/[\\/]/).pop()).join(", ")}`, error: true });
    }).then((u) => (stop = u), () => undefined);
    return () => stop?.();
  }, []);

  // The library may change under the app: the command line tags or imports while it is open. The
  // core's data version (one PRAGMA) is polled each second while the window is shown; when it has
  // moved, the list, the tags and the trash are read again, and the open article if it changed.
  // Nothing is remounted: the list keeps its scroll and cursor, the reader its place, selection
  // and open editor.
  const liveView = useRef({ article });
  liveView.current = { article };
  useEffect(() => {
    let seen: number | null = null;
    let busy = false;
    const poll = async () => {
      if (busy || document.hidden) return;
      busy = true;
      try {
        const v = await api.dataVersion();
        if (seen !== null && v !== seen) await refreshFromOutside();
        seen = v;
      } catch {
        // A failed poll is retried at the next tick; the user's own actions report their errors.
      } finally {
        busy = false;
      }
    };
    const refreshFromOutside = async () => {
      const { article } = liveView.current;
      const [, tagList, trashList, open] = await Promise.all([
        list.reload(),
        api.tags(),
        api.trash(),
        article ? api.article(article.summary.id).catch(() => null) : Promise.resolve(null),
      ]);
      setTags(tagList);
      setTrash(trashList);
      // The open article is replaced only if something in it changed (a highlight, a note, a tag
      // or its text), and only if it is still the one open.
      if (open) setArticle((now) => (now && now.summary.id === open.summary.id && JSON.stringify(now) !== JSON.stringify(open) ? open : now));
      document.documentElement.dataset.refreshed = String(Number(document.documentElement.dataset.refreshed ?? 0) + 1);
    };
    const timer = window.setInterval(() => void poll(), 1000);
    void poll();
    return () => window.clearInterval(timer);
  }, []);

  // Later changes of sort or filter list the articles again from the top; the first page is the
  // first load's.
  const firstOpts = useRef(opts);
  useEffect(() => {
    if (opts !== firstOpts.current) void list.setOpts(opts);
  }, [opts]);

  // Search as the user types, a moment after they pause.
  useEffect(() => {
    const q = query.trim();
    if (!q) return setResults(null);
    const timer = window.setTimeout(() => api.search(q).then(setResults, fail), 150);
    return () => window.clearTimeout(timer);
  }, [query]);

  const openHit = async (hit: SearchHit) => {
    // A hit listed by filters alone has no match: a highlight's is then its own start.
    const m = hit.article_matches[0] ?? (hit.kind === "highlight" && hit.article_offset !== null ? { start: hit.article_offset, end: hit.article_offset + 1 } : undefined);
    setFlashAt(m ? { start: m.start, end: m.end } : null);
    await openArticle(hit.article_id);
  };

  const setLibraryPane = (p: LibraryPane) => {
    // Choosing a pane in the sidebar leaves the search.
    setQuery("");
    setPane(p);
    if (p.kind === "articles") setOpts({ ...opts, tag: p.tag });
    if (p.kind === "trash") void loadTrash();
    if (p.kind === "tags") void loadTags();
  };

  const reportImports = async (results: PathImport[]) => {
    const ok = results.filter((r) => r.outcome);
    const folders = results.flatMap((r) => (r.folder ? [r.folder] : []));
    const done = ok.length + folders.reduce((n, f) => n + f.imported + f.updated + f.already_present, 0);
    const bad = [
      // A link's error already starts with the link.
      ...results.flatMap((r) => (r.error ? [/^https?:\/\//i.test(r.path) ? r.error.message : `${r.path.split(/[\\/]/).pop()} — ${r.error.message}`] : [])),
      ...folders.flatMap((f) => f.failed.map((x) => `${x.path.split(/[\\/]/).pop()} — ${x.reason}`)),
    ];
    const parts = [];
    if (done) parts.push(`${t("imported")}: ${done}`);
    if (bad.length) parts.push(`${t("failed")}: ${bad.slice(0, 3).join("; ")}${bad.length > 3 ? ` (+${bad.length - 3})` : ""}`);
    const images = imagesNotKept(importWarnings(results));
    if (images) parts.push(images);
    show({ message: parts.join(" · "), error: bad.length > 0 && done === 0 });
    await loadList();
    void loadTags();
    if (ok.length === 1 && folders.length === 0) await openArticle(ok[0].outcome!.article.id);
  };

  // Highlights exported from other tools: imported onto their articles, then a summary with
  // the ones that matched no article.
  const importHighlights = async (paths: string[]) => {
    setImporting({ progress: null, cancelling: false });
    try {
      setHighlightReports(await api.importAnnotationFiles(paths));
      if (article) setArticle(await api.article(article.summary.id));
      await loadList();
      void loadTags();
    } catch (e) {
      fail(e);
    } finally {
      setImporting(null);
    }
  };

  const importHighlightsDialog = async () => {
    try {
      const paths = await pickFiles(t("importHighlightsTitle"), "highlights");
      if (paths.length) await importHighlights(paths);
    } catch (e) {
      fail(e);
    }
  };

  const importPaths = async (all: string[]) => {
    // Annotation files (My Clippings.txt, a Readwise CSV…) are recognised by their content and
    // bring highlights; everything else becomes articles.
    const formats = await api.annotationFormats(all).catch(() => all.map(() => null));
    const notes = all.filter((_, i) => formats[i]);
    const paths = all.filter((_, i) => !formats[i]);
    if (notes.length) await importHighlights(notes);
    if (!paths.length) return;
    // Folders (chosen or dropped) import with a progress bar and end with a summary.
    setImporting({ progress: null, cancelling: false });
    try {
      const results = await importWithProgress(paths);
      if (results.some((r) => r.folder)) {
        setSummary(results);
        await loadList();
        void loadTags();
      } else await reportImports(results);
    } catch (e) {
      fail(e);
    } finally {
      setImporting(null);
    }
  };

  const importDialog = async () => {
    try {
      const paths = await pickFiles(t("import"));
      if (paths.length) await importPaths(paths);
    } catch (e) {
      fail(e);
    }
  };

  const importFolderDialog = async () => {
    try {
      const dir = await pickFolder(t("importFolder"));
      if (dir) await importPaths([dir]);
    } catch (e) {
      fail(e);
    }
  };

  const importText = async (text: string, html = "") => {
    try {
      // A selection copied from a browser carries HTML too: its structure (headings, lists) is
      // worth keeping, and the core reduces it to text either way.
      const outcome = html.trim() ? await api.importPastedHtml(html) : await api.importPasted(text);
      setOverlay(null);
      const images = imagesNotKept(outcome.warnings);
      const done = outcome.status.type === "already_present" ? t("alreadyPresent") : t("imported");
      show({ message: images ? `${done} · ${images}` : done });
      await loadList();
      await openArticle(outcome.article.id);
    } catch (e) {
      fail(e);
    }
  };

  const exportTo = async (ids: number[]) => {
    try {
      const dir = await pickFolder(ids.length ? t("exportArticle") : t("exportAll"));
      if (!dir) return;
      const template = settings.exportTemplate ? await api.readTemplate(settings.exportTemplate) : undefined;
      const options: ExportOptions = { articles: ids, all: settings.exportEvery, lang: lang(), template };
      const r = await api.exportMarkdown(dir, options);
      setReportOpts(ids.length ? null : options);
      setReport(r);
    } catch (e) {
      fail(e);
    }
  };

  // Files dropped anywhere on the window are imported. Listened to once for the window's life
  // (through a ref to the current handler), so that no drop falls between an unlisten and a
  // listen; `data-drop-ready` tells tests (and nothing else) that the listener is in place.
  const onDropRef = useRef(importPaths);
  onDropRef.current = importPaths;
  useEffect(() => {
    let stop: (() => void) | undefined;
    onFileDrop((paths) => void onDropRef.current(paths), setDropping).then(
      (s) => {
        stop = s;
        document.documentElement.dataset.dropReady = "1";
      },
      () => undefined,
    );
    return () => stop?.();
  }, []);

  // Ctrl+V in the library (not in a text field) turns the clipboard's text into an article.
  useEffect(() => {
    const onPaste = (e: ClipboardEvent) => {
      if (article || overlay || isTyping(e)) return;
      const text = e.clipboardData?.getData("text/plain") ?? "";
      const html = e.clipboardData?.getData("text/html") ?? "";
      e.preventDefault();
      // A link alone is captured: the page is fetched, with progress and a way to cancel.
      if (isWebLink(text)) void importPaths([text.trim()]);
      else if (text.trim() || html.trim()) void importText(text, html);
      else show({ message: t("pasteEmpty") });
    };
    document.addEventListener("paste", onPaste);
    return () => document.removeEventListener("paste", onPaste);
  }, [article, overlay, opts]);

  // "Keep this folder up to date" in the export's report: the folder and the export's options
  // become the library's kept folder (or none).
  const keepFolder = async (folder: KeptFolder | null) => {
    try {
      await api.setKeptFolder(folder);
      setKept(folder);
      setKeptStatus(null);
    } catch (e) {
      fail(e);
    }
  };

  const undo = async () => {
    const u = toast?.undo;
    setToast(null);
    if (!u) return;
    try {
      await u();
      if (article) setArticle(await api.article(article.summary.id));
      void loadList();
      void loadTrash();
    } catch (e) {
      fail(e);
    }
  };

  const changeSettings = (s: Settings) => {
    setSettings(s);
    setLang(s.lang ?? systemLang());
    rerender((n) => n + 1);
  };

  // Keys that work on every screen. The reader's own keys (colours, t, n, Delete) live in Reader.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (isCommand(e, "k")) {
        e.preventDefault(); // the search palette, from every screen
        return setPalette((p) => !p);
      }
      if (e.key === "Escape") {
        if (summary) return setSummary(null);
        if (overlay) return setOverlay(null);
        if (highlightReports) return setHighlightReports(null);
        if (report) return setReport(null);
        if (article && !document.querySelector(".popover")) return closeArticle();
        return;
      }
      if (isTyping(e)) return;
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === "z") {
        if (toast?.undo) {
          e.preventDefault();
          void undo();
        }
        return;
      }
      if (hasModifier(e)) return;
      const s = settings;
      switch (e.key) {
        case "?":
          setOverlay(overlay === "help" ? null : "help");
          break;
        case ",":
          setOverlay("settings");
          break;
        case "d":
          changeSettings({ ...s, theme: document.documentElement.dataset.theme === "dark" ? "light" : "dark" });
          break;
        case "+":
        case "=":
          changeSettings({ ...s, fontSize: Math.min(26, s.fontSize + 1) });
          break;
        case "-":
          changeSettings({ ...s, fontSize: Math.max(14, s.fontSize - 1) });
          break;
        case "[":
          changeSettings({ ...s, width: Math.max(28, s.width - 2) });
          break;
        case "]":
          changeSettings({ ...s, width: Math.min(56, s.width + 2) });
          break;
        case "i":
          if (!article) void importDialog();
          break;
        case "/":
          if (article) return;
          document.querySelector<HTMLInputElement>("[data-testid=search]")?.focus();
          break;
        case "b":
          if (article) closeArticle();
          break;
        case "e":
          void exportTo(article ? [article.summary.id] : []);
          break;
        default:
          return;
      }
      e.preventDefault();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [overlay, report, article, toast, settings, opts, summary, highlightReports]);

  return (
    <div class={`app ${kept ? "has-kept" : ""}`} data-lang={lang()}>
      {article ? (
        <div class="reader-shell">
          <header class="toolbar reader-bar">
            <button class="link-btn back" onClick={closeArticle} data-testid="back">
              ← {t("back")}
            </button>
            <span class="bar-title">{article.summary.meta.title}</span>
            <span class="spacer" />
            <button class="icon-btn" title="−" onClick={() => changeSettings({ ...settings, fontSize: Math.max(14, settings.fontSize - 1) })}>
              A−
            </button>
            <button class="icon-btn" title="+" onClick={() => changeSettings({ ...settings, fontSize: Math.min(26, settings.fontSize + 1) })}>
              A+
            </button>
            <button class="icon-btn" title={t("theme")} onClick={() => changeSettings({ ...settings, theme: document.documentElement.dataset.theme === "dark" ? "light" : "dark" })}>
              ◐
            </button>
            <button onClick={() => exportTo([article.summary.id])}>{t("exportArticle")}</button>
            <button class="icon-btn" title={t("settings")} onClick={() => setOverlay("settings")}>
              ⚙
            </button>
          </header>
          <Reader
            key={article.summary.id}
            article={article}
            onArticle={setArticle}
            labels={labels}
            tags={tags}
            onTagsChanged={loadTags}
            onDeleted={(message, u) => {
              show({ message, undo: u });
              void loadTrash();
            }}
            onError={fail}
            initialScroll={place.current.articleId === article.summary.id ? place.current.scroll : 0}
            flashAt={flashAt}
            onRefresh={(link) => void importPaths([link])}
            onScroll={(scroll) => {
              place.current = { articleId: article.summary.id, scroll };
              savePlace(place.current);
              saveProgress(article.summary.id, scroll);
            }}
            onMeta={(summary) => setArticle((now) => (now && now.summary.id === summary.id ? { ...now, summary } : now))}
            keysEnabled={!overlay && !report && !palette}
            widenPunctuation={settings.cjkPunct}
          />
        </div>
      ) : (
        <Library
          pane={pane}
          onPane={setLibraryPane}
          list={list}
          opts={opts}
          onOpts={setOpts}
          tags={tags}
          trash={trash}
          onOpen={(id) => void openArticle(id)}
          density={settings.density}
          onRead={(id, read) =>
            api.setRead(id, read).then((s) => list.patch(s), fail)
          }
          onImport={importDialog}
          onImportFolder={importFolderDialog}
          onImportHighlights={importHighlightsDialog}
          onPaste={() => setOverlay("paste")}
          onLink={() => setOverlay("link")}
          query={query}
          onQuery={setQuery}
          results={results}
          onHit={(hit) => void openHit(hit)}
          onExportAll={() => exportTo([])}
          onSettings={() => setOverlay("settings")}
          onRestore={(it) =>
            api.restore(it.item).then(() => {
              void loadTrash();
              void loadList();
              void loadTags();
            }, fail)
          }
          onEmptyTrash={() => api.emptyTrash().then(() => loadTrash(), fail)}
          onRenameTag={(from, to) => api.renameTag(from, to).then(() => (loadTags(), loadList()), fail)}
          onTagColor={(name, color) => api.setTagColor(name, color).then(() => loadTags(), fail)}
          labels={labels}
          notebook={{
            onOpenAt: (id, span) => {
              setFlashAt(span);
              void openArticle(id);
            },
            onExported: (path) => show({ message: `${t("notebookExported")} ${path}` }),
            onError: fail,
          }}
          debate={{
            // Evidence opens its article at the passage; a claim goes to the trash with undo.
            onOpenAt: (id, span) => {
              setFlashAt(span);
              void openArticle(id);
            },
            onDeleted: (message, u) => {
              show({ message, undo: u });
              void loadTrash();
            },
            onError: fail,
          }}
        />
      )}
      {health?.damage ? <DamageBanner health={health} onError={fail} /> : null}
      {dropping ? <div class="drop-veil">{t("dropHere")}</div> : null}
      {overlay === "help" ? <HelpOverlay lang={lang()} onClose={() => setOverlay(null)} /> : null}
      {overlay === "paste" ? <PasteDialog onImport={importText} onClose={() => setOverlay(null)} /> : null}
      {askImport ? (
        <DeepLinkConfirm
          url={askImport}
          onAdd={() => {
            setAskImport(null);
            void importPaths([askImport]);
          }}
          onClose={() => setAskImport(null)}
        />
      ) : null}
      {overlay === "link" ? <LinkDialog onImport={(link) => (setOverlay(null), void importPaths([link]))} onClose={() => setOverlay(null)} /> : null}
      {overlay === "settings" ? (
        <SettingsPanel
          settings={settings}
          onChange={changeSettings}
          labels={labels}
          onLabel={(c, label) => api.setColorLabel(c, label).then(() => api.colorLabels().then(setLabels), fail)}
          info={info}
          onError={fail}
          onClose={() => setOverlay(null)}
          previewArticle={article?.summary.id ?? list.row(0)?.id ?? null}
        />
      ) : null}
      {report ? (
        <ExportPanel
          report={report}
          onClose={() => setReport(null)}
          keep={
            reportOpts
              ? {
                  on: kept?.dir === report.folder,
                  onChange: (on) => void keepFolder(on ? { dir: report.folder, options: reportOpts } : null),
                }
              : undefined
          }
        />
      ) : null}
      {kept ? <KeptFolderLine dir={kept.dir} status={keptStatus?.dir === kept.dir ? keptStatus : null} onStop={() => void keepFolder(null)} /> : null}
      {highlightReports ? (
        <HighlightImportSummary
          reports={highlightReports}
          onAttached={() => {
            void loadList();
            if (article) void api.article(article.summary.id).then(setArticle, fail);
          }}
          onError={fail}
          onClose={() => setHighlightReports(null)}
        />
      ) : null}
      {palette ? (
        <Palette
          onOpen={(hit) => {
            setPalette(false);
            void openHit(hit);
          }}
          onClose={() => setPalette(false)}
        />
      ) : null}
      {importing ? <ImportProgressBar progress={importing.progress} cancelling={importing.cancelling} onCancel={() => (setImporting((i) => (i ? { ...i, cancelling: true } : i)), void cancelImport())} /> : null}
      {summary ? <ImportSummary results={summary} onClose={() => setSummary(null)} /> : null}
      {toast ? <Toast toast={toast} onUndo={undo} onClose={() => setToast(null)} /> : null}
      <Recovery onSaved={(id) => void api.article(id).then((a) => setArticle((now) => (now?.summary.id === id ? a : now)), fail)} onError={fail} />
    </div>
  );
}
