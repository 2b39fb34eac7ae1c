// The reader: the article built from its passages as text (never from HTML), the highlights
// painted over it, its keys and the selection toolbar; it opens the highlight editor and the note
// composer, and shows the contents, the find bar and the margin beside the text.

import { useEffect, useLayoutEffect, useMemo, useRef, useState } from "preact/hooks";
import { api, openExternal, type Article, type ArticleSummary, type Color, type ColorLabel, type Highlight, type Tag } from "../api";
import { afterNextPaint } from "../frames";
import { markHit } from "../find";
import { anchored, deletedNotice, spanOf, upsert } from "../highlights";
import { colorLabel, t } from "../i18n";
import { isPlainKey } from "../keys";
import { domPointToOffset } from "../offsets";
import { clearPaint, COLORS, flash, paintActive, paintHighlights, paintNotes, passageShown } from "../paint";
import { toolbarPlace, type Popup } from "../popup";
import { itemsAt, selectionSpan, type Span } from "../selection";
import { Contents } from "./Contents";
import { FindBar } from "./Find";
import { HighlightEditor } from "./HighlightEditor";
import { Margin } from "./Margin";
import { MetaEditor } from "./MetaEditor";
import { NoteComposer } from "./NoteComposer";
import { NoteMarkers, type NoteMark } from "./NoteMarkers";
import { ImageView } from "./ImageView";
import { PassageView } from "./PassageView";

interface Props {
  article: Article;
  onArticle: (a: Article) => void;
  labels: ColorLabel[];
  tags: Tag[];
  onTagsChanged: () => void;
  onDeleted: (message: string, undo: () => Promise<void>) => void;
  onError: (e: unknown) => void;
  initialScroll: number;
  /** A stretch to scroll to and flash once the article is shown (a search hit). */
  flashAt?: Span | null;
  onScroll: (fraction: number) => void;
  /** Disables the reader's own keys while an overlay (help, settings) is open. */
  keysEnabled: boolean;
  /** Fetches the article's link again (shown for an article captured from a link). */
  onRefresh?: (link: string) => void;
  /** The article's title, author or date were edited. */
  onMeta: (s: ArticleSummary) => void;
  /** Shows half-width punctuation between Chinese characters full-width (display only). */
  widenPunctuation: boolean;
}

interface Editing extends Popup {
  id: number;
  focus: "tag" | "note" | null;
}

export function Reader(props: Props) {
  const { article } = props;
  const body = useRef<HTMLDivElement>(null);
  const scroller = useRef<HTMLDivElement>(null);
  const chars = useMemo(() => Array.from(article.text), [article.text]);
  const [sel, setSel] = useState<(Span & Popup & { below: number }) | null>(null);
  const [editing, setEditing] = useState<Editing | null>(null);
  const [composing, setComposing] = useState<(Span & Popup) | null>(null);
  const [editingMeta, setEditingMeta] = useState(false);
  // A click where highlights overlap: which of them to open.
  const [choosing, setChoosing] = useState<(Popup & { ids: number[] }) | null>(null);
  const labelOf = (c: Color) => colorLabel(props.labels.find((l) => l.color === c)?.label ?? c);
  // The latest state, for the document-level key handler: it is registered once, and a key
  // pressed right after a selection must see that selection even before effects have re-run.
  const live = useRef({ sel, editing, article, keysEnabled: props.keysEnabled, choosing, composing });
  const creating = useRef(false);
  live.current = { sel, editing, article, keysEnabled: props.keysEnabled, choosing, composing };

  // Popovers never stack: opening one closes the others (the selection toolbar hides while any
  // is open), and Escape closes the one that is open.
  const openEditor = (e: Editing | null) => {
    setChoosing(null);
    setComposing(null);
    setEditing(e);
  };
  const openComposer = (c: Span & Popup) => {
    setEditing(null);
    setChoosing(null);
    setComposing(c);
  };
  const openChooser = (c: Popup & { ids: number[] }) => {
    setEditing(null);
    setComposing(null);
    setChoosing(c);
  };

  // The stretches whose note a marker beside the text shows: highlights with a note, passage notes.
  const marks = useMemo<NoteMark[]>(
    () => [
      ...anchored(article).flatMap((h) => (h.note?.body.trim() ? [{ kind: "highlight" as const, id: h.id, start: h.anchor.start, end: h.anchor.end, body: h.note.body }] : [])),
      ...article.notes.flatMap((n) => (n.target.type === "passage" && n.target.anchor.status === "anchored" ? [{ kind: "note" as const, id: n.id, start: n.target.anchor.start, end: n.target.anchor.end, body: n.body }] : [])),
    ],
    [article.highlights, article.notes, article.text, props.widenPunctuation],
  );
  const openMark = (m: NoteMark, at: Popup) => {
    if (m.kind === "highlight") return openEditor({ id: m.id, ...at, focus: null });
    // A passage note is edited in the margin: go to it there.
    const item = document.querySelector<HTMLElement>(`.margin [data-note-id="${m.id}"] .note-view`);
    item?.scrollIntoView({ block: "nearest" });
    item?.focus({ preventScroll: true });
    if (body.current) flash(body.current, m);
  };

  // Passages only change when the text does; highlight edits must not rebuild the text's DOM.
  // Each image stands before the passage its position names (after the last one when past it).
  const widen = props.widenPunctuation;
  const passages = useMemo(() => {
    const images = article.images ?? [];
    const out = [];
    let next = 0;
    for (const p of article.passages) {
      for (; next < images.length && images[next].position <= p.ordinal; next++) out.push(<ImageView key={`i${images[next].ordinal}`} img={images[next]} />);
      out.push(<PassageView key={`${p.ordinal}${widen ? "w" : ""}`} p={p} widen={widen} />);
    }
    for (; next < images.length; next++) out.push(<ImageView key={`i${images[next].ordinal}`} img={images[next]} />);
    return out;
  }, [article.summary.id, article.text, article.images, widen]);

  // A new text means new DOM nodes: the old ranges point nowhere, so start painting afresh.
  useLayoutEffect(() => clearPaint(), [article.text, widen]);
  useLayoutEffect(() => {
    if (body.current) paintHighlights(body.current, anchored(article).map(spanOf));
  }, [article.highlights, article.text, widen]);

  useLayoutEffect(() => {
    const spans = article.notes.flatMap((n) => (n.target.type === "passage" ? [{ start: n.target.anchor.start, end: n.target.anchor.end }] : []));
    if (body.current) paintNotes(body.current, spans);
  }, [article.notes, article.text, widen]);

  useLayoutEffect(() => {
    const h = editing && article.highlights.find((x) => x.id === editing.id);
    if (body.current) paintActive(body.current, h ? spanOf(h) : null);
  }, [editing, article.highlights]);

  useEffect(() => () => clearPaint(), []);

  // The body's width in em, from which reader.css predicts the height of the passages that are
  // not laid out yet. settings.ts sets it for a window wide enough for the reading width; when
  // the body turns out narrower (or wider), it is corrected here once laid out. Not measured
  // before the first frame: reading the layout then would lay a new article out twice.
  useLayoutEffect(() => {
    const el = body.current;
    if (!el) return;
    const watch = new ResizeObserver(() => {
      const style = getComputedStyle(el);
      const now = el.clientWidth / (parseFloat(style.fontSize) || 18);
      const was = parseFloat(style.getPropertyValue("--measure"));
      if (now > 0 && !(Math.abs(now - was) < 0.5)) el.style.setProperty("--measure", Math.max(4, now).toFixed(1));
    });
    watch.observe(el);
    // Which passages the engine shows: paint.ts registers the highlights of those only, and
    // registers again the ranges of a passage shown after being skipped (WebKitGTK would not
    // paint them otherwise). The event does not bubble: listen while it goes down.
    const shown = (e: Event) => {
      const p = e.target;
      if (!(p instanceof Element) || p.parentElement !== el) return;
      passageShown(p, !(e as Event & { skipped?: boolean }).skipped);
    };
    el.addEventListener("contentvisibilityautostatechange", shown, true);
    return () => {
      watch.disconnect();
      el.removeEventListener("contentvisibilityautostatechange", shown, true);
    };
  }, []);

  // Restores where the reader was, once the article is laid out, or goes to the search hit.
  useLayoutEffect(() => {
    const el = scroller.current;
    if (props.flashAt && body.current) {
      flash(body.current, props.flashAt);
      markHit(body.current, props.flashAt); // the hit stays marked
    } else if (el && props.initialScroll > 0) el.scrollTop = props.initialScroll * (el.scrollHeight - el.clientHeight);
  }, [article.summary.id, props.flashAt]);

  // The toolbar follows the selection: it appears when text in the article is selected and
  // disappears when the selection collapses or leaves the article.
  useEffect(() => {
    let frame = 0;
    const update = () => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => {
        // A highlight just made from the selection: create() puts the editor in the toolbar's
        // place once the highlight is painted.
        if (creating.current) return;
        const root = body.current;
        const s = window.getSelection();
        const span = root ? selectionSpan(root, s, chars) : null;
        if (!span || !s) return setSel(null);
        // A new selection takes over from an open editor (whose note saved itself on blur).
        setEditing(null);
        setChoosing(null);
        setSel({ ...span, ...toolbarPlace(s.getRangeAt(0).getBoundingClientRect()) });
      });
    };
    document.addEventListener("selectionchange", update);
    return () => {
      document.removeEventListener("selectionchange", update);
      cancelAnimationFrame(frame);
    };
  }, [chars]);

  async function create(color: Color, then: "tag" | "note" | null = null) {
    const span = live.current.sel;
    if (!span) return;
    live.current.sel = null;
    try {
      const h = await api.createHighlight({ article_id: article.summary.id, range: [span.start, span.end], quote: null, occurrence: null, color, tags: [], note: null });
      // The saved highlight is painted at once, and the next frame carries only it (and the
      // selection going away); the margin card, the editor and the rest of the render follow in
      // the frame after. On a long article that render lays out ~15-30 ms more under Xvfb.
      if (body.current && live.current.article.summary.id === h.article_id) paintHighlights(body.current, anchored(upsert(live.current.article, h)).map(spanOf));
      creating.current = true;
      window.getSelection()?.removeAllRanges();
      afterNextPaint(() => {
        creating.current = false;
        // The reader closed or moved to another article in the meantime: nothing to show.
        if (!body.current || live.current.article.summary.id !== h.article_id) return;
        props.onArticle(upsert(live.current.article, h));
        setSel(null);
        openEditor({ id: h.id, x: span.x, y: span.below, focus: then });
      });
    } catch (e) {
      props.onError(e);
    }
  }

  async function refresh(id: number) {
    const h = await api.highlight(id);
    props.onArticle(upsert(live.current.article, h));
  }

  async function remove(h: Highlight) {
    try {
      await api.remove({ kind: "highlight", id: h.id });
      setEditing(null);
      const now = live.current.article;
      props.onArticle({ ...now, highlights: now.highlights.filter((x) => x.id !== h.id) });
      props.onDeleted(deletedNotice(h.anchor.exact), async () => {
        await api.restore({ kind: "highlight", id: h.id });
      });
    } catch (e) {
      props.onError(e);
    }
  }

  // A click on a painted highlight opens its editor; a click on a link opens it outside.
  function onClick(e: MouseEvent) {
    const link = (e.target as HTMLElement).closest?.("a.link");
    if (link && window.getSelection()?.isCollapsed !== false) {
      void openExternal(link.getAttribute("data-href") ?? "");
      return;
    }
    const s = window.getSelection();
    if (s && !s.isCollapsed) return;
    const root = body.current;
    const caret = document.caretRangeFromPoint?.(e.clientX, e.clientY);
    if (!root || !caret) return;
    const at = domPointToOffset(root, caret.startContainer, caret.startOffset);
    if (at === null) return;
    const hits = itemsAt(anchored(article).map(spanOf), at);
    const place = { x: Math.max(12, Math.min(window.innerWidth - 340, e.clientX - 150)), y: e.clientY + 16 };
    if (hits.length > 1) openChooser({ ...place, ids: hits.map((h) => h.id) });
    else if (hits.length === 1) openEditor({ id: hits[0].id, ...place, focus: null });
    else {
      setEditing(null);
      setChoosing(null);
    }
  }

  // Keys: 1–5 and h highlight the selection; t and n add a tag or note (to the selection, making a
  // highlight, or to the highlight being edited); Delete removes the one being edited.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const { editing, article, keysEnabled, choosing, composing } = live.current;
      // The claim dialog over the editor has its own keys (Escape closes it, not the editor).
      if (!keysEnabled || (e.target as Element | null)?.closest?.(".debate-link")) return;
      if (e.key === "Escape" && (choosing || composing) && !editing) {
        setChoosing(null);
        setComposing(null);
        e.preventDefault();
        e.stopPropagation();
        return;
      }
      if (!isPlainKey(e)) return;
      // Read the selection now rather than waiting for the toolbar's frame to update the state.
      const root = body.current;
      const fresh = root ? selectionSpan(root, window.getSelection(), chars) : null;
      if (fresh && !live.current.sel) live.current.sel = { ...fresh, ...toolbarPlace(window.getSelection()!.getRangeAt(0).getBoundingClientRect()) };
      const sel = fresh ? live.current.sel : null;
      const n = "12345".indexOf(e.key);
      const current = editing && article.highlights.find((h) => h.id === editing.id);
      if (sel) {
        if (n >= 0) create(COLORS[n]);
        else if (e.key === "h") create("yellow");
        else if (e.key === "t") create("yellow", "tag");
        else if (e.key === "n") create("yellow", "note");
        else if (e.key === "m") openComposer(sel);
        else return;
        e.preventDefault();
      } else if (current) {
        if (n >= 0) api.setHighlightColor(current.id, COLORS[n]).then((h) => props.onArticle(upsert(live.current.article, h)), props.onError);
        else if (e.key === "t" || e.key === "n") openEditor({ ...editing!, focus: e.key === "t" ? "tag" : "note" });
        else if (e.key === "Delete" || e.key === "Backspace") remove(current);
        else if (e.key === "Escape") setEditing(null);
        else return;
        e.preventDefault();
        e.stopPropagation();
      }
    };
    document.addEventListener("keydown", onKey, true);
    return () => document.removeEventListener("keydown", onKey, true);
  }, [chars]);

  // The keyboard goes to the article as it opens: the page keys and arrows scroll it at once.
  useEffect(() => {
    if (!props.flashAt) scroller.current?.focus({ preventScroll: true });
  }, [article.summary.id]);

  // Home, End, Page Up/Down and Space scroll the article, from the article itself, the page or
  // the reader's toolbar (not from the margin or a popover, whose own keys they are).
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const el = scroller.current;
      if (!el || !live.current.keysEnabled || !isPlainKey(e) || e.defaultPrevented) return;
      if (!["Home", "End", "PageUp", "PageDown", " "].includes(e.key)) return;
      // Done here rather than left to the engine, whose own scrolling (animated, and only for the
      // focused scroller) would leave the keys dead after a click on a toolbar button.
      const active = document.activeElement;
      if (active && active !== document.body && !el.contains(active) && !active.closest(".reader-bar")) return;
      e.preventDefault();
      const page = el.clientHeight * 0.9;
      if (e.key === "Home") el.scrollTop = 0;
      else if (e.key === "End") el.scrollTop = el.scrollHeight;
      else el.scrollTop += e.key === "PageUp" || (e.key === " " && e.shiftKey) ? -page : page;
      el.focus({ preventScroll: true });
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, []);

  const onScroll = () => {
    const el = scroller.current;
    if (el) props.onScroll(el.scrollTop / Math.max(1, el.scrollHeight - el.clientHeight));
  };

  const meta = article.summary.meta;
  const byline = [meta.author, meta.site, meta.published].filter(Boolean).join(" · ");
  const editingHighlight = editing ? article.highlights.find((h) => h.id === editing.id) : undefined;

  return (
    <div class="reader">
      <Contents article={article} root={body} />
      <FindBar articleId={article.summary.id} root={body} />
      <div class="reader-scroll" ref={scroller} onScroll={onScroll} tabIndex={-1} data-testid="reader-scroll">
        <article class="reader-page" lang={meta.language ?? undefined}>
          <header class="article-head">
            {editingMeta ? <MetaEditor summary={article.summary} onSaved={props.onMeta} onClose={() => (setEditingMeta(false), scroller.current?.focus({ preventScroll: true }))} onError={props.onError} /> : null}
            {/* An article that opens with its title as a heading shows it once, from its text. */}
            {article.passages[0]?.kind === "heading" && article.passages[0].text === meta.title ? null : <h1 class="article-title">{meta.title || t("untitled")}</h1>}
            {
              <p class="article-byline">
                {byline}
                <button class="link-btn edit-meta" onClick={() => setEditingMeta(true)} data-testid="edit-meta" hidden={editingMeta}>
                  {t("editMeta")}
                </button>
                {meta.url && /^https?:/i.test(meta.url) ? (
                  <a class="link source-link" title={meta.url} role="link" onClick={() => void openExternal(meta.url!)}>
                    {t("original")} ↗
                  </a>
                ) : null}
                {props.onRefresh && meta.source && /^https?:\/\//i.test(meta.source) ? (
                  <a class="link source-link" title={`${t("refreshFromSourceHint")} ${meta.source}`} role="button" onClick={() => props.onRefresh?.(meta.source!)} data-testid="refresh-source">
                    {t("refreshFromSource")} ↻
                  </a>
                ) : null}
              </p>
            }
          </header>
          <div class="article-body" ref={body} onClick={onClick} data-testid="article-body">
            {passages}
          </div>
          <NoteMarkers marks={marks} bodyRef={body} onOpen={openMark} />
        </article>
      </div>
      <Margin {...props} sel={sel} labelOf={labelOf} bodyRef={body} live={() => live.current} />
      {sel && !editing && !composing && !choosing ? (
        <div class="sel-toolbar" style={{ left: `${sel.x}px`, top: `${sel.y}px` }} onMouseDown={(e) => e.preventDefault()} data-testid="sel-toolbar">
          {COLORS.map((c, i) => (
            <button class={`swatch ${c}`} title={`${labelOf(c)} (${i + 1})`} aria-label={labelOf(c)} onClick={() => create(c)} data-color={c} />
          ))}
          <span class="sep" />
          <button class="tb-btn" title={`${t("tag")} (t)`} onClick={() => create("yellow", "tag")}>
            #
          </button>
          <button class="tb-btn" title={`${t("note")} (n)`} onClick={() => create("yellow", "note")}>
            ✎
          </button>
          <button class="tb-btn" title={`${t("passageNote")} (m)`} onClick={() => openComposer(sel)}>
            ¶
          </button>
        </div>
      ) : null}
      {choosing ? (
        <div class="popover overlap-chooser" style={{ left: `${choosing.x}px`, top: `${choosing.y}px` }} role="menu" data-testid="overlap-chooser" onKeyDown={(e) => e.key === "Escape" && (e.stopPropagation(), setChoosing(null))}>
          {choosing.ids.map((id, i) => {
            const h = article.highlights.find((x) => x.id === id);
            if (!h) return null;
            const quote = Array.from(h.anchor.exact);
            return (
              <button
                role="menuitem"
                data-highlight-id={id}
                ref={(el) => {
                  if (i === 0 && el && !el.parentElement?.contains(document.activeElement)) el.focus();
                }}
                onClick={() => openEditor({ id, x: choosing.x, y: choosing.y, focus: null })}
              >
                <span class={`dot ${h.color}`} /> <span class="muted small">{labelOf(h.color)}</span> {quote.slice(0, 18).join("")}
                {quote.length > 18 ? "…" : ""}
              </button>
            );
          })}
        </div>
      ) : null}
      {editing && editingHighlight ? (
        <HighlightEditor
          key={editing.id}
          h={editingHighlight}
          at={editing}
          focus={editing.focus}
          labels={props.labels}
          tags={props.tags}
          onColor={(c) => api.setHighlightColor(editing.id, c).then((h) => props.onArticle(upsert(article, h)), props.onError)}
          onAddTag={(name) =>
            api
              .addTag({ kind: "highlight", id: editing.id }, name)
              .then(() => refresh(editing.id))
              .then(props.onTagsChanged, props.onError)
          }
          onRemoveTag={(name) =>
            api
              .removeTag({ kind: "highlight", id: editing.id }, name)
              .then(() => refresh(editing.id))
              .then(props.onTagsChanged, props.onError)
          }
          onNote={(body) => api.setHighlightNote(editing.id, body).then(() => refresh(editing.id), props.onError)}
          onDelete={() => remove(editingHighlight)}
          onClose={() => setEditing(null)}
          onError={props.onError}
        />
      ) : null}
      {composing ? (
        <NoteComposer
          at={composing}
          quote={chars.slice(composing.start, composing.end).join("")}
          draft={`passage:${article.summary.id}:${composing.start}:${composing.end}`}
          onSave={async (text) => {
            try {
              const note = await api.addPassageNote(article.summary.id, composing.start, composing.end, text);
              props.onArticle({ ...article, notes: [...article.notes, note] });
              setComposing(null);
              window.getSelection()?.removeAllRanges();
            } catch (e) {
              props.onError(e);
            }
          }}
          onClose={() => setComposing(null)}
        />
      ) : null}
    </div>
  );
}
