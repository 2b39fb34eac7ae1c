// "Title looks wrong?": the reader's form for an article's title, author and date (an import may
// take a pull quote for the title, or miss the byline). Escape cancels without leaving the reader.

import { useEffect, useRef, useState } from "preact/hooks";
import { api, type ArticleSummary } from "../api";
import { t } from "../i18n";

export function MetaEditor(props: { summary: ArticleSummary; onSaved: (s: ArticleSummary) => void; onClose: () => void; onError: (e: unknown) => void }) {
  const m = props.summary.meta;
  const [title, setTitle] = useState(m.title);
  const [author, setAuthor] = useState(m.author ?? "");
  const [published, setPublished] = useState(m.published ?? "");
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => first.current?.focus(), []);
  const save = async (e: Event) => {
    e.preventDefault();
    if (!title.trim()) return;
    try {
      props.onSaved(await api.setArticleMeta(props.summary.id, { title, author, published }));
      props.onClose();
    } catch (err) {
      props.onError(err);
    }
  };
  return (
    <form
      class="meta-form"
      data-testid="meta-form"
      onSubmit={save}
      onKeyDown={(e) => {
        if (e.key !== "Escape") return;
        e.stopPropagation();
        props.onClose();
      }}
    >
      <label>
        <span>{t("metaTitle")}</span>
        <input value={title} data-testid="meta-title" ref={first} onInput={(e) => setTitle((e.target as HTMLInputElement).value)} />
      </label>
      <label>
        <span>{t("metaAuthor")}</span>
        <input value={author} data-testid="meta-author" onInput={(e) => setAuthor((e.target as HTMLInputElement).value)} />
      </label>
      <label>
        <span>{t("metaPublished")}</span>
        <input value={published} placeholder="2026-01-31" data-testid="meta-published" onInput={(e) => setPublished((e.target as HTMLInputElement).value)} />
      </label>
      <div class="meta-actions">
        <button type="button" onClick={props.onClose}>
          {t("cancel")}
        </button>
        <button class="primary" type="submit" disabled={!title.trim()} data-testid="meta-save">
          {t("save")}
        </button>
      </div>
    </form>
  );
}
