// The Claims pane of the library: the claims with their counts for, against and
// around them; a new claim; one claim with its evidence for and against side by side (context
// below), each item opening its article at the passage; rename, unlink, delete (to the trash,
// with undo) and the debate brief, written where the native save dialog says. Also a tag brief.

import { useEffect, useState } from "preact/hooks";
import { api, debateApi, pickSaveFile, type BriefFile, type Claim, type ClaimView, type Evidence, type EvidenceRole, type Tag } from "../api";
import type { Span } from "../selection";
import { NoteText } from "./NoteText";
import { t } from "../i18n";

/** What the Claims pane needs from the app. */
export interface DebateHooks {
  /** Opens an article scrolled to (and flashing) a stretch of it. */
  onOpenAt: (articleId: number, span: Span) => void;
  /** Shows "deleted" with an undo. */
  onDeleted: (message: string, undo: () => Promise<void>) => void;
  onError: (e: unknown) => void;
}

/** A file-name-safe stem for a brief: the claim's or tag's words, short. */
export function briefFileName(words: string): string {
  const stem = words
    .replace(/[\\/:*?"<>|#\s]+/g, "-")
    .replace(/-+/g, "-")
    .replace(/^-|-$/g, "");
  return `${Array.from(stem).slice(0, 40).join("") || "brief"}.md`;
}

function BriefNote({ file }: { file: BriefFile | null }) {
  if (!file) return null;
  return (
    <div class="brief-note" data-testid="brief-written">
      {file.written ? t("briefWritten") : t("briefUnchanged")} <code>{file.path}</code>
    </div>
  );
}

export function DebateClaims(props: DebateHooks & { id: number | null; onSelect: (id: number | null) => void; tags: Tag[] }) {
  return props.id === null ? <ClaimList {...props} /> : <ClaimPage {...props} id={props.id} />;
}

function ClaimList(props: DebateHooks & { onSelect: (id: number | null) => void; tags: Tag[] }) {
  const [claims, setClaims] = useState<Claim[] | null>(null);
  const [text, setText] = useState("");
  const [tag, setTag] = useState("");
  const [brief, setBrief] = useState<BriefFile | null>(null);
  const load = () => debateApi.claims().then(setClaims, props.onError);
  useEffect(() => void load(), []);

  const create = async () => {
    if (!text.trim()) return;
    try {
      const c = await debateApi.createClaim(text);
      setText("");
      props.onSelect(c.id);
    } catch (e) {
      props.onError(e);
    }
  };
  const tagBrief = async () => {
    try {
      const path = await pickSaveFile(t("tagBrief"), briefFileName(tag));
      if (path) setBrief(await debateApi.exportTagBrief(tag, path));
    } catch (e) {
      props.onError(e);
    }
  };

  return (
    <>
      <header class="toolbar">
        <h1 class="pane-title">{t("claims")}</h1>
        <form
          class="grow claim-new"
          onSubmit={(e) => {
            e.preventDefault();
            void create();
          }}
        >
          <input class="grow-input" value={text} placeholder={t("claimPlaceholder")} data-testid="claim-new-text" onInput={(e) => setText((e.target as HTMLInputElement).value)} />
          <button class="primary" disabled={!text.trim()} data-testid="claim-create">
            {t("create")}
          </button>
        </form>
      </header>
      <div class="plain-list claim-list">
        {claims && claims.length === 0 ? <p class="empty">{t("noClaims")}</p> : null}
        {(claims ?? []).map((c) => (
          <button class="plain-row claim-row" onClick={() => props.onSelect(c.id)} data-claim-id={c.id}>
            <span class="grow claim-text">{c.text}</span>
            <span class="claim-counts">
              <span class="chip role-supports" title={t("role_supports")}>
                {t("role_supports")} {c.supporting}
              </span>
              <span class="chip role-opposes" title={t("role_opposes")}>
                {t("role_opposes")} {c.opposing}
              </span>
              <span class="chip role-context" title={t("role_context")}>
                {t("role_context")} {c.context}
              </span>
            </span>
            <span class="muted small">{c.updated_at.slice(0, 10)}</span>
          </button>
        ))}
        <section class="tag-brief">
          <h2 class="margin-head">{t("tagBrief")}</h2>
          <div class="editor-row">
            <select value={tag} onChange={(e) => setTag((e.target as HTMLSelectElement).value)} data-testid="tag-brief-tag">
              <option value="">{t("chooseTag")}</option>
              {props.tags.map((tg) => (
                <option value={tg.name}>
                  {tg.name} ({tg.highlight_count})
                </option>
              ))}
            </select>
            <button disabled={!tag} onClick={() => void tagBrief()} data-testid="tag-brief-export">
              {t("exportBrief")}
            </button>
          </div>
          <BriefNote file={brief} />
        </section>
      </div>
    </>
  );
}

function ClaimPage(props: DebateHooks & { id: number; onSelect: (id: number | null) => void }) {
  const [view, setView] = useState<ClaimView | null>(null);
  const [renaming, setRenaming] = useState<string | null>(null);
  const [brief, setBrief] = useState<BriefFile | null>(null);
  const load = () =>
    debateApi.claim(props.id).then(setView, (e) => {
      props.onError(e);
      props.onSelect(null);
    });
  useEffect(() => {
    setBrief(null);
    void load();
  }, [props.id]);
  if (!view) return null;
  const c = view.claim;

  const rename = async () => {
    const text = renaming?.trim();
    setRenaming(null);
    if (!text || text === c.text) return;
    try {
      const claim = await debateApi.renameClaim(c.id, text);
      setView({ ...view, claim });
    } catch (e) {
      props.onError(e);
    }
  };
  const remove = async () => {
    try {
      await debateApi.deleteClaim(c.id);
      props.onSelect(null);
      props.onDeleted(`${t("claimDeleted")}: “${Array.from(c.text).slice(0, 24).join("")}”`, async () => {
        await api.restore({ kind: "claim", id: c.id });
        props.onSelect(c.id);
      });
    } catch (e) {
      props.onError(e);
    }
  };
  const exportBrief = async () => {
    try {
      const path = await pickSaveFile(t("exportBrief"), briefFileName(c.text));
      if (path) setBrief(await debateApi.exportClaimBrief(c.id, path));
    } catch (e) {
      props.onError(e);
    }
  };
  const unlink = (e: Evidence) => debateApi.unlink(c.id, e.highlight.id).then(load, props.onError);

  const column = (role: EvidenceRole, list: Evidence[]) => (
    <section class={`evidence-col role-${role}`} data-role={role} data-testid={`evidence-${role}`}>
      <h2 class="evidence-head">
        {t(`role_${role}`)} <span class="count">{list.length}</span>
      </h2>
      {list.length === 0 ? <p class="muted small">{t("noEvidence")}</p> : null}
      {list.map((e) => (
        <EvidenceCard e={e} onOpen={() => props.onOpenAt(e.source.article_id, { start: e.highlight.anchor.start, end: e.highlight.anchor.end })} onUnlink={() => void unlink(e)} />
      ))}
    </section>
  );

  return (
    <>
      <header class="toolbar">
        <button class="link-btn" onClick={() => props.onSelect(null)} data-testid="claims-back">
          ← {t("allClaims")}
        </button>
        <span class="spacer" />
        <button onClick={() => setRenaming(c.text)} data-testid="claim-rename">
          {t("renameClaim")}
        </button>
        <button onClick={() => void exportBrief()} data-testid="claim-brief">
          {t("exportBrief")}
        </button>
        <button class="danger" onClick={() => void remove()} data-testid="claim-delete">
          {t("delete")}
        </button>
      </header>
      <div class="claim-page" data-claim-id={c.id}>
        {renaming !== null ? (
          <form
            class="claim-rename"
            onSubmit={(e) => {
              e.preventDefault();
              void rename();
            }}
          >
            <input
              class="grow-input claim-title-input"
              value={renaming}
              data-testid="claim-rename-input"
              ref={(el) => {
                if (el && document.activeElement !== el) el.focus();
              }}
              onInput={(e) => setRenaming((e.target as HTMLInputElement).value)}
              onBlur={() => void rename()}
              onKeyDown={(e) => e.key === "Escape" && (e.stopPropagation(), setRenaming(null))}
            />
          </form>
        ) : (
          <h1 class="claim-title" data-testid="claim-title">
            {c.text}
          </h1>
        )}
        <p class="muted small claim-sub">
          {c.supporting + c.opposing + c.context} {t("evidence")} · {c.updated_at.slice(0, 10)}
        </p>
        <BriefNote file={brief} />
        <div class="evidence-sides">
          {column("supports", view.supporting)}
          {column("opposes", view.opposing)}
        </div>
        {column("context", view.context)}
      </div>
    </>
  );
}

function EvidenceCard({ e, onOpen, onUnlink }: { e: Evidence; onOpen: () => void; onUnlink: () => void }) {
  const s = e.source;
  const source = [s.site, s.author, s.published?.slice(0, 10)].filter(Boolean).join(" · ");
  return (
    <div class={`evidence-card hl-${e.highlight.color}`} data-highlight-id={e.highlight.id}>
      <button class="evidence-quote" onClick={onOpen} title={t("openAtHighlight")}>
        {e.highlight.anchor.exact}
      </button>
      <div class="evidence-source">
        <span class="evidence-title">{s.title || t("untitled")}</span>
        {source ? <span class="muted small"> · {source}</span> : null}
      </div>
      {e.note ? (
        <div class="evidence-note" data-testid="evidence-note">
          {e.note}
        </div>
      ) : null}
      {e.highlight.note ? (
        <div class="evidence-note hl-note">
          ✎ <NoteText text={e.highlight.note.body} />
        </div>
      ) : null}
      <div class="evidence-actions">
        {e.highlight.tags.map((tg) => (
          <span class="chip small">{tg}</span>
        ))}
        <span class="spacer" />
        <button class="link-btn small" onClick={onOpen}>
          {t("openAtHighlight")} →
        </button>
        <button class="link-btn small" onClick={onUnlink} data-testid="evidence-unlink">
          {t("unlink")}
        </button>
      </div>
    </div>
  );
}
