// Tag chips with a field that adds tags, in the highlight editor and the margin.

import { useState } from "preact/hooks";
import type { Tag } from "../api";
import { t } from "../i18n";
import { suggestTags } from "../tags";

/**
 * Tag chips with a field that adds tags: Enter adds what was typed (a nested name such as
 * `topic/算力` creates the whole path), Tab or a click takes the first suggestion.
 */
export function TagEditor(props: { tags: string[]; all: Tag[]; onAdd: (name: string) => void; onRemove: (name: string) => void; inputRef?: { current: HTMLInputElement | null }; testid?: string }) {
  const [typed, setTyped] = useState("");
  const suggestions = suggestTags(
    props.all.map((x) => x.name),
    typed,
    props.tags,
  );
  const add = (name: string) => {
    const clean = name.trim().replace(/^#/, "");
    if (clean) props.onAdd(clean);
    setTyped("");
  };
  return (
    <>
      <div class="editor-tags">
        {props.tags.map((name) => (
          <span class="chip">
            {name}
            <button class="chip-x" aria-label={`${t("delete")} ${name}`} onClick={() => props.onRemove(name)}>
              ×
            </button>
          </span>
        ))}
        <input
          ref={props.inputRef}
          class="tag-input"
          placeholder={t("addTag")}
          value={typed}
          data-testid={props.testid ?? "tag-input"}
          onInput={(e) => setTyped((e.target as HTMLInputElement).value)}
          onKeyDown={(e) => {
            if (e.key === "Enter") {
              e.preventDefault();
              add(typed);
            } else if (e.key === "Tab" && suggestions.length && typed) {
              e.preventDefault();
              add(suggestions[0]);
            }
          }}
        />
      </div>
      {suggestions.length ? (
        <div class="suggestions">
          {suggestions.map((s) => (
            <button class="chip suggestion" onMouseDown={(e) => e.preventDefault()} onClick={() => add(s)}>
              {s}
            </button>
          ))}
        </div>
      ) : null}
    </>
  );
}
