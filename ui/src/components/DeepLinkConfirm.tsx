// The question a `zhaji://import?url=…` link raises: a page outside the app (the bookmarklet,
// any link the reader clicked) asks to capture a page; nothing is added until the reader says so.

import { useEffect, useRef } from "preact/hooks";
import { t } from "../i18n";
import { Overlay } from "./Panels";

export function DeepLinkConfirm(props: { url: string; onAdd: () => void; onClose: () => void }) {
  // Focus on Cancel: an Enter meant for a field the link interrupted must not add the page.
  const cancel = useRef<HTMLButtonElement>(null);
  useEffect(() => cancel.current?.focus(), []);
  return (
    <Overlay title={t("deepLinkTitle")} onClose={props.onClose} testid="deep-link-confirm">
      <p>{t("deepLinkAsk")}</p>
      <p class="deep-link-url" data-testid="deep-link-url">
        {props.url}
      </p>
      <div class="editor-row">
        <span class="spacer" />
        <button ref={cancel} onClick={props.onClose} data-testid="deep-link-cancel">
          {t("cancel")}
        </button>
        <button class="primary" onClick={props.onAdd} data-testid="deep-link-add">
          {t("deepLinkAdd")}
        </button>
      </div>
    </Overlay>
  );
}
