// The markers beside the text where a highlight carries a note or a passage has a margin note: a
// small button in the page's right gutter, level with the line where the stretch ends. They are
// buttons in reading order after the article, so Tab reaches them; a click or Enter opens the
// highlight's editor or the passage note in the margin. They sit outside the article body, which
// stays exactly the passages' text (offsets.ts counts only that).
//
// Positions are measured only for passages the engine lays out (content-visibility: auto skips
// the others, and measuring a skipped passage would make the engine lay it out); they are
// measured again when a passage is shown or skipped and when the body changes size, one frame
// later, all at once.

import { useEffect, useLayoutEffect, useState } from "preact/hooks";
import { t } from "../i18n";
import { cpSlice, offsetsToRange, passageElements } from "../offsets";
import { isPassageSkipped } from "../paint";
import type { Span } from "../selection";

/** A stretch of the article that carries a note. */
export interface NoteMark extends Span {
  kind: "highlight" | "note";
  /** The highlight's id or the note's. */
  id: number;
  /** The note's text, for the marker's tooltip and label. */
  body: string;
}

/** A marker's place in the page, in pixels from the page's top-left corner. */
export interface Spot {
  mark: NoteMark;
  top: number;
}

/** How far a marker sits below one already on the same line, so that both can be seen and clicked. */
const STACK = 16;

/**
 * Where the markers go: each at the top of the last line its stretch covers (`lineTop` gives it,
 * or null when the stretch is not laid out: no marker), in reading order, a marker that would cover
 * the one before it moved below it.
 */
export function spotsFor(marks: readonly NoteMark[], lineTop: (m: NoteMark) => number | null): Spot[] {
  const out: Spot[] = [];
  const sorted = [...marks].sort((a, b) => a.end - b.end || a.start - b.start || (a.kind === b.kind ? a.id - b.id : a.kind === "highlight" ? -1 : 1));
  for (const mark of sorted) {
    const top = lineTop(mark);
    if (top === null) continue;
    const prev = out[out.length - 1];
    out.push({ mark, top: prev && top < prev.top + STACK ? prev.top + STACK : top });
  }
  return out;
}

/** The label a marker reads out and shows as its tooltip: the note's first 60 characters. */
export function markLabel(m: NoteMark): string {
  const text = m.body.replace(/\s+/g, " ").trim();
  const short = cpSlice(text, 0, 60);
  return `${m.kind === "highlight" ? t("highlightNote") : t("passageNote")}: ${short}${short.length < text.length ? "…" : ""}`;
}

export function NoteMarkers(props: { marks: readonly NoteMark[]; bodyRef: { current: HTMLDivElement | null }; onOpen: (m: NoteMark, at: { x: number; y: number }) => void }) {
  const [spots, setSpots] = useState<Spot[]>([]);
  const [left, setLeft] = useState(0);
  const [tick, setTick] = useState(0);

  // Measure again, once, in the next frame, whenever the layout may have moved.
  useEffect(() => {
    const body = props.bodyRef.current;
    if (!body) return;
    let frame = 0;
    const later = () => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => setTick((n) => n + 1));
    };
    const watch = new ResizeObserver(later);
    watch.observe(body);
    body.addEventListener("contentvisibilityautostatechange", later, true);
    return () => {
      cancelAnimationFrame(frame);
      watch.disconnect();
      body.removeEventListener("contentvisibilityautostatechange", later, true);
    };
  }, []);

  useLayoutEffect(() => {
    const body = props.bodyRef.current;
    // The markers' layer sits in the body's parent, the page (positioned: reader.css).
    const page = body?.parentElement;
    if (!body || !page || !props.marks.length) return setSpots([]);
    const pageBox = page.getBoundingClientRect();
    const cache = passageElements(body);
    setLeft(body.getBoundingClientRect().right - pageBox.left + 4);
    setSpots(
      spotsFor(props.marks, (m) => {
        const range = offsetsToRange(body, m.start, m.end, cache);
        if (!range) return null;
        const passage = (range.endContainer.nodeType === Node.ELEMENT_NODE ? (range.endContainer as Element) : range.endContainer.parentElement)?.closest("[data-start]");
        if (passage && isPassageSkipped(passage)) return null;
        const rects = range.getClientRects?.();
        const last = rects && rects.length ? rects[rects.length - 1] : null;
        return last ? last.top - pageBox.top : null;
      }),
    );
  }, [props.marks, tick]);

  if (!spots.length) return null;
  return (
    <div class="note-markers" data-testid="note-markers">
      {spots.map((s) => (
        <button
          key={`${s.mark.kind}${s.mark.id}`}
          class={`note-marker ${s.mark.kind}`}
          style={{ top: `${s.top}px`, left: `${left}px` }}
          title={markLabel(s.mark)}
          aria-label={markLabel(s.mark)}
          data-kind={s.mark.kind}
          data-id={s.mark.id}
          onClick={(e) => {
            const r = (e.currentTarget as HTMLElement).getBoundingClientRect();
            props.onOpen(s.mark, { x: Math.max(12, Math.min(window.innerWidth - 340, r.left - 300)), y: r.bottom + 6 });
          }}
        >
          {s.mark.kind === "highlight" ? "✎" : "¶"}
        </button>
      ))}
    </div>
  );
}
