// The browser extension in the settings: pair it (a token and a port to paste into the
// extension's options, each with a copy button), pair again (the old token stops working),
// unpair (the app stops listening); and the bookmarklet that hands a page's link to the app.

import { useEffect, useState } from "preact/hooks";
import { api, type ClipperStatus } from "../api";
import { t } from "../i18n";

/** Hands the current page's link to the app through the `zhaji://` scheme (the app asks first). */
export const BOOKMARKLET = "javascript:location.href='zhaji://import?url='+encodeURIComponent(location.href)";

/** Puts `text` on the clipboard; the selection-and-copy fallback serves webviews without the API. */
async function copyText(text: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
    return;
  } catch {
    // Falls through to the old way.
  }
  const area = document.createElement("textarea");
  area.value = text;
  document.body.append(area);
  area.select();
  document.execCommand("copy");
  area.remove();
}

function CopyField(props: { label: string; value: string; testid: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <div class="copy-field">
      <span>{props.label}</span>
      <code data-testid={props.testid}>{props.value}</code>
      <button
        data-testid={`copy-${props.testid}`}
        onClick={() => copyText(props.value).then(() => setCopied(true), () => setCopied(false))}
      >
        {copied ? t("copied") : t("copy")}
      </button>
    </div>
  );
}

export function ClipperSection(props: { onError: (e: unknown) => void }) {
  const [status, setStatus] = useState<ClipperStatus | null>(null);
  const [port, setPort] = useState("");
  const [busy, setBusy] = useState(false);
  useEffect(() => void api.clipperStatus().then(setStatus, props.onError), []);
  const run = (p: Promise<ClipperStatus>) => {
    setBusy(true);
    p.then(setStatus, props.onError).finally(() => setBusy(false));
  };
  const pairing = status?.pairing ?? null;
  const wanted = port.trim() ? Number(port.trim()) : null;
  const portOk = wanted === null || (Number.isInteger(wanted) && wanted >= 1 && wanted <= 65535);
  return (
    <fieldset class="clipper" data-testid="clipper">
      <legend>{t("clipperTitle")}</legend>
      <p class="muted small">{t("clipperHint")}</p>
      {pairing ? (
        <>
          <CopyField label={t("clipperPort")} value={String(pairing.port)} testid="clipper-port" />
          <CopyField label={t("clipperToken")} value={pairing.token} testid="clipper-token" />
          <p class="muted small" data-testid="clipper-state">
            {status?.problem ?? (pairing.extension ? `${t("clipperPairedWith")} ${pairing.extension}` : t("clipperWaiting"))}
          </p>
        </>
      ) : (
        <p class="muted small" data-testid="clipper-state">
          {t("clipperOff")}
        </p>
      )}
      <div class="row-buttons">
        <input
          class="port-input"
          inputMode="numeric"
          placeholder={pairing ? String(pairing.port) : t("clipperAnyPort")}
          aria-label={t("clipperPort")}
          data-testid="clipper-port-input"
          value={port}
          onInput={(e) => setPort((e.target as HTMLInputElement).value)}
        />
        <button class={pairing ? "" : "primary"} data-testid="clipper-pair" disabled={busy || !portOk} onClick={() => run(api.pairClipper(wanted))}>
          {pairing ? t("clipperRepair") : t("clipperPair")}
        </button>
        {pairing ? (
          <button data-testid="clipper-unpair" disabled={busy} onClick={() => run(api.unpairClipper())}>
            {t("clipperUnpair")}
          </button>
        ) : null}
      </div>
      <p class="muted small">{t("bookmarkletHint")}</p>
      <CopyField label={t("bookmarklet")} value={BOOKMARKLET} testid="bookmarklet" />
    </fieldset>
  );
}
