// Pure helpers over an article's highlights, shared by the reader and its margin.

import type { Article, Color, Highlight } from "./api";
import { t } from "./i18n";
import { cpSlice } from "./offsets";
import type { Span } from "./selection";

/** A highlight's span, for the pure helpers of selection.ts and paint.ts. */
export const spanOf = (h: Highlight): Span & { id: number; color: Color } => ({ start: h.anchor.start, end: h.anchor.end, id: h.id, color: h.color });

/** The highlights that have a place in the text (orphans have none). */
export const anchored = (a: Article) => a.highlights.filter((h) => h.anchor.status === "anchored");

/** Puts `h` into the article's highlights (replacing the old copy), kept in reading order. */
export function upsert(a: Article, h: Highlight): Article {
  const rest = a.highlights.filter((x) => x.id !== h.id);
  rest.push(h);
  rest.sort((x, y) => (x.anchor.status === y.anchor.status ? x.anchor.start - y.anchor.start : x.anchor.status === "anchored" ? -1 : 1));
  return { ...a, highlights: rest };
}

/** The toast shown when a highlight is deleted: its quote's first 24 characters (code points, so
 * that 𠮷 or an emoji is never cut in half). */
export function deletedNotice(quote: string): string {
  return `${t("deleted")}: “${cpSlice(quote, 0, 24)}”`;
}
