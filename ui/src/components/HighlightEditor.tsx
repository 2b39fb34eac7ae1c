// The editor of one highlight, below it: its colour, tags, note, the debate's tools, its history
// on the synced computers, and delete.

import { useEffect, useRef, useState } from "preact/hooks";
import type { Color, ColorLabel, Highlight, Tag } from "../api";
import { colorLabel, t } from "../i18n";
import { COLORS } from "../paint";
import { editorPlace, type Popup } from "../popup";
import { DebateEditorTools } from "./DebateSuggest";
import { NoteText } from "./NoteText";
import { SyncHistory } from "./SyncHistory";
import { TagEditor } from "./TagEditor";

export function HighlightEditor(props: {
  h: Highlight;
  at: Popup;
  focus: "tag" | "note" | null;
  labels: ColorLabel[];
  tags: Tag[];
  onColor: (c: Color) => void;
  onAddTag: (name: string) => Promise<void> | void;
  onRemoveTag: (name: string) => void;
  onNote: (body: string) => Promise<void> | void;
  onDelete: () => void;
  onClose: () => void;
  onError: (e: unknown) => void;
}) {
  const { h } = props;
  const [note, setNote] = useState(h.note?.body ?? "");
  // While the claim dialog is open the editor is hidden behind it (popovers never stack).
  const [linking, setLinking] = useState(false);
  const tagInput = useRef<HTMLInputElement>(null);
  const noteInput = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    if (props.focus === "tag") tagInput.current?.focus();
    if (props.focus === "note") noteInput.current?.focus();
  }, [props.focus]);

  const saveNote = () => {
    if (note !== (h.note?.body ?? "")) void props.onNote(note);
  };

  return (
    <div class={`popover editor${linking ? " behind" : ""}`} style={editorPlace(props.at)} data-testid="hl-editor" role="dialog" onKeyDown={(e) => e.key === "Escape" && (saveNote(), props.onClose())}>
      <div class="editor-row">
        {COLORS.map((c, i) => (
          <button class={`swatch ${c} ${h.color === c ? "on" : ""}`} title={`${colorLabel(props.labels.find((l) => l.color === c)?.label ?? c)} (${i + 1})`} onClick={() => props.onColor(c)} data-color={c} />
        ))}
        <span class="muted small grow">{colorLabel(props.labels.find((l) => l.color === h.color)?.label ?? h.color)}</span>
        <button class="icon-btn" title={t("close")} onClick={() => (saveNote(), props.onClose())}>
          ×
        </button>
      </div>
      <TagEditor tags={h.tags} all={props.tags} onAdd={(name) => void props.onAddTag(name)} onRemove={props.onRemoveTag} inputRef={tagInput} />
      {/* The debate's suggested tags and "Link to claim…". */}
      <DebateEditorTools h={h} onAddTag={props.onAddTag} onError={props.onError} onLinking={setLinking} />
      <textarea
        ref={noteInput}
        class="note-input"
        rows={3}
        placeholder={t("notePlaceholder")}
        value={note}
        data-testid="note-input"
        data-draft={`highlight:${h.article_id}:${h.id}`}
        onInput={(e) => setNote((e.target as HTMLTextAreaElement).value)}
        onBlur={saveNote}
        onKeyDown={(e) => {
          if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            saveNote();
            props.onClose();
          }
        }}
      />
      {/* The note as it will read (Markdown rendered), while it is written. */}
      {note.trim() ? (
        <div class="note-preview" aria-label={t("preview")}>
          <NoteText text={note} testid="note-preview" />
        </div>
      ) : null}
      <SyncHistory h={h} labels={props.labels} onError={props.onError} />
      <div class="editor-row">
        <button class="danger" onClick={props.onDelete} data-testid="hl-delete">
          {t("delete")}
        </button>
        <span class="spacer" />
        <span class="muted small">Ctrl+Enter</span>
        <button
          class="primary"
          onClick={() => {
            saveNote();
            props.onClose();
          }}
        >
          {t("save")}
        </button>
      </div>
    </div>
  );
}
