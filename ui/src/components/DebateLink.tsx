// "Link to claim…": choose a claim (or name a new one), the passage's role for it — supporting,
// opposing or context — and an optional note. Opened from the highlight editor.

import { useEffect, useRef, useState } from "preact/hooks";
import { debateApi, type Claim, type EvidenceRole, type Highlight } from "../api";
import { t } from "../i18n";
import { cpSlice } from "../offsets";

export const ROLES: EvidenceRole[] = ["supports", "opposes", "context"];

export function LinkDialog(props: { h: Highlight; onClose: () => void; onLinked: (claimText: string, role: EvidenceRole) => void; onError: (e: unknown) => void }) {
  const [claims, setClaims] = useState<Claim[] | null>(null);
  const [choice, setChoice] = useState<number | "new">("new");
  const [text, setText] = useState("");
  const [role, setRole] = useState<EvidenceRole>("supports");
  const [note, setNote] = useState("");
  const [busy, setBusy] = useState(false);
  const field = useRef<HTMLInputElement>(null);

  useEffect(() => {
    debateApi.claims().then((list) => {
      setClaims(list);
      if (list.length) setChoice(list[0].id);
    }, props.onError);
  }, []);
  useEffect(() => {
    if (choice === "new") field.current?.focus();
  }, [choice, claims]);

  const ready = choice !== "new" || text.trim().length > 0;
  const submit = async () => {
    if (!ready || busy) return;
    setBusy(true);
    try {
      const claim = choice === "new" ? await debateApi.createClaim(text) : claims!.find((c) => c.id === choice)!;
      await debateApi.link(claim.id, props.h.id, role, note.trim() || null);
      props.onLinked(claim.text, role);
    } catch (e) {
      props.onError(e);
      setBusy(false);
    }
  };

  return (
    <div
      class="popover editor debate-link"
      role="dialog"
      aria-label={t("linkToClaim")}
      data-testid="link-dialog"
      onKeyDown={(e) => {
        if (e.key === "Escape") {
          e.stopPropagation();
          props.onClose();
        } else if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
          e.preventDefault();
          void submit();
        }
      }}
    >
      <div class="editor-row">
        <strong class="grow">{t("linkToClaim")}</strong>
        <button class="icon-btn" title={t("close")} onClick={props.onClose}>
          ×
        </button>
      </div>
      <div class="muted small quote-line">“{cpSlice(props.h.anchor.exact, 0, 80)}”</div>
      <label class="debate-field">
        <span class="muted small">{t("chooseClaim")}</span>
        <select
          value={String(choice)}
          data-testid="claim-choice"
          onChange={(e) => {
            const v = (e.target as HTMLSelectElement).value;
            setChoice(v === "new" ? "new" : Number(v));
          }}
        >
          {(claims ?? []).map((c) => (
            <option value={String(c.id)}>{c.text}</option>
          ))}
          <option value="new">{t("orNewClaim")}</option>
        </select>
      </label>
      {choice === "new" ? (
        <input
          ref={field}
          value={text}
          placeholder={t("claimPlaceholder")}
          data-testid="new-claim-text"
          onInput={(e) => setText((e.target as HTMLInputElement).value)}
          onKeyDown={(e) => {
            if (e.key === "Enter") {
              e.preventDefault();
              void submit();
            }
          }}
        />
      ) : null}
      <div class="role-switch" role="radiogroup">
        {ROLES.map((r) => (
          <button role="radio" aria-checked={role === r} class={`role-btn role-${r} ${role === r ? "on" : ""}`} data-role={r} onClick={() => setRole(r)}>
            {t(`role_${r}`)}
          </button>
        ))}
      </div>
      <textarea class="note-input" rows={2} value={note} placeholder={t("linkNote")} data-testid="link-note" onInput={(e) => setNote((e.target as HTMLTextAreaElement).value)} />
      <div class="editor-row">
        <span class="spacer" />
        <span class="muted small">Ctrl+Enter</span>
        <button onClick={props.onClose}>{t("cancel")}</button>
        <button class="primary" disabled={!ready || busy} onClick={() => void submit()} data-testid="link-submit">
          {t("link")}
        </button>
      </div>
    </div>
  );
}
