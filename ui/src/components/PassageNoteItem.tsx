// A note on a passage, in the margin: its quote (a click goes there), its text, editable in place, and delete.

import { api, type Article, type Note } from "../api";
import { t } from "../i18n";
import { EditableNote } from "./EditableNote";

export function PassageNoteItem(props: {
  note: Note;
  onGo: () => void;
  article: Article;
  onArticle: (a: Article) => void;
  onDeleted: (message: string, undo: () => Promise<void>) => void;
  onError: (e: unknown) => void;
  /** The latest state, for the answer to a save that arrives after the article changed. */
  live: () => { article: Article };
}) {
  const { note, article } = props;
  const quote = note.target.type === "passage" ? note.target.anchor.exact : "";
  return (
    <div class="margin-item passage-note" data-note-id={note.id}>
      <button class="margin-quote link-btn" onClick={props.onGo}>
        ¶ {quote}
      </button>
      <EditableNote
        text={note.body}
        rows={2}
        draft={`note:${article.summary.id}:${note.id}`}
        testid="passage-note"
        onSave={(body) => api.editNote(note.id, body).then((n) => props.onArticle({ ...props.live().article, notes: props.live().article.notes.map((x) => (x.id === n.id ? n : x)) }), props.onError)}
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
