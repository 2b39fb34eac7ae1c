// A note on a passage, in the margin: its quote (a click goes there), its text, editable in place, and delete.

import { useState } from "preact/hooks";
import { api, type Article, type Note } from "../api";
import { t } from "../i18n";

export function PassageNoteItem(props: {
  note: Note;
  onGo: () => void;
  article: Article;
  onArticle: (a: Article) => void;
  onDeleted: (message: string, undo: () => Promise<void>) => void;
  onError: (e: unknown) => void;
}) {
  const { note, article } = props;
  const [body, setBody] = useState(note.body);
  const quote = note.target.type === "passage" ? note.target.anchor.exact : "";
  return (
    <div class="margin-item passage-note">
      <button class="margin-quote link-btn" onClick={props.onGo}>
        ¶ {quote}
      </button>
      <textarea
        class="note-input"
        rows={2}
        value={body}
        data-draft={`note:${article.summary.id}:${note.id}`}
        onInput={(e) => setBody((e.target as HTMLTextAreaElement).value)}
        onBlur={() => body !== note.body && api.editNote(note.id, body).then((n) => props.onArticle({ ...article, notes: article.notes.map((x) => (x.id === n.id ? n : x)) }), props.onError)}
      />
      <button
        class="link-btn small"
        onClick={() =>
          api.remove({ kind: "note", id: note.id }).then(() => {
            props.onArticle({ ...article, notes: article.notes.filter((x) => x.id !== note.id) });
            props.onDeleted(t("deleted"), async () => {
              await api.restore({ kind: "note", id: note.id });
            });
          }, props.onError)
        }
      >
        {t("delete")}
      </button>
    </div>
  );
}
