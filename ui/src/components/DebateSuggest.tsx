// The debate's tools in the highlight editor: the tags the highlight's text suggests, as chips
// that one click or the `a` key accepts, and "Link to claim…" (or `l`).

import { useEffect, useRef, useState } from "preact/hooks";
import { debateApi, type Highlight, type TagSuggestion } from "../api";
import { lang, t } from "../i18n";
import { isPlainKey } from "../keys";
import { LinkDialog } from "./DebateLink";

/** The name of a suggested entry in the interface's language (the tag itself is fixed). */
export function entryName(s: { zh: string; en: string }): string {
  return lang() === "zh" ? s.zh || s.en : s.en || s.zh;
}

/** The suggestions not yet on the highlight, in the core's order (named first, then implied). */
export function pendingSuggestions(list: readonly TagSuggestion[], tags: readonly string[], accepted: ReadonlySet<string> = new Set()): TagSuggestion[] {
  return list.filter((s) => !tags.includes(s.tag) && !accepted.has(s.tag));
}

export function DebateEditorTools(props: {
  h: Highlight;
  onAddTag: (name: string) => Promise<void> | void;
  onError: (e: unknown) => void;
  /** The claim dialog opened or closed: the editor steps aside while it is open. */
  onLinking?: (open: boolean) => void;
}) {
  const { h } = props;
  const [list, setList] = useState<TagSuggestion[]>([]);
  const [linking, setLinking] = useState(false);
  const [linked, setLinked] = useState<string | null>(null);
  // Tags accepted but not yet back from the core, so a quick second `a` takes the next one.
  const accepted = useRef(new Set<string>());

  useEffect(() => {
    let live = true;
    accepted.current = new Set();
    debateApi.suggestForHighlight(h.id).then(
      (l) => live && setList(l),
      () => live && setList([]),
    );
    return () => {
      live = false;
    };
  }, [h.id, h.anchor.exact]);

  useEffect(() => props.onLinking?.(linking), [linking]);

  const pending = pendingSuggestions(list, h.tags, accepted.current);
  const accept = (s: TagSuggestion) => {
    accepted.current.add(s.tag);
    return Promise.resolve(props.onAddTag(s.tag)).catch(props.onError);
  };

  // `a` accepts the next suggestion, `l` opens "Link to claim…", while the editor is open and
  // no field has the keyboard.
  const state = useRef({ pending, linking });
  state.current = { pending, linking };
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!isPlainKey(e) || state.current.linking) return;
      if (document.querySelector(".overlay")) return;
      if (e.key === "a" && state.current.pending[0]) void accept(state.current.pending[0]);
      else if (e.key === "l") setLinking(true);
      else return;
      e.preventDefault();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, []);

  return (
    <>
      {list.length ? (
        <div class="debate-suggest" data-testid="tag-suggestions">
          <span class="muted small">{t("suggested")}</span>
          {list.map((s) => {
            const on = h.tags.includes(s.tag);
            const next = !on && pending[0]?.tag === s.tag;
            const title = [s.matched.join(" / "), s.implied_by ? `${t("impliedBy")} ${s.implied_by}` : "", on ? t("applied") : next ? "a" : ""].filter(Boolean).join(" · ");
            return (
              <button
                class={`chip suggest-chip kind-${s.kind} ${on ? "applied" : ""} ${next ? "next" : ""} ${s.implied_by ? "implied" : ""}`}
                disabled={on}
                title={title}
                data-tag={s.tag}
                onMouseDown={(e) => e.preventDefault()}
                onClick={() => void accept(s)}
              >
                {on ? "✓ " : "+ "}
                {s.tag}
                {next ? <kbd class="chip-key">a</kbd> : null}
              </button>
            );
          })}
        </div>
      ) : null}
      <div class="editor-row debate-link-row">
        <button class="link-btn" onClick={() => setLinking(true)} data-testid="link-claim" title={`${t("linkToClaim")} (l)`}>
          ⚖ {t("linkToClaim")} <kbd>l</kbd>
        </button>
        {linked ? (
          <span class="muted small linked-to" data-testid="linked-to">
            {t("linkedTo")} “{linked}”
          </span>
        ) : null}
      </div>
      {linking ? (
        <LinkDialog
          h={h}
          onClose={() => setLinking(false)}
          onLinked={(text) => {
            setLinking(false);
            setLinked(text);
          }}
          onError={props.onError}
        />
      ) : null}
    </>
  );
}
