// A note in the margin that reads as rendered Markdown and turns into its source to be edited: a
// click, Enter or Space on the rendered note opens the text field with the cursor at its end;
// leaving the field (or Escape) saves what changed and shows it rendered again. An empty note is
// the field itself, ready to be written in.

import { useEffect, useRef, useState } from "preact/hooks";
import { t } from "../i18n";
import { NoteText } from "./NoteText";

export function EditableNote(props: {
  text: string;
  onSave: (text: string) => void;
  /** The text field's `data-draft` (recovery.ts keeps what is typed there). */
  draft: string;
  placeholder?: string;
  rows: number;
  /** The text field's test id; the rendered note's is this with `-text` after it. */
  testid?: string;
  /** The rendered note's class (the note view is a `.note-view` either way). */
  class?: string;
}) {
  const [editing, setEditing] = useState(false);
  const [value, setValue] = useState(props.text);
  const field = useRef<HTMLTextAreaElement>(null);

  // What the library holds is what the field starts from, unless the reader is typing.
  useEffect(() => {
    if (!editing) setValue(props.text);
  }, [props.text]);
  useEffect(() => {
    const el = field.current;
    if (!editing || !el) return;
    el.focus();
    el.setSelectionRange(el.value.length, el.value.length);
  }, [editing]);

  const finish = () => {
    if (value !== props.text) props.onSave(value);
    setEditing(false);
  };

  if (!editing && props.text.trim()) {
    const edit = () => {
      setValue(props.text);
      setEditing(true);
    };
    return (
      <div
        class={`note-view ${props.class ?? ""}`}
        tabIndex={0}
        role="button"
        title={t("editNote")}
        aria-label={`${t("editNote")}: ${props.text}`}
        data-testid={props.testid ? `${props.testid}-text` : undefined}
        onClick={(e) => {
          // A link inside the note opens outside (NoteText stops its click); a selection is kept.
          if (!window.getSelection()?.isCollapsed) return;
          e.preventDefault();
          edit();
        }}
        onKeyDown={(e) => {
          if (e.target !== e.currentTarget || (e.key !== "Enter" && e.key !== " ")) return;
          e.preventDefault();
          edit();
        }}
      >
        <NoteText text={props.text} />
      </div>
    );
  }
  return (
    <textarea
      ref={field}
      class="note-input"
      rows={props.rows}
      placeholder={props.placeholder}
      value={value}
      data-testid={props.testid}
      data-draft={props.draft}
      onInput={(e) => setValue((e.target as HTMLTextAreaElement).value)}
      onBlur={finish}
      onKeyDown={(e) => {
        if (e.key === "Escape" || (e.key === "Enter" && (e.ctrlKey || e.metaKey))) {
          e.preventDefault();
          e.stopPropagation();
          field.current?.blur();
        }
      }}
    />
  );
}
