// The library: a sidebar (all articles, the tag tree, trash, tag management) and a windowed list
// of articles that renders only the rows in view and reads them from the core a page at a time
// (article-list.ts), so 100,000 articles open and scroll as quickly as ten.

import { SyncIndicator } from "./SyncSection";
import { useEffect, useLayoutEffect, useReducer, useRef, useState } from "preact/hooks";
import type { SearchResults, Tag, TrashItem } from "../api";
import type { ArticleList } from "../article-list";
import type { SearchHit } from "../bindings/SearchHit";
import type { ListOptions } from "../bindings/ListOptions";
import type { SortBy } from "../bindings/SortBy";
import { t } from "../i18n";
import { isPlainKey } from "../keys";
import { tagTree, type TagNode } from "../tags";
import { SearchPane } from "./Search";
import { DebateClaims, type DebateHooks } from "./DebateClaims";
import { Notebook, type NotebookHooks } from "./Notebook";
import type { ColorLabel } from "../bindings/ColorLabel";

export type LibraryPane = { kind: "articles"; tag: string | null } | { kind: "trash" } | { kind: "tags" } | { kind: "claims"; id: number | null } | { kind: "notebook" };

/** Row heights: with an excerpt line, and compact (title and details only). */
const ROWS = { comfortable: 96, compact: 52 } as const;
const OVERSCAN = 6;

interface Props {
  pane: LibraryPane;
  onPane: (p: LibraryPane) => void;
  /** The articles, read a page at a time. */
  list: ArticleList;
  opts: ListOptions;
  onOpts: (o: ListOptions) => void;
  tags: Tag[];
  trash: TrashItem[];
  onOpen: (id: number) => void;
  /** Row height: with excerpts, or compact. */
  density: "comfortable" | "compact";
  /** Marks an article as read or unread. */
  onRead: (id: number, read: boolean) => void;
  onImport: () => void;
  onImportFolder: () => void;
  /** Highlights exported from other tools (Kindle, Readwise, 微信读书, Hypothesis, W3C). */
  onImportHighlights: () => void;
  /** Opens the field for a link to capture. */
  onLink: () => void;
  onPaste: () => void;
  query: string;
  onQuery: (q: string) => void;
  results: SearchResults | null;
  onHit: (hit: SearchHit) => void;
  onExportAll: () => void;
  onSettings: () => void;
  onRestore: (item: TrashItem) => void;
  onEmptyTrash: () => void;
  onRenameTag: (from: string, to: string) => void;
  onTagColor: (name: string, color: string | null) => void;
  /** What the Claims pane asks of the app. */
  debate: DebateHooks;
  /** The colours' names, and what the notebook asks of the app. */
  labels: ColorLabel[];
  notebook: NotebookHooks;
}

export function Library(props: Props) {
  const { pane } = props;
  return (
    <div class="library">
      <nav class="sidebar" aria-label={t("library")}>
        <div class="brand">
          <span class="brand-mark">札</span>
          <span>札记</span>
        </div>
        <button class={`side-item ${pane.kind === "articles" && !pane.tag ? "on" : ""}`} onClick={() => props.onPane({ kind: "articles", tag: null })}>
          {t("allArticles")}
        </button>
        <button class={`side-item ${pane.kind === "notebook" ? "on" : ""}`} onClick={() => props.onPane({ kind: "notebook" })} data-testid="notebook-pane">
          {t("notebook")}
        </button>
        <button class={`side-item ${pane.kind === "claims" ? "on" : ""}`} onClick={() => props.onPane({ kind: "claims", id: null })} data-testid="claims-pane">
          {t("claims")}
        </button>
        <div class="side-head">
          <span>{t("tags")}</span>
          <span class="tag-legend" data-testid="tag-legend" title={t("tagCountLegend")}>
            {t("tagCountLegend")}
          </span>
          <button class="link-btn" onClick={() => props.onPane({ kind: "tags" })} title={t("tags")} data-testid="tags-pane">
            ⋯
          </button>
        </div>
        <div class="tag-tree">
          {props.tags.length === 0 ? <p class="muted small">{t("noTags")}</p> : null}
          {tagTree(props.tags).map((n) => (
            <TagBranch node={n} depth={0} pane={pane} onPane={props.onPane} />
          ))}
        </div>
        <div class="side-foot">
          <SyncIndicator />
          <button class={`side-item ${pane.kind === "trash" ? "on" : ""}`} onClick={() => props.onPane({ kind: "trash" })} data-testid="trash-pane">
            {t("trash")}
            {props.trash.length ? <span class="count">{props.trash.length}</span> : null}
          </button>
          <button class="side-item" onClick={props.onSettings}>
            {t("settings")}
          </button>
        </div>
      </nav>
      <main class="library-main">
        {pane.kind === "articles" ? <ArticlePane {...props} tag={pane.tag} /> : null}
        {pane.kind === "trash" ? <TrashPane items={props.trash} onRestore={props.onRestore} onEmpty={props.onEmptyTrash} /> : null}
        {pane.kind === "claims" ? <DebateClaims {...props.debate} id={pane.id} onSelect={(id) => props.onPane({ kind: "claims", id })} tags={props.tags} /> : null}
        {pane.kind === "notebook" ? <Notebook {...props.notebook} tags={props.tags} labels={props.labels} /> : null}
        {pane.kind === "tags" ? <TagsPane tags={props.tags} onRename={props.onRenameTag} onColor={props.onTagColor} /> : null}
      </main>
    </div>
  );
}

function TagBranch({ node, depth, pane, onPane }: { node: TagNode; depth: number; pane: LibraryPane; onPane: (p: LibraryPane) => void }) {
  const on = pane.kind === "articles" && pane.tag === node.name;
  return (
    <>
      <button class={`side-item tag-item ${on ? "on" : ""}`} style={{ paddingLeft: `${12 + depth * 14}px` }} onClick={() => onPane({ kind: "articles", tag: node.name })} title={node.name}>
        <span class="tag-dot" style={node.color ? { background: node.color } : undefined} />
        <span class="tag-label">{node.label}</span>
        <span class="count" data-testid={`tag-count-${node.name}`} title={`${node.articles} ${t("articles")} · ${node.highlights} ${t("highlights")}`}>
          {node.articles} · {node.highlights}
        </span>
      </button>
      {node.children.map((c) => (
        <TagBranch node={c} depth={depth + 1} pane={pane} onPane={onPane} />
      ))}
    </>
  );
}

/** One number formatter for every row: `toLocaleString` makes a formatter at each call, which
 * a scrolling frame that draws new rows paid for each of them. */
const numbers = new Intl.NumberFormat();

function formatDate(s: string | null | undefined): string {
  if (!s) return "";
  return s.slice(0, 10);
}

function ArticlePane(props: Props & { tag: string | null }) {
  const scroller = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(600);
  // No row is marked until the keyboard is used to move through the list. The handler reads the
  // latest values through a ref: keys typed quickly ("j" then Enter) arrive before effects re-run.
  const [cursor, setCursor] = useState(-1);
  const ROW = ROWS[props.density] ?? ROWS.comfortable;
  const { list } = props;
  const [, rerender] = useReducer((n: number, _: undefined) => n + 1, 0);
  useEffect(() => list.subscribe(() => rerender(undefined)), [list]);
  const live = useRef({ cursor, list, onOpen: props.onOpen, onRead: props.onRead, searching: false, ROW });
  live.current = { cursor, list, onOpen: props.onOpen, onRead: props.onRead, searching: !!props.query.trim(), ROW };
  const total = list.total ?? 0;

  // A new sort, direction or filter starts at the top, with no row marked. (A refresh after an
  // outside change keeps the scroll: it changes the articles, not these.)
  useLayoutEffect(() => {
    const el = scroller.current;
    if (el) el.scrollTop = 0;
    setScrollTop(0);
    setCursor(-1);
  }, [props.opts.sort, props.opts.ascending, props.tag]);

  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setHeight(el.clientHeight));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  // j/k and the arrow keys move a cursor through the list; Home, End, Page Up and Page Down move
  // it by the list's ends or by a screenful; Enter opens the article under it; r marks it read.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!isPlainKey(e)) return;
      const { cursor, list: articles, onOpen, onRead, searching, ROW } = live.current;
      const count = articles.total ?? 0;
      const page = Math.max(1, Math.floor((scroller.current?.clientHeight ?? ROW) / ROW) - 1);
      // The row under the cursor is in view, so its page has been read (or is on its way).
      const at = articles.row(cursor);
      let next = cursor;
      if (e.key === "j" || e.key === "ArrowDown") next = Math.min(count - 1, cursor + 1);
      else if (e.key === "k" || e.key === "ArrowUp") next = Math.max(0, cursor - 1);
      else if (e.key === "Enter" && at) return onOpen(at.id);
      else if (searching || !count) return;
      else if (e.key === "Home") next = 0;
      else if (e.key === "End") next = count - 1;
      else if (e.key === "PageDown") next = Math.min(count - 1, Math.max(0, cursor) + page);
      else if (e.key === "PageUp") next = Math.max(0, cursor - page);
      else if (e.key === "r" && at) {
        e.preventDefault();
        return onRead(at.id, !at.read_at);
      } else return;
      e.preventDefault();
      live.current.cursor = next;
      setCursor(next);
      const el = scroller.current;
      if (el && (next * ROW < el.scrollTop || (next + 1) * ROW > el.scrollTop + el.clientHeight)) el.scrollTop = next * ROW - el.clientHeight / 2;
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, []);

  const first = Math.max(0, Math.floor(scrollTop / ROW) - OVERSCAN);
  const compact = props.density === "compact";
  const last = Math.min(total, Math.ceil((scrollTop + height) / ROW) + OVERSCAN);
  // The pages of the rows in view (and the margin) are read as the list scrolls to them.
  useEffect(() => list.show(first, Math.max(last, first + 1)), [list, first, last]);
  const rows = [];
  for (let i = first; i < last; i++) rows.push(i);
  const sorts: [SortBy, string][] = [
    ["imported", t("sortImported")],
    ["updated", t("sortUpdated")],
    ["title", t("sortTitle")],
    ["published", t("sortPublished")],
  ];

  return (
    <>
      <header class="toolbar library-toolbar">
        <input
          class="search-box"
          type="search"
          placeholder={t("searchPlaceholder")}
          aria-label={t("search")}
          value={props.query}
          data-testid="search"
          onInput={(e) => props.onQuery((e.target as HTMLInputElement).value)}
          onKeyDown={(e) => e.key === "Escape" && props.onQuery("")}
        />
        <h1 class="pane-title">{props.query ? t("search") : (props.tag ?? t("allArticles"))}</h1>
        <span class="muted small" data-testid="article-count">
          {props.query.trim()
            ? `${props.results?.total ?? 0} ${t("results")}`
            : list.total === null
              ? ""
              : `${numbers.format(total)} ${total === 1 ? t("article") : t("articles")}`}
        </span>
        <span class="spacer" />
        {props.query.trim() ? null : (
          <>
        <select
          aria-label="sort"
          value={props.opts.sort}
          onChange={(e) => props.onOpts({ ...props.opts, sort: (e.target as HTMLSelectElement).value as SortBy })}
        >
          {sorts.map(([v, label]) => (
            <option value={v}>{label}</option>
          ))}
        </select>
        <button class="icon-btn" title="↑↓" onClick={() => props.onOpts({ ...props.opts, ascending: !props.opts.ascending })}>
          {props.opts.ascending ? "↑" : "↓"}
        </button>
          </>
        )}
        <button class="tb-wide" onClick={props.onPaste} data-testid="paste">
          {t("paste")}
        </button>
        <button onClick={props.onLink} data-testid="add-link">
          {t("addLink")}
        </button>
        <button class="tb-wider" onClick={props.onExportAll}>
          {t("exportAll")}
        </button>
        {/* The menu holds the rarer actions, and in a narrow window the secondary ones too,
            rather than cut them off. */}
        <details class="more-menu" data-testid="more-menu">
          <summary class="icon-btn" title={t("more")} aria-label={t("more")}>
            ⋯
          </summary>
          <div class="menu" onClick={(e) => ((e.currentTarget.parentElement as HTMLDetailsElement).open = false)}>
            <button class="tb-narrow" onClick={props.onPaste}>
              {t("paste")}
            </button>
            <button class="tb-less-wide" onClick={props.onExportAll}>
              {t("exportAll")}
            </button>
            <button onClick={props.onImportFolder}>{t("importFolder")}</button>
            <button onClick={props.onImportHighlights} title={t("importHighlightsTitle")} data-testid="import-highlights">
              {t("importHighlights")}
            </button>
          </div>
        </details>
        <button class="primary" onClick={props.onImport} data-testid="import">
          {t("import")}
        </button>
      </header>
      {props.query.trim() ? <SearchPane query={props.query} results={props.results} onOpen={props.onHit} /> : null}
      <div class="article-list" ref={scroller} hidden={!!props.query.trim()} onScroll={(e) => setScrollTop((e.target as HTMLElement).scrollTop)} role="list">
        {list.total === 0 ? <p class="empty">{t("noArticles")}</p> : null}
        <div style={{ height: `${total * ROW}px`, position: "relative" }}>
          {rows.map((index) => {
            const a = list.row(index);
            // A row whose page is still on its way holds its place, empty, for a moment.
            if (!a) return <div key={`wait-${index}`} role="listitem" aria-busy="true" aria-setsize={total} aria-posinset={index + 1} class={`article-row-wait ${compact ? "compact" : ""}`} style={{ top: `${index * ROW}px`, height: `${ROW}px` }} />;
            const byline = [a.meta.author, a.meta.site].filter(Boolean).join(" · ");
            const read = !!a.read_at;
            return (
              <div
                key={a.id}
                role="listitem"
                aria-setsize={total}
                aria-posinset={index + 1}
                class={`article-row ${index === cursor ? "cursor" : ""} ${compact ? "compact" : ""} ${read ? "read" : "unread"}`}
                style={{ top: `${index * ROW}px`, height: `${ROW}px` }}
                onClick={() => props.onOpen(a.id)}
                data-article-id={a.id}
                data-read={read ? "1" : "0"}
              >
                <div class="row-title">
                  {read ? null : <span class="unread-dot" title={t("unread")} />}
                  {a.meta.title || t("untitled")}
                </div>
                {compact || !a.excerpt ? null : <div class="row-excerpt">{a.excerpt}</div>}
                <div class="row-meta">
                  {byline ? <span>{byline}</span> : null}
                  <span>{formatDate(a.meta.published) || formatDate(a.imported_at)}</span>
                  <span>
                    {numbers.format(a.chars)} {t("words")}
                  </span>
                  {read ? <span class="read-mark">{t("readDone")}</span> : a.read_percent > 0 ? <span data-testid="row-progress">{t("readTo")} {a.read_percent}%</span> : null}
                  {a.tags.map((tg) => (
                    <span class="chip small">{tg}</span>
                  ))}
                </div>
                <div class="row-side">
                  <button
                    class="icon-btn mark-read"
                    title={read ? t("markUnread") : t("markRead")}
                    aria-label={read ? t("markUnread") : t("markRead")}
                    data-testid={`mark-read-${a.id}`}
                    onClick={(e) => {
                      e.stopPropagation();
                      props.onRead(a.id, !read);
                    }}
                  >
                    {read ? "↺" : "✓"}
                  </button>
                  <span class="row-count" title={t("highlights")}>
                    {a.highlight_count > 0 ? a.highlight_count : ""}
                  </span>
                </div>
                {a.read_percent > 0 && !read ? <div class="row-progress" style={{ width: `${a.read_percent}%` }} /> : null}
              </div>
            );
          })}
        </div>
      </div>
    </>
  );
}

function TrashPane({ items, onRestore, onEmpty }: { items: TrashItem[]; onRestore: (i: TrashItem) => void; onEmpty: () => void }) {
  return (
    <>
      <header class="toolbar">
        <h1 class="pane-title">{t("trash")}</h1>
        <span class="spacer" />
        <button onClick={onEmpty} disabled={!items.length}>
          {t("emptyTrash")}
        </button>
      </header>
      <div class="plain-list">
        {items.length === 0 ? <p class="empty">{t("trashEmpty")}</p> : null}
        {items.map((it) => (
          <div class="plain-row">
            <div>
              <div>{it.label}</div>
              <div class="muted small">
                {t(`kind_${it.item.kind}`)}
                {it.article_title ? ` · ${t("fromArticle")} ${it.article_title}` : ""} · {it.deleted_at.slice(0, 16).replace("T", " ")}
              </div>
            </div>
            <button onClick={() => onRestore(it)}>{t("restore")}</button>
          </div>
        ))}
      </div>
    </>
  );
}

function TagsPane({ tags, onRename, onColor }: { tags: Tag[]; onRename: (from: string, to: string) => void; onColor: (n: string, c: string | null) => void }) {
  const [editing, setEditing] = useState<string | null>(null);
  const [value, setValue] = useState("");
  return (
    <>
      <header class="toolbar">
        <h1 class="pane-title">{t("tags")}</h1>
      </header>
      <div class="plain-list">
        {tags.length === 0 ? <p class="empty">{t("noTags")}</p> : null}
        {tags.map((tg) => (
          <div class="plain-row">
            <input type="color" value={tg.color ?? "#999999"} aria-label={t("color")} onChange={(e) => onColor(tg.name, (e.target as HTMLInputElement).value)} />
            {editing === tg.name ? (
              <form
                class="grow"
                onSubmit={(e) => {
                  e.preventDefault();
                  if (value.trim() && value.trim() !== tg.name) onRename(tg.name, value.trim());
                  setEditing(null);
                }}
              >
                <input class="grow-input" value={value} ref={(el) => {
                    // `autofocus` only works at page load; focus the field when it appears.
                    if (el && document.activeElement !== el) el.focus();
                  }} data-testid="rename-input" placeholder={t("renamePrompt")} onInput={(e) => setValue((e.target as HTMLInputElement).value)} onBlur={() => setEditing(null)} />
              </form>
            ) : (
              <span class="grow">{tg.name}</span>
            )}
            <span class="muted small">
              {tg.highlight_count} {t("highlights")} · {tg.article_count} {t("articles")}
            </span>
            <button
              data-testid={`rename-${tg.name}`}
              onClick={() => {
                setEditing(tg.name);
                setValue(tg.name);
              }}
            >
              {t("rename")}
            </button>
          </div>
        ))}
      </div>
    </>
  );
}
