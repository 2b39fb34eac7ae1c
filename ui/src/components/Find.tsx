// Find in the article (Ctrl+F): every match marked, the current one stronger, "3/17",
// Enter / Shift+Enter for next / previous, Esc closes. The core matches (folding as search does:
// width, case, Traditional and Simplified) and answers code-point spans, painted here with the
// CSS Custom Highlight API.

import { useEffect, useRef, useState } from "preact/hooks";
import { api } from "../api";
import { clearFind, paintFind, scrollToRange } from "../find";
import type { Span } from "../selection";
import { t } from "../i18n";
import { isCommand } from "../keys";

export function FindBar(props: { articleId: number; root: { current: HTMLElement | null } }) {
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState("");
  const [current, setCurrent] = useState(0);
  const [matches, setMatches] = useState<Span[]>([]);
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (!open || !query.trim()) return setMatches([]);
    let stale = false;
    api.findInArticle(props.articleId, query).then(
      (spans) => stale || setMatches(spans),
      () => stale || setMatches([]),
    );
    // A later keystroke (or another article) makes this answer stale.
    return () => {
      stale = true;
    };
  }, [props.articleId, query, open]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (isCommand(e, "f")) {
        e.preventDefault();
        setOpen(true);
        window.setTimeout(() => {
          input.current?.focus();
          input.current?.select();
        });
      }
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, []);

  useEffect(() => {
    const root = props.root.current;
    if (!open || !root) return clearFind();
    const r = paintFind(root, matches, current);
    if (r) scrollToRange(r);
  }, [matches, current, open]);

  useEffect(() => () => clearFind(), []);

  const step = (d: number) => matches.length && setCurrent((c) => (c + d + matches.length) % matches.length);
  const close = () => {
    setOpen(false);
    clearFind();
  };

  if (!open) return null;
  return (
    <div class="find-bar" role="search" data-testid="find-bar">
      <input
        ref={input}
        type="search"
        value={query}
        placeholder={t("findPlaceholder")}
        onInput={(e) => {
          setQuery((e.target as HTMLInputElement).value);
          setCurrent(0);
        }}
        onKeyDown={(e) => {
          if (e.key === "Enter") {
            e.preventDefault();
            step(e.shiftKey ? -1 : 1);
          } else if (e.key === "Escape") {
            e.preventDefault();
            e.stopPropagation();
            close();
          }
        }}
        data-testid="find-input"
      />
      <span class={`find-count${query.trim() && !matches.length ? " none" : ""}`} data-testid="find-count">
        {query.trim() ? `${matches.length ? current + 1 : 0}/${matches.length}` : ""}
      </span>
      <button class="icon-btn" title={t("findPrev")} onClick={() => step(-1)} data-testid="find-prev">
        ↑
      </button>
      <button class="icon-btn" title={t("findNext")} onClick={() => step(1)} data-testid="find-next">
        ↓
      </button>
      <button class="icon-btn" title="Esc" onClick={close}>
        ×
      </button>
    </div>
  );
}
