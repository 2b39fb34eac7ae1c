// The search palette (Ctrl+K): results as you type, grouped (highlights, notes, passages,
// titles), chosen with ↑↓ and Enter; Esc closes. A query the core cannot read shows its message.

import { useEffect, useRef, useState } from "preact/hooks";
import { api, ApiFailure, type SearchResults } from "../api";
import type { SearchHit } from "../bindings/SearchHit";
import { t } from "../i18n";
import { markPieces } from "./Search";

const ORDER = ["highlight", "note", "passage", "title"] as const;

export function Palette(props: { onOpen: (hit: SearchHit) => void; onClose: () => void }) {
  const [query, setQuery] = useState("");
  const [results, setResults] = useState<SearchResults | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [active, setActive] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  const list = useRef<HTMLDivElement>(null);
  const seq = useRef(0);

  useEffect(() => input.current?.focus(), []);

  useEffect(() => {
    const q = query.trim();
    const n = ++seq.current;
    if (!q) {
      setResults(null);
      setError(null);
      return;
    }
    const timer = window.setTimeout(() => {
      api.search(q, 12).then(
        (r) => {
          if (n !== seq.current) return;
          setResults(r);
          setError(null);
          setActive(0);
        },
        (e) => {
          if (n !== seq.current) return;
          setResults(null);
          setError(e instanceof ApiFailure || e instanceof Error ? e.message : String(e));
        },
      );
    }, 120);
    return () => window.clearTimeout(timer);
  }, [query]);

  const groups = results ? ORDER.flatMap((k) => results.groups.filter((g) => g.kind === k && g.hits.length)) : [];
  const flat = groups.flatMap((g) => g.hits);

  useEffect(() => {
    list.current?.querySelector(".palette-hit.active")?.scrollIntoView({ block: "nearest" });
  }, [active, results]);

  const onKey = (e: KeyboardEvent) => {
    if (e.key === "Escape") {
      e.preventDefault();
      e.stopPropagation();
      props.onClose();
    } else if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      if (flat.length) setActive((a) => (a + (e.key === "ArrowDown" ? 1 : flat.length - 1)) % flat.length);
    } else if (e.key === "Enter") {
      e.preventDefault();
      const hit = flat[active];
      if (hit) props.onOpen(hit);
    }
  };

  let i = -1;
  return (
    <div class="overlay palette-veil" onMouseDown={(e) => e.target === e.currentTarget && props.onClose()}>
      <div class="palette" role="dialog" aria-label={t("search")} data-testid="palette">
        <input
          ref={input}
          class="palette-input"
          type="search"
          value={query}
          placeholder={t("palettePlaceholder")}
          onInput={(e) => setQuery((e.target as HTMLInputElement).value)}
          onKeyDown={onKey}
          data-testid="palette-input"
          aria-controls="palette-list"
        />
        {error ? (
          <p class="palette-error" role="alert" data-testid="palette-error">
            {t("queryError")} {error}
          </p>
        ) : null}
        <div class="palette-list" id="palette-list" ref={list} role="listbox">
          {results && flat.length === 0 ? <p class="empty">{t("noResults")}</p> : null}
          {groups.map((g) => (
            <section class="palette-group">
              <h3 class="margin-head">
                {t(`group_${g.kind}`)} <span class="count">{g.total_exact ? g.total : `${g.total}+`}</span>
              </h3>
              {g.hits.map((h) => {
                const me = ++i;
                return (
                  <button
                    class={`palette-hit${me === active ? " active" : ""}`}
                    role="option"
                    aria-selected={me === active}
                    onMouseMove={() => me !== active && setActive(me)}
                    onClick={() => props.onOpen(h)}
                    data-article-id={h.article_id}
                    data-kind={g.kind}
                  >
                    {h.color ? <span class={`dot ${h.color}`} /> : null}
                    <span class="hit-snippet">{markPieces(h.snippet, h.snippet_marks).map((p) => (p.marked ? <mark>{p.text}</mark> : p.text))}</span>
                    {g.kind !== "title" ? <span class="palette-title muted small">{h.article_title}</span> : null}
                  </button>
                );
              })}
            </section>
          ))}
        </div>
        <footer class="palette-foot muted small">{t("paletteHint")}</footer>
      </div>
    </div>
  );
}
