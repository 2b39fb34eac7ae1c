// The composer of a note on a passage (the `m` key or ¶ on the selection toolbar).

import { useEffect, useRef, useState } from "preact/hooks";
import { t } from "../i18n";
import { cpSlice } from "../offsets";
import type { Popup } from "../popup";

export function NoteComposer(props: { at: Popup; quote: string; draft: string; onSave: (text: string) => void; onClose: () => void }) {
  const [text, setText] = useState("");
  // `autofocus` is honoured only once per page load; focus the field by hand.
  const field = useRef<HTMLTextAreaElement>(null);
  useEffect(() => field.current?.focus(), []);
  return (
    <div class="popover editor" style={{ left: `${props.at.x}px`, top: `${props.at.y + 50}px` }} role="dialog">
      <div class="muted small quote-line">“{cpSlice(props.quote, 0, 60)}”</div>
      <textarea
        class="note-input"
        rows={4}
        ref={field}
        placeholder={t("notePlaceholder")}
        value={text}
        data-testid="passage-note-input"
        data-draft={props.draft}
        onInput={(e) => setText((e.target as HTMLTextAreaElement).value)}
        onKeyDown={(e) => {
          if (e.key === "Escape") props.onClose();
          if (e.key === "Enter" && (e.ctrlKey || e.metaKey) && text.trim()) props.onSave(text);
        }}
      />
      <div class="editor-row">
        <span class="spacer" />
        <button onClick={props.onClose}>{t("cancel")}</button>
        <button class="primary" disabled={!text.trim()} onClick={() => props.onSave(text)} data-testid="passage-note-save">
          {t("save")}
        </button>
      </div>
    </div>
  );
}
