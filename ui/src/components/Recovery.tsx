// Says that the page was reloaded after its renderer crashed, and offers back the notes that were
// being typed and never saved (recovery.ts keeps them): each can be saved where it was going, or
// discarded. Drafts that the library already holds word for word are dropped without asking.

import { useEffect, useState } from "preact/hooks";
import { api } from "../api";
import { lang } from "../i18n";
import { cpSlice } from "../offsets";
import { dropDraft, keepDrafts, loadDrafts, parseDraftName, recovered, type Draft, type Target } from "../recovery";
import "../recovery.css";

const en = {
  crashed: "The page stopped unexpectedly (its renderer crashed) and was reloaded where you were.",
  memory: "The page was stopped for using too much memory and was reloaded where you were.",
  again: "It stopped again right after reopening the article, so the library is shown instead.",
  drafts: "Notes you were typing were kept:",
  saveDraft: "Save",
  discard: "Discard",
  dismiss: "Close",
  articleNote: "Note on the article",
  gone: "(no longer in the library)",
};

const zh: Record<keyof typeof en, string> = {
  crashed: "页面意外停止（渲染进程崩溃），已重新载入到原来的位置。",
  memory: "页面因占用内存过多被停止，已重新载入到原来的位置。",
  again: "重新打开文章后又停止了一次，因此先显示文库。",
  drafts: "正在输入的笔记已保留：",
  saveDraft: "保存",
  discard: "丢弃",
  dismiss: "关闭",
  articleNote: "文章笔记",
  gone: "（已不在文库中）",
};

const s = (key: keyof typeof en) => (lang() === "zh" ? zh : en)[key];

/** A kept draft with what it belongs to, ready to be saved. */
interface Offer {
  draft: Draft;
  target: Target;
  /** The highlight's quote, the passage or the article's title. */
  about: string;
  save: () => Promise<unknown>;
}

/** What a draft is for and how to save it; null when the library already holds its text. */
async function offer(draft: Draft): Promise<Offer | null> {
  const target = parseDraftName(draft.name);
  if (!target) return null;
  const text = draft.text;
  const base = { draft, target };
  try {
    if (target.kind === "highlight") {
      const h = await api.highlight(target.id);
      if ((h.note?.body ?? "") === text) return null;
      return { ...base, about: h.anchor.exact, save: () => api.setHighlightNote(target.id, text) };
    }
    const a = await api.article(target.articleId);
    if (target.kind === "article") {
      if ((a.notes.find((n) => n.target.type === "article")?.body ?? "") === text) return null;
      return { ...base, about: `${s("articleNote")} · ${a.summary.meta.title}`, save: () => api.setArticleNote(target.articleId, text) };
    }
    if (target.kind === "note") {
      const n = a.notes.find((x) => x.id === target.id);
      if (n?.body === text) return null;
      return { ...base, about: n?.target.type === "passage" ? n.target.anchor.exact : a.summary.meta.title, save: () => api.editNote(target.id, text) };
    }
    const same = a.notes.some((n) => n.target.type === "passage" && n.target.anchor.start === target.start && n.target.anchor.end === target.end && n.body === text);
    if (same) return null;
    return { ...base, about: cpSlice(a.text, target.start, target.end), save: () => api.addPassageNote(target.articleId, target.start, target.end, text) };
  } catch {
    // Its article or highlight is gone (deleted since): the text is still shown, for copying.
    return { ...base, about: s("gone"), save: () => Promise.reject(new Error(s("gone"))) };
  }
}

export function Recovery(props: { onSaved: (articleId: number) => void; onError: (e: unknown) => void }) {
  const [message, setMessage] = useState(recovered);
  const [offers, setOffers] = useState<Offer[]>([]);

  useEffect(() => {
    // The drafts of the page before this one, checked against the library; then this page's.
    let live = true;
    const before = loadDrafts();
    void Promise.all(before.map(offer)).then((list) => {
      if (!live) return;
      const kept = list.filter((o): o is Offer => o !== null);
      for (const d of before) if (!kept.some((o) => o.draft.name === d.name)) dropDraft(d.name);
      setOffers(kept);
    });
    const stop = keepDrafts();
    return () => {
      live = false;
      stop();
    };
  }, []);

  if (!message && !offers.length) return null;
  const done = (o: Offer) => {
    dropDraft(o.draft.name);
    setOffers((list) => list.filter((x) => x !== o));
  };
  return (
    <div class="recovery" role="alert" data-testid="recovered">
      {message ? (
        <p class="recovery-message">
          {s(message.reason)}
          {message.again ? ` ${s("again")}` : ""}
        </p>
      ) : null}
      {offers.length ? <p class="recovery-message">{s("drafts")}</p> : null}
      {offers.map((o) => (
        <div class="recovery-draft" data-testid="kept-draft" data-draft-of={o.draft.name}>
          <div class="muted small quote-line">“{o.about.slice(0, 60)}”</div>
          <div class="recovery-text">{o.draft.text}</div>
          <div class="editor-row">
            <span class="spacer" />
            <button onClick={() => done(o)} data-testid="kept-draft-discard">
              {s("discard")}
            </button>
            <button
              class="primary"
              data-testid="kept-draft-save"
              onClick={() =>
                o.save().then(() => {
                  done(o);
                  props.onSaved(o.target.articleId);
                }, props.onError)
              }
            >
              {s("saveDraft")}
            </button>
          </div>
        </div>
      ))}
      <button class="icon-btn recovery-close" title={s("dismiss")} onClick={() => (setMessage(null), setOffers([]))} data-testid="recovered-close">
        ×
      </button>
    </div>
  );
}
