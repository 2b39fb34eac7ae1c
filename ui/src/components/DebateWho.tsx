// "Who & what" of the open article: the companies, models, people, topics and stances
// it mentions, grouped by kind with counts, and the figures it cites. Clicking an entry marks
// all its mentions in the text and steps through them (‹ › or clicking again); clicking a figure
// scrolls to it. A section of the reader's margin.

import { useEffect, useState } from "preact/hooks";
import { debateApi, type Article, type EntityMentions, type EntryKind, type Figure, type WhoAndWhat } from "../api";
import { lang, t, type Key } from "../i18n";
import { cpLength, cpSlice, offsetsToRange, passageElements } from "../offsets";
import { flash, register } from "../paint";
import { entryName } from "./DebateSuggest";

const KINDS: EntryKind[] = ["actor", "model", "person", "topic", "stance"];

/** The entities grouped by kind, in the taxonomy's order of kinds (empty kinds left out). */
export function groupByKind(entities: readonly EntityMentions[]): [EntryKind, EntityMentions[]][] {
  return KINDS.map((k) => [k, entities.filter((e) => e.kind === k)] as [EntryKind, EntityMentions[]]).filter(([, list]) => list.length > 0);
}

/** A figure's value for a reader: the number in the interface's compact form, with its unit. */
export function figureValue(f: Figure, language: "zh" | "en" = lang()): string {
  if (f.value === null) return "";
  const fmt = new Intl.NumberFormat(language === "zh" ? "zh-CN" : "en", { notation: "compact", maximumSignificantDigits: 4 });
  const range = f.value_to !== null ? `${fmt.format(f.value)}–${fmt.format(f.value_to)}` : fmt.format(f.value);
  return f.unit ? `${range} ${f.unit}` : range;
}

function markMentions(root: Element, spans: readonly { start: number; end: number }[]) {
  if (typeof CSS === "undefined" || !("highlights" in CSS)) return;
  const cache = passageElements(root);
  const ranges = spans.map((s) => offsetsToRange(root, s.start, s.end, cache)).filter((r): r is Range => r !== null);
  const hl = new Highlight(...ranges);
  hl.priority = 5;
  register("zh-mention", hl);
}

function unmark() {
  if (typeof CSS !== "undefined" && "highlights" in CSS) CSS.highlights.delete("zh-mention");
}

export function DebateWho(props: { article: Article; bodyRef: { current: HTMLDivElement | null }; onError: (e: unknown) => void }) {
  const { article } = props;
  const [data, setData] = useState<WhoAndWhat | null>(null);
  const [open, setOpen] = useState(false);
  const [current, setCurrent] = useState<{ key: string; at: number } | null>(null);

  useEffect(() => {
    let live = true;
    setCurrent(null);
    debateApi.whoAndWhat(article.summary.id).then((w) => live && setData(w), props.onError);
    return () => {
      live = false;
    };
  }, [article.summary.id, article.text]);
  useEffect(() => () => unmark(), []);

  const go = (e: EntityMentions, at: number) => {
    const root = props.bodyRef.current;
    if (!root || !e.mentions.length) return;
    const i = ((at % e.mentions.length) + e.mentions.length) % e.mentions.length;
    setCurrent({ key: e.key, at: i });
    markMentions(root, e.mentions);
    flash(root, e.mentions[i]);
  };
  const selected = current && data?.entities.find((e) => e.key === current.key);

  const total = data ? data.entities.length + data.figures.length : 0;
  return (
    <details
      class="meta-editor debate-who"
      open={open}
      data-testid="who-what"
      onToggle={(e) => {
        const now = (e.currentTarget as HTMLDetailsElement).open;
        setOpen(now);
        if (!now) {
          unmark();
          setCurrent(null);
        }
      }}
    >
      <summary class="margin-head">
        {t("whoWhat")} <span class="count">{data ? total : ""}</span>
      </summary>
      {data && data.entities.length === 0 && data.figures.length === 0 ? <p class="muted small">{t("nothingFound")}</p> : null}
      {selected ? (
        <div class="who-stepper" data-testid="who-stepper">
          <button class="icon-btn" title={t("prev")} onClick={() => go(selected, current!.at - 1)} data-testid="who-prev">
            ‹
          </button>
          <span class="grow">
            <strong>{entryName(selected)}</strong>{" "}
            <span class="muted small" data-testid="who-position">
              {current!.at + 1}/{selected.mentions.length}
            </span>
          </span>
          <button class="icon-btn" title={t("next")} onClick={() => go(selected, current!.at + 1)} data-testid="who-next">
            ›
          </button>
          <button
            class="icon-btn"
            title={t("close")}
            data-testid="who-close"
            onClick={() => {
              unmark();
              setCurrent(null);
            }}
          >
            ×
          </button>
        </div>
      ) : null}
      {data
        ? groupByKind(data.entities).map(([kind, list]) => (
            <div class="who-group" data-kind={kind}>
              <div class="who-kind muted small">{t(`kind_${kind}` as Key)}</div>
              <div class="who-chips">
                {list.map((e) => (
                  <button
                    class={`chip who-chip kind-${kind} ${current?.key === e.key ? "on" : ""}`}
                    title={e.tag}
                    data-key={e.key}
                    onClick={() => go(e, current?.key === e.key ? current.at + 1 : 0)}
                  >
                    {entryName(e)}
                    <span class="who-count">{e.count}</span>
                  </button>
                ))}
              </div>
            </div>
          ))
        : null}
      {data?.figures.length ? (
        <div class="who-group">
          <div class="who-kind muted small">
            {t("figures")} <span class="count">{data.figures.length}</span>
          </div>
          {data.figures.map((f) => (
            <button
              class="figure-item"
              data-start={f.start}
              onClick={() => {
                const root = props.bodyRef.current;
                if (!root) return;
                // The figure stays marked (like an entity's mentions) after the flash fades.
                setCurrent(null);
                markMentions(root, [{ start: f.start, end: f.end }]);
                flash(root, { start: f.start, end: f.end });
              }}
            >
              <span class="figure-head">
                <strong class="figure-text">{f.text}</strong>
                <span class="muted small">{figureValue(f)}</span>
              </span>
              <FigureContext f={f} />
            </button>
          ))}
        </div>
      ) : null}
    </details>
  );
}

/** The figure's sentence around it, cut to a short window with the figure itself in bold. */
export function figureContext(f: Figure, before = 24, after = 36): [string, string, string] {
  const at = f.start - f.sentence_start;
  const to = f.end - f.sentence_start;
  const len = cpLength(f.sentence);
  const from = Math.max(0, at - before);
  const until = Math.min(len, to + after);
  return [(from > 0 ? "…" : "") + cpSlice(f.sentence, from, at), cpSlice(f.sentence, at, to), cpSlice(f.sentence, to, until) + (until < len ? "…" : "")];
}

function FigureContext({ f }: { f: Figure }) {
  const [pre, fig, post] = figureContext(f);
  return (
    <span class="figure-sentence">
      {pre}
      <mark>{fig}</mark>
      {post}
    </span>
  );
}
