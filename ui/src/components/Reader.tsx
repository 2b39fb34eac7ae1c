// The reader: the article built from its passages as text (never from HTML), the highlights
// painted over it, the selection toolbar, the highlight editor and the margin.

import type { ComponentChildren } from "preact";
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from "preact/hooks";
import { api, openExternal, type Article, type Color, type ColorLabel, type Highlight, type Note, type Tag } from "../api";
import type { Passage } from "../bindings/Passage";
import { colorLabel, t } from "../i18n";
import { afterNextPaint } from "../frames";
import { cpSlice, domPointToOffset } from "../offsets";
import { clearPaint, COLORS, flash, paintActive, paintHighlights, paintNotes, passageShown } from "../paint";
import { itemsAt, selectionSpan, type Span } from "../selection";
import { suggestTags } from "../tags";
// ---- debate (issue 6) hook points: editor tools and the who & what section ----
import { DebateEditorTools } from "./DebateSuggest";
import { DebateWho } from "./DebateWho";
// ---- ui2 ----
import { markHit } from "../find";
import { Contents } from "./Contents";
import { FindBar } from "./Find";
// ---- end ui2 ----

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
}

interface Popup {
  x: number;
  y: number;
}

interface Editing extends Popup {
  id: number;
  focus: "tag" | "note" | null;
}

/** A highlight's span, for the pure helpers. */
const spanOf = (h: Highlight): Span & { id: number; color: Color } => ({ start: h.anchor.start, end: h.anchor.end, id: h.id, color: h.color });

const anchored = (a: Article) => a.highlights.filter((h) => h.anchor.status === "anchored");

/** Puts `h` into the article's highlights (replacing the old copy), kept in reading order. */
function upsert(a: Article, h: Highlight): Article {
  const rest = a.highlights.filter((x) => x.id !== h.id);
  rest.push(h);
  rest.sort((x, y) => (x.anchor.status === y.anchor.status ? x.anchor.start - y.anchor.start : x.anchor.status === "anchored" ? -1 : 1));
  return { ...a, highlights: rest };
}

function isTyping(e: Event): boolean {
  const el = e.target as HTMLElement | null;
  return !!el && (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement || el.isContentEditable);
}

/** True when `text` is written mostly in Latin script (fewer than one CJK character in ten). */
export function isLatin(text: string): boolean {
  const cjk = text.match(/[\u3400-\u9fff\uf900-\ufaff\u{20000}-\u{2ffff}]/gu)?.length ?? 0;
  const letters = text.match(/[A-Za-z]/g)?.length ?? 0;
  return letters > 0 && cjk * 10 < letters;
}

/** Where the selection toolbar goes (above the selection) and the editor (below it). */
function toolbarPlace(rect: DOMRect): Popup & { below: number } {
  return { x: Math.max(12, Math.min(window.innerWidth - 320, rect.left + rect.width / 2 - 140)), y: Math.max(8, rect.top - 50), below: rect.bottom + 10 };
}

/** The DOM of one passage: its text, split only where a link starts or ends. */
function PassageView({ p }: { p: Passage }) {
  let body: ComponentChildren = p.text;
  if (p.links?.length) {
    const parts: ComponentChildren[] = [];
    let at = 0;
    for (const l of p.links) {
      if (l.start > at) parts.push(cpSlice(p.text, at, l.start));
      // No href attribute: the browser must never follow it by itself. A click asks api.ts,
      // which opens http(s) in the system browser and refuses everything else.
      parts.push(
        <a class="link" data-href={l.href} title={l.href} role="link">
          {cpSlice(p.text, l.start, l.end)}
        </a>,
      );
      at = l.end;
    }
    parts.push(cpSlice(p.text, at, Number.MAX_SAFE_INTEGER));
    body = parts;
  }
  // Latin-script passages are set ragged-right without CJK letter-spacing; a list item that carries
  // its own number ("1.", "2、") gets no bullet.
  const ordered = p.kind === "list_item" && /^\s*(\d+|[a-z]|[一二三四五六七八九十]+)[.)、．]/i.test(p.text);
  const attrs = {
    "data-start": p.start,
    "data-end": p.end,
    "data-level": p.level || undefined,
    class: `ps ${p.kind}${ordered ? " ordered" : ""}`,
    lang: isLatin(p.text) ? "en" : undefined,
    // Its length, for the height it is given before it is first laid out (styles.css).
    style: { "--cp": p.end - p.start },
  };
  switch (p.kind) {
    case "heading": {
      const level = Math.min(6, Math.max(1, p.level));
      const H = `h${level}` as "h1";
      return <H {...attrs}>{body}</H>;
    }
    case "code":
      return <pre {...attrs}>{body}</pre>;
    case "quote":
      return <blockquote {...attrs}>{body}</blockquote>;
    case "list_item":
      return <div {...attrs}>{body}</div>;
    default:
      return <p {...attrs}>{body}</p>;
  }
}

export function Reader(props: Props) {
  const { article } = props;
  const body = useRef<HTMLDivElement>(null);
  const scroller = useRef<HTMLDivElement>(null);
  const chars = useMemo(() => Array.from(article.text), [article.text]);
  const [sel, setSel] = useState<(Span & Popup & { below: number }) | null>(null);
  const [editing, setEditing] = useState<Editing | null>(null);
  const [composing, setComposing] = useState<(Span & Popup) | null>(null);
  const labelOf = (c: Color) => colorLabel(props.labels.find((l) => l.color === c)?.label ?? c);
  // The latest state, for the document-level key handler: it is registered once, and a key
  // pressed right after a selection must see that selection even before effects have re-run.
  const live = useRef({ sel, editing, article, keysEnabled: props.keysEnabled });
  const creating = useRef(false);
  live.current = { sel, editing, article, keysEnabled: props.keysEnabled };

  // Passages only change when the text does; highlight edits must not rebuild the text's DOM.
  const passages = useMemo(() => article.passages.map((p) => <PassageView key={p.ordinal} p={p} />), [article.summary.id, article.text]);

  // A new text means new DOM nodes: the old ranges point nowhere, so start painting afresh.
  useLayoutEffect(() => clearPaint(), [article.text]);
  useLayoutEffect(() => {
    if (body.current) paintHighlights(body.current, anchored(article).map(spanOf));
  }, [article.highlights, article.text]);

  useLayoutEffect(() => {
    const spans = article.notes.flatMap((n) => (n.target.type === "passage" ? [{ start: n.target.anchor.start, end: n.target.anchor.end }] : []));
    if (body.current) paintNotes(body.current, spans);
  }, [article.notes, article.text]);

  useLayoutEffect(() => {
    const h = editing && article.highlights.find((x) => x.id === editing.id);
    if (body.current) paintActive(body.current, h ? spanOf(h) : null);
  }, [editing, article.highlights]);

  useEffect(() => () => clearPaint(), []);

  // The body's width in em, from which styles.css predicts the height of the passages that are
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
      markHit(body.current, props.flashAt); // ui2: the hit stays marked
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
        setEditing({ id: h.id, x: span.x, y: span.below, focus: then });
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
      props.onDeleted(`${t("deleted")}: “${h.anchor.exact.slice(0, 24)}”`, async () => {
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
    const hit = itemsAt(anchored(article).map(spanOf), at)[0];
    if (hit) setEditing({ id: hit.id, x: Math.max(12, Math.min(window.innerWidth - 340, e.clientX - 150)), y: e.clientY + 16, focus: null });
    else setEditing(null);
  }

  // Keys: 1–5 and h highlight the selection; t and n add a tag or note (to the selection, making a
  // highlight, or to the highlight being edited); Delete removes the one being edited.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const { editing, article, keysEnabled } = live.current;
      if (!keysEnabled || isTyping(e) || e.ctrlKey || e.metaKey || e.altKey) return;
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
        else if (e.key === "m") setComposing(sel);
        else return;
        e.preventDefault();
      } else if (current) {
        if (n >= 0) api.setHighlightColor(current.id, COLORS[n]).then((h) => props.onArticle(upsert(live.current.article, h)), props.onError);
        else if (e.key === "t" || e.key === "n") setEditing({ ...editing!, focus: e.key === "t" ? "tag" : "note" });
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
      <div class="reader-scroll" ref={scroller} onScroll={onScroll}>
        <article class="reader-page" lang={meta.language ?? undefined}>
          <header class="article-head">
            {/* An article that opens with its title as a heading shows it once, from its text. */}
            {article.passages[0]?.kind === "heading" && article.passages[0].text === meta.title ? null : <h1 class="article-title">{meta.title || t("untitled")}</h1>}
            {byline || meta.url ? (
              <p class="article-byline">
                {byline}
                {meta.url && /^https?:/i.test(meta.url) ? (
                  <a class="link source-link" title={meta.url} role="link" onClick={() => void openExternal(meta.url!)}>
                    {t("original")} ↗
                  </a>
                ) : null}
              </p>
            ) : null}
          </header>
          <div class="article-body" ref={body} onClick={onClick} data-testid="article-body">
            {passages}
          </div>
        </article>
      </div>
      <Margin {...props} sel={sel} labelOf={labelOf} bodyRef={body} live={() => live.current} />
      {sel && !editing ? (
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
          <button class="tb-btn" title={`${t("passageNote")} (m)`} onClick={() => setComposing(sel)}>
            ¶
          </button>
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

function HighlightEditor(props: {
  h: Highlight;
  at: Popup;
  focus: "tag" | "note" | null;
  labels: ColorLabel[];
  tags: Tag[];
  onColor: (c: Color) => void;
  onAddTag: (name: string) => Promise<void> | void;
  onRemoveTag: (name: string) => void;
  onNote: (body: string) => Promise<void> | void;
  onDelete: () => void;
  onClose: () => void;
  onError: (e: unknown) => void;
}) {
  const { h } = props;
  const [note, setNote] = useState(h.note?.body ?? "");
  const tagInput = useRef<HTMLInputElement>(null);
  const noteInput = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    if (props.focus === "tag") tagInput.current?.focus();
    if (props.focus === "note") noteInput.current?.focus();
  }, [props.focus]);

  const saveNote = () => {
    if (note !== (h.note?.body ?? "")) void props.onNote(note);
  };

  return (
    <div class="popover editor" style={editorPlace(props.at)} data-testid="hl-editor" role="dialog" onKeyDown={(e) => e.key === "Escape" && (saveNote(), props.onClose())}>
      <div class="editor-row">
        {COLORS.map((c, i) => (
          <button class={`swatch ${c} ${h.color === c ? "on" : ""}`} title={`${colorLabel(props.labels.find((l) => l.color === c)?.label ?? c)} (${i + 1})`} onClick={() => props.onColor(c)} data-color={c} />
        ))}
        <span class="muted small grow">{colorLabel(props.labels.find((l) => l.color === h.color)?.label ?? h.color)}</span>
        <button class="icon-btn" title={t("close")} onClick={() => (saveNote(), props.onClose())}>
          ×
        </button>
      </div>
      <TagEditor tags={h.tags} all={props.tags} onAdd={(name) => void props.onAddTag(name)} onRemove={props.onRemoveTag} inputRef={tagInput} />
      {/* debate (issue 6): suggested tags and "Link to claim…" */}
      <DebateEditorTools h={h} onAddTag={props.onAddTag} onError={props.onError} />
      <textarea
        ref={noteInput}
        class="note-input"
        rows={3}
        placeholder={t("notePlaceholder")}
        value={note}
        data-testid="note-input"
        data-draft={`highlight:${h.article_id}:${h.id}`}
        onInput={(e) => setNote((e.target as HTMLTextAreaElement).value)}
        onBlur={saveNote}
        onKeyDown={(e) => {
          if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            saveNote();
            props.onClose();
          }
        }}
      />
      <div class="editor-row">
        <button class="danger" onClick={props.onDelete} data-testid="hl-delete">
          {t("delete")}
        </button>
        <span class="spacer" />
        <span class="muted small">Ctrl+Enter</span>
        <button
          class="primary"
          onClick={() => {
            saveNote();
            props.onClose();
          }}
        >
          {t("save")}
        </button>
      </div>
    </div>
  );
}

function NoteComposer(props: { at: Popup; quote: string; draft: string; onSave: (text: string) => void; onClose: () => void }) {
  const [text, setText] = useState("");
  // `autofocus` is honoured only once per page load; focus the field by hand.
  const field = useRef<HTMLTextAreaElement>(null);
  useEffect(() => field.current?.focus(), []);
  return (
    <div class="popover editor" style={{ left: `${props.at.x}px`, top: `${props.at.y + 50}px` }} role="dialog">
      <div class="muted small quote-line">“{props.quote.slice(0, 60)}”</div>
      <textarea
        class="note-input"
        rows={4}
        ref={field}
        placeholder={t("notePlaceholder")}
        value={text}
        data-testid="passage-note-input"
        data-draft={props.draft}
        onInput={(e) => setText((e.target as HTMLTextAreaElement).value)}
        onKeyDown={(e) => {
          if (e.key === "Escape") props.onClose();
          if (e.key === "Enter" && (e.ctrlKey || e.metaKey) && text.trim()) props.onSave(text);
        }}
      />
      <div class="editor-row">
        <span class="spacer" />
        <button onClick={props.onClose}>{t("cancel")}</button>
        <button class="primary" disabled={!text.trim()} onClick={() => props.onSave(text)} data-testid="passage-note-save">
          {t("save")}
        </button>
      </div>
    </div>
  );
}

function Margin(props: Props & { sel: Span | null; labelOf: (c: Color) => string; bodyRef: { current: HTMLDivElement | null }; live: () => { article: Article } }) {
  const live = props.live;
  const { article } = props;
  const articleNote = article.notes.find((n) => n.target.type === "article");
  const [draft, setDraft] = useState(articleNote?.body ?? "");
  useEffect(() => setDraft(articleNote?.body ?? ""), [article.summary.id]);

  type Item = { start: number; end: number; h?: Highlight; n?: Note };
  const items: Item[] = [
    ...anchored(article).map((h) => ({ start: h.anchor.start, end: h.anchor.end, h })),
    ...article.notes.flatMap((n) => (n.target.type === "passage" ? [{ start: n.target.anchor.start, end: n.target.anchor.end, n }] : [])),
  ].sort((a, b) => a.start - b.start);
  const orphans = article.highlights.filter((h) => h.anchor.status === "orphaned");

  const go = (s: Span) => props.bodyRef.current && flash(props.bodyRef.current, s);

  return (
    <aside class="margin" aria-label={t("margin")}>
      <section>
        <h2 class="margin-head">{t("articleNote")}</h2>
        <textarea
          class="note-input article-note"
          rows={3}
          placeholder={t("articleNotePlaceholder")}
          value={draft}
          data-testid="article-note"
          data-draft={`article:${article.summary.id}`}
          onInput={(e) => setDraft((e.target as HTMLTextAreaElement).value)}
          onBlur={() => {
            if (draft !== (articleNote?.body ?? ""))
              api.setArticleNote(article.summary.id, draft).then((note) => {
                const others = article.notes.filter((n) => n.target.type !== "article");
                props.onArticle({ ...article, notes: note ? [...others, note] : others });
              }, props.onError);
          }}
        />
      </section>
      <details class="meta-editor">
        <summary class="margin-head">{t("details")}</summary>
        {(["title", "author", "site", "published", "url"] as const).map((field) => (
          <label class="meta-field">
            <span>{t(field)}</span>
            <input
              key={`${article.summary.id}-${field}`}
              // Not `value`: Preact writes `value` back into the field at every render, and any
              // render (a toast, the tag list arriving) would erase what is being typed.
              defaultValue={article.summary.meta[field] ?? ""}
              data-testid={`meta-${field}`}
              onChange={(e) => {
                const value = (e.target as HTMLInputElement).value.trim();
                if (value === (article.summary.meta[field] ?? "") || (field === "title" && !value)) return;
                api.setArticleMeta(article.summary.id, { [field]: value }).then((summary) => props.onArticle({ ...live().article, summary }), props.onError);
              }}
            />
          </label>
        ))}
      </details>
      {/* debate (issue 6): who & what of the article */}
      <DebateWho article={article} bodyRef={props.bodyRef} onError={props.onError} />
      <section>
        <h2 class="margin-head">{t("articleTags")}</h2>
        <TagEditor
          tags={article.summary.tags}
          all={props.tags}
          testid="article-tag-input"
          onAdd={(name) =>
            api
              .addTag({ kind: "article", id: article.summary.id }, name)
              .then(() => api.article(article.summary.id))
              .then((a) => (props.onArticle({ ...live().article, summary: a.summary }), props.onTagsChanged()), props.onError)
          }
          onRemove={(name) =>
            api
              .removeTag({ kind: "article", id: article.summary.id }, name)
              .then(() => api.article(article.summary.id))
              .then((a) => (props.onArticle({ ...live().article, summary: a.summary }), props.onTagsChanged()), props.onError)
          }
        />
      </section>
      <section>
        <h2 class="margin-head">
          {t("margin")} <span class="count">{items.length}</span>
        </h2>
        {items.length === 0 ? <p class="muted small">{t("nothingYet")}</p> : null}
        {items.map((it) =>
          it.h ? (
            <button class={`margin-item hl-${it.h.color}`} onClick={() => go(it)} data-highlight-id={it.h.id}>
              <span class="margin-quote">{it.h.anchor.exact}</span>
              <span class="margin-meta">
                <span class={`dot ${it.h.color}`} />
                {props.labelOf(it.h.color)}
                {it.h.tags.map((tg) => (
                  <span class="chip small">{tg}</span>
                ))}
              </span>
              {it.h.note ? <span class="margin-note">{it.h.note.body}</span> : null}
            </button>
          ) : (
            <PassageNoteItem note={it.n!} onGo={() => go(it)} {...props} />
          ),
        )}
      </section>
      {orphans.length ? (
        <section class="orphans">
          <h2 class="margin-head">{t("orphans")}</h2>
          <p class="muted small">{t("orphanHelp")}</p>
          {orphans.map((h) => (
            <div class={`margin-item hl-${h.color}`}>
              <span class="margin-quote">{h.anchor.exact}</span>
              <button
                disabled={!props.sel}
                onClick={() => props.sel && api.reattachHighlight(h.id, props.sel.start, props.sel.end).then((nh) => props.onArticle(upsert(article, nh)), props.onError)}
              >
                {t("reattach")}
              </button>
            </div>
          ))}
        </section>
      ) : null}
    </aside>
  );
}

function PassageNoteItem(props: Props & { note: Note; onGo: () => void }) {
  const { note, article } = props;
  const [body, setBody] = useState(note.body);
  const quote = note.target.type === "passage" ? note.target.anchor.exact : "";
  return (
    <div class="margin-item passage-note">
      <button class="margin-quote link-btn" onClick={props.onGo}>
        ¶ {quote}
      </button>
      <textarea
        class="note-input"
        rows={2}
        value={body}
        data-draft={`note:${article.summary.id}:${note.id}`}
        onInput={(e) => setBody((e.target as HTMLTextAreaElement).value)}
        onBlur={() => body !== note.body && api.editNote(note.id, body).then((n) => props.onArticle({ ...article, notes: article.notes.map((x) => (x.id === n.id ? n : x)) }), props.onError)}
      />
      <button
        class="link-btn small"
        onClick={() =>
          api.remove({ kind: "note", id: note.id }).then(() => {
            props.onArticle({ ...article, notes: article.notes.filter((x) => x.id !== note.id) });
            props.onDeleted(t("deleted"), async () => {
              await api.restore({ kind: "note", id: note.id });
            });
          }, props.onError)
        }
      >
        {t("delete")}
      </button>
    </div>
  );
}

/**
 * Tag chips with a field that adds tags: Enter adds what was typed (a nested name such as
 * `topic/算力` creates the whole path), Tab or a click takes the first suggestion.
 */
function TagEditor(props: { tags: string[]; all: Tag[]; onAdd: (name: string) => void; onRemove: (name: string) => void; inputRef?: { current: HTMLInputElement | null }; testid?: string }) {
  const [typed, setTyped] = useState("");
  const suggestions = suggestTags(
    props.all.map((x) => x.name),
    typed,
    props.tags,
  );
  const add = (name: string) => {
    const clean = name.trim().replace(/^#/, "");
    if (clean) props.onAdd(clean);
    setTyped("");
  };
  return (
    <>
      <div class="editor-tags">
        {props.tags.map((name) => (
          <span class="chip">
            {name}
            <button class="chip-x" aria-label={`${t("delete")} ${name}`} onClick={() => props.onRemove(name)}>
              ×
            </button>
          </span>
        ))}
        <input
          ref={props.inputRef}
          class="tag-input"
          placeholder={t("addTag")}
          value={typed}
          data-testid={props.testid ?? "tag-input"}
          onInput={(e) => setTyped((e.target as HTMLInputElement).value)}
          onKeyDown={(e) => {
            if (e.key === "Enter") {
              e.preventDefault();
              add(typed);
            } else if (e.key === "Tab" && suggestions.length && typed) {
              e.preventDefault();
              add(suggestions[0]);
            }
          }}
        />
      </div>
      {suggestions.length ? (
        <div class="suggestions">
          {suggestions.map((s) => (
            <button class="chip suggestion" onMouseDown={(e) => e.preventDefault()} onClick={() => add(s)}>
              {s}
            </button>
          ))}
        </div>
      ) : null}
    </>
  );
}

/** Where the highlight editor goes: below the highlight, but never past the window's bottom edge;
 * what does not fit scrolls inside the editor (the suggestions and the claim link make it tall). */
function editorPlace(at: { x: number; y: number }) {
  const top = Math.max(8, Math.min(at.y, window.innerHeight - 300));
  return { left: `${at.x}px`, top: `${top}px`, maxHeight: `${window.innerHeight - top - 12}px` };
}
