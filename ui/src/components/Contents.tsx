// The article's contents: its headings (EPUB chapters, sections of a long article) in a column
// beside the text; a click scrolls to the heading. Shown when there are at least two.

import type { Article } from "../api";
import { t } from "../i18n";

export function Contents(props: { article: Article; root: { current: HTMLElement | null } }) {
  const heads = props.article.passages.filter((p) => p.kind === "heading");
  if (heads.length < 2) return null;
  const top = Math.min(...heads.map((h) => h.level || 1));
  const go = (start: number) => {
    const el = props.root.current?.querySelector<HTMLElement>(`[data-start="${start}"]`);
    el?.scrollIntoView({ block: "start" });
  };
  return (
    <nav class="contents" aria-label={t("contents")} data-testid="contents">
      <h2 class="margin-head">{t("contents")}</h2>
      <ol>
        {heads.map((h) => (
          <li style={{ paddingLeft: `${Math.min(3, (h.level || 1) - top) * 12}px` }}>
            <button class="link-btn contents-item" onClick={() => go(h.start)} title={h.text}>
              {h.text}
            </button>
          </li>
        ))}
      </ol>
    </nav>
  );
}
