// The notebook: every highlight of the library with its note, and the notes written on articles
// and passages, newest first or by article, filtered by tag (a tag includes its children),
// colour, note and date. The core gives it a page
// at a time; the next page is asked for as the list nears its end. j/k or the arrows move
// through it, Enter (or a click) opens the article at the passage, and the filtered list can be
// exported as one Markdown file.

import { useEffect, useRef, useState } from "preact/hooks";
import { api, pickFolder, type ColorLabel, type Tag } from "../api";
import type { Color } from "../bindings/Color";
import type { NotebookFilter } from "../bindings/NotebookFilter";
import type { NotebookEntry } from "../bindings/NotebookEntry";
import type { NotebookSort } from "../bindings/NotebookSort";
import { colorLabel, t } from "../i18n";
import { isPlainKey } from "../keys";
import { COLORS } from "../paint";
import type { Span } from "../selection";
import { tagTree, type TagNode } from "../tags";
import { NoteText } from "./NoteText";

const PAGE = 50;

export interface NotebookHooks {
  /** Opens an article at a stretch of it (null: where the reader left it, for an article's note). */
  onOpenAt: (articleId: number, span: Span | null) => void;
  onExported: (path: string) => void;
  onError: (e: unknown) => void;
}

function flatten(nodes: TagNode[], depth = 0): { name: string; depth: number }[] {
  return nodes.flatMap((n) => [{ name: n.name, depth }, ...flatten(n.children, depth + 1)]);
}

export function Notebook(props: NotebookHooks & { tags: Tag[]; labels: ColorLabel[] }) {
  const [filter, setFilter] = useState<NotebookFilter>({ tags: [], colors: [], claim: null, article: null, has_note: false, since: null, sort: "time", notes: true });
  const [items, setItems] = useState<NotebookEntry[]>([]);
  const [total, setTotal] = useState<number | null>(null);
  // False when a filter's highlights were counted only up to the core's limit: then more pages
  // are asked for until one comes back short.
  const [exact, setExact] = useState(true);
  const [cursor, setCursor] = useState(-1);
  const list = useRef<HTMLDivElement>(null);
  const loading = useRef(false);
  // The handler of the keys reads the latest values through this ref.
  const live = useRef({ items, cursor, filter });
  live.current = { items, cursor, filter };

  // A new filter starts again from the top.
  useEffect(() => {
    let current = true;
    loading.current = true;
    api.notebook(filter, 0, PAGE).then(
      (page) => {
        if (!current) return;
        setItems(page.items);
        setTotal(page.total);
        setExact(page.total_exact !== false || page.items.length < PAGE);
        setCursor(-1);
        if (list.current) list.current.scrollTop = 0;
        loading.current = false;
      },
      (e) => {
        loading.current = false;
        props.onError(e);
      },
    );
    return () => {
      current = false;
    };
  }, [filter]);

  const more = () => {
    const { items, filter } = live.current;
    if (loading.current || total === null || (exact && items.length >= total)) return;
    loading.current = true;
    api.notebook(filter, items.length, PAGE).then(
      (page) => {
        loading.current = false;
        if (live.current.filter !== filter) return;
        setItems((now) => [...now, ...page.items]);
        setTotal(page.total);
        setExact(page.total_exact !== false || page.items.length < PAGE);
      },
      (e) => {
        loading.current = false;
        props.onError(e);
      },
    );
  };

  const open = (it: NotebookEntry) => {
    if (it.kind === "highlight") {
      const a = it.highlight.anchor;
      return props.onOpenAt(it.highlight.article_id, { start: a.start, end: a.end });
    }
    const target = it.note.target;
    props.onOpenAt(it.note.article_id, target.type === "passage" && target.anchor.status === "anchored" ? { start: target.anchor.start, end: target.anchor.end } : null);
  };

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!isPlainKey(e)) return;
      const { items, cursor } = live.current;
      let next = cursor;
      if (e.key === "j" || e.key === "ArrowDown") next = Math.min(items.length - 1, cursor + 1);
      else if (e.key === "k" || e.key === "ArrowUp") next = Math.max(0, cursor - 1);
      else if (e.key === "Enter" && items[cursor]) return open(items[cursor]);
      else return;
      e.preventDefault();
      live.current.cursor = next;
      setCursor(next);
      const row = list.current?.querySelector<HTMLElement>(`[data-index="${next}"]`);
      row?.scrollIntoView({ block: "nearest" });
      if (next >= items.length - 5) more();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [total, exact]);

  const set = (patch: Partial<NotebookFilter>) => setFilter((f) => ({ ...f, ...patch }));
  const labelOf = (c: Color) => colorLabel(props.labels.find((l) => l.color === c)?.label ?? c);
  const tagOptions = flatten(tagTree(props.tags));

  const exportIt = async () => {
    try {
      const dir = await pickFolder(t("exportNotebook"));
      if (!dir) return;
      const parts = [t("notebook"), ...filter.tags, ...filter.colors.map(labelOf), filter.has_note ? t("withNote") : "", filter.since ?? ""].filter(Boolean);
      props.onExported(await api.exportNotebook(dir, parts.join(" · "), filter));
    } catch (e) {
      props.onError(e);
    }
  };

  const source = (it: NotebookEntry) => (filter.sort === "time" ? <span class="notebook-source">{it.article_title || t("untitled")}</span> : null);

  const highlightRow = (it: NotebookEntry & { kind: "highlight" }, i: number) => {
    const h = it.highlight;
    return (
      <div
        role="listitem"
        tabIndex={-1}
        class={`notebook-item hl-${h.color} ${i === cursor ? "cursor" : ""}`}
        data-index={i}
        data-highlight-id={h.id}
        title={t("openAtHighlight")}
        onClick={() => open(it)}
      >
        <div class="notebook-quote">{h.anchor.exact}</div>
        {h.note ? (
          <div class="notebook-note">
            <NoteText text={h.note.body} testid="notebook-note" />
          </div>
        ) : null}
        <div class="row-meta">
          <span class={`dot ${h.color}`} />
          <span>{labelOf(h.color)}</span>
          {source(it)}
          <span>{h.created_at.slice(0, 10)}</span>
          {h.anchor.status === "orphaned" ? <span class="muted">{t("orphans")}</span> : null}
          {h.tags.map((tg) => (
            <span class="chip small">{tg}</span>
          ))}
        </div>
      </div>
    );
  };

  // A note on an article or a passage: its text rendered, the passage's words above it.
  const noteRow = (it: NotebookEntry & { kind: "note" }, i: number) => {
    const n = it.note;
    const passage = n.target.type === "passage" ? n.target.anchor : null;
    return (
      <div
        role="listitem"
        tabIndex={-1}
        class={`notebook-item note-entry ${passage ? "passage" : "article"} ${i === cursor ? "cursor" : ""}`}
        data-index={i}
        data-note-id={n.id}
        title={t(passage ? "openAtHighlight" : "openArticle")}
        onClick={() => open(it)}
      >
        {passage ? <div class="notebook-quote">¶ {passage.exact}</div> : null}
        <div class="notebook-note">
          <NoteText text={n.body} testid="notebook-note" />
        </div>
        <div class="row-meta">
          <span class="note-kind">{t(passage ? "passageNote" : "articleNote")}</span>
          {source(it)}
          <span>{n.created_at.slice(0, 10)}</span>
          {passage?.status === "orphaned" ? <span class="muted">{t("orphans")}</span> : null}
        </div>
      </div>
    );
  };

  return (
    <>
      <header class="toolbar notebook-bar">
        <h1 class="pane-title">{t("notebook")}</h1>
        <span class="muted small" data-testid="notebook-count">
          {total === null ? "" : `${total.toLocaleString()}${exact ? "" : "+"} ${t(filter.notes ? "entries" : "highlights")}`}
        </span>
        <span class="spacer" />
        <button onClick={() => void exportIt()} data-testid="notebook-export">
          {t("exportNotebook")}
        </button>
      </header>
      <div class="notebook-filters" role="group" aria-label={t("filters")}>
        <select
          aria-label={t("tags")}
          data-testid="notebook-tag"
          value={filter.tags[0] ?? ""}
          onChange={(e) => {
            const v = (e.target as HTMLSelectElement).value;
            set({ tags: v ? [v] : [] });
          }}
        >
          <option value="">{t("anyTag")}</option>
          {tagOptions.map((o) => (
            <option value={o.name}>{`${"\u00a0\u00a0".repeat(o.depth)}${o.name.slice(o.name.lastIndexOf("/") + 1)}`}</option>
          ))}
        </select>
        <span class="notebook-colors">
          {COLORS.map((c) => {
            const on = filter.colors.includes(c);
            return (
              <button
                class={`chip color-chip ${on ? "on" : ""}`}
                aria-pressed={on}
                data-color={c}
                title={labelOf(c)}
                onClick={() => set({ colors: on ? filter.colors.filter((x) => x !== c) : [...filter.colors, c] })}
              >
                <span class={`dot ${c}`} />
                {labelOf(c)}
              </button>
            );
          })}
        </span>
        <label class="check">
          <input type="checkbox" checked={filter.has_note} data-testid="notebook-has-note" onChange={(e) => set({ has_note: (e.target as HTMLInputElement).checked })} />
          {t("withNote")}
        </label>
        <label class="check" title={t("notesTooHint")}>
          <input type="checkbox" checked={filter.notes} data-testid="notebook-notes" onChange={(e) => set({ notes: (e.target as HTMLInputElement).checked })} />
          {t("notesToo")}
        </label>
        <label class="check">
          {t("since")}
          <input type="date" value={filter.since ?? ""} data-testid="notebook-since" onChange={(e) => set({ since: (e.target as HTMLInputElement).value || null })} />
        </label>
        <select aria-label={t("sortBy")} value={filter.sort} data-testid="notebook-sort" onChange={(e) => set({ sort: (e.target as HTMLSelectElement).value as NotebookSort })}>
          <option value="time">{t("sortNewest")}</option>
          <option value="article">{t("sortByArticle")}</option>
        </select>
      </div>
      <div class="plain-list notebook-list" ref={list} role="list" data-testid="notebook-list" onScroll={(e) => {
          const el = e.target as HTMLElement;
          if (el.scrollTop + el.clientHeight > el.scrollHeight - 400) more();
        }}>
        {total === 0 ? <p class="empty">{t("notebookEmpty")}</p> : null}
        {items.map((it, i) => {
          const articleId = it.kind === "highlight" ? it.highlight.article_id : it.note.article_id;
          const prev = items[i - 1];
          const heading = filter.sort === "article" && (!prev || (prev.kind === "highlight" ? prev.highlight.article_id : prev.note.article_id) !== articleId);
          return (
            <>
              {heading ? <h2 class="margin-head notebook-article">{it.article_title || t("untitled")}</h2> : null}
              {it.kind === "highlight" ? highlightRow(it, i) : noteRow(it, i)}
            </>
          );
        })}
      </div>
    </>
  );
}
