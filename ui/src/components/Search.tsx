// Search results: grouped by kind (titles, highlights, notes, passages), each hit with its
// snippet and the matches marked. Snippets are text; marks are built from offsets, never from
// markup.

import type { SearchResults } from "../api";
import type { SearchHit } from "../bindings/SearchHit";
import type { TextSpan } from "../bindings/TextSpan";
import { t } from "../i18n";
import { cpSlice } from "../offsets";

/** Splits `text` at the code-point spans `marks` into plain and marked pieces, in order. */
export function markPieces(text: string, marks: readonly TextSpan[]): { text: string; marked: boolean }[] {
  const out: { text: string; marked: boolean }[] = [];
  let at = 0;
  for (const m of [...marks].sort((a, b) => a.start - b.start)) {
    if (m.start < at) continue;
    if (m.start > at) out.push({ text: cpSlice(text, at, m.start), marked: false });
    out.push({ text: cpSlice(text, m.start, m.end), marked: true });
    at = m.end;
  }
  const rest = cpSlice(text, at, Number.MAX_SAFE_INTEGER);
  if (rest) out.push({ text: rest, marked: false });
  return out;
}

export function SearchPane(props: { query: string; results: SearchResults | null; onOpen: (hit: SearchHit) => void }) {
  const r = props.results;
  return (
    <div class="plain-list search-results" data-testid="search-results">
      {r && r.total === 0 ? <p class="empty">{t("noResults")}</p> : null}
      {r?.groups.map((g) => (
        <section class="search-group">
          <h2 class="margin-head">
            {t(`group_${g.kind}`)} <span class="count">{g.total_exact ? g.total : `${g.total}+`}</span>
          </h2>
          {g.hits.map((h) => (
            <button class="search-hit" onClick={() => props.onOpen(h)} data-article-id={h.article_id}>
              {h.color ? <span class={`dot ${h.color}`} /> : null}
              <span class="hit-body">
                <span class="hit-snippet">
                  {markPieces(h.snippet, h.snippet_marks).map((p) => (p.marked ? <mark>{p.text}</mark> : p.text))}
                </span>
                {g.kind !== "title" ? <span class="muted small">{h.article_title}</span> : null}
              </span>
            </button>
          ))}
        </section>
      ))}
    </div>
  );
}
