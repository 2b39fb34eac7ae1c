// The reader's margin: the article's note, details and tags, the debate's who & what, the
// highlights and passage notes in reading order, and the highlights whose text has gone.

import { api, type Article, type Color, type Highlight, type Note, type Tag } from "../api";
import { anchored, upsert } from "../highlights";
import { t } from "../i18n";
import { flash } from "../paint";
import type { Span } from "../selection";
import { DebateWho } from "./DebateWho";
import { EditableNote } from "./EditableNote";
import { NoteText } from "./NoteText";
import { PassageNoteItem } from "./PassageNoteItem";
import { TagEditor } from "./TagEditor";

export interface MarginProps {
  article: Article;
  onArticle: (a: Article) => void;
  tags: Tag[];
  onTagsChanged: () => void;
  onDeleted: (message: string, undo: () => Promise<void>) => void;
  onError: (e: unknown) => void;
  /** The selected stretch of the article, to which a detached highlight can be re-attached. */
  sel: Span | null;
  labelOf: (c: Color) => string;
  bodyRef: { current: HTMLDivElement | null };
  /** The latest state, for answers that arrive after the article has changed. */
  live: () => { article: Article };
}

export function Margin(props: MarginProps) {
  const live = props.live;
  const { article } = props;
  const articleNote = article.notes.find((n) => n.target.type === "article");

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
        <EditableNote
          key={article.summary.id}
          class="article-note"
          rows={3}
          placeholder={t("articleNotePlaceholder")}
          text={articleNote?.body ?? ""}
          testid="article-note"
          draft={`article:${article.summary.id}`}
          onSave={(text) =>
            api.setArticleNote(article.summary.id, text).then((note) => {
              const now = live().article;
              const others = now.notes.filter((n) => n.target.type !== "article");
              props.onArticle({ ...now, notes: note ? [...others, note] : others });
            }, props.onError)
          }
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
      {/* The debate's who & what of the article. */}
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
              {it.h.note ? (
                <span class="margin-note">
                  <NoteText text={it.h.note.body} testid="margin-note" />
                </span>
              ) : null}
            </button>
          ) : (
            <PassageNoteItem note={it.n!} onGo={() => go(it)} article={article} live={live} onArticle={props.onArticle} onDeleted={props.onDeleted} onError={props.onError} />
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
