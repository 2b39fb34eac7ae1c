// A synced highlight's history, inside its editor: each value its colour, note and trash state
// have had on the reader's computers, with the computer that wrote it and when (by its own
// clock). Where two computers set a value at once, the one shown and the one that gave way are
// both listed. Nothing is shown when the library does not sync.

import { useEffect, useRef, useState } from "preact/hooks";
import { api, type ColorLabel, type Highlight, type SyncHistory as History } from "../api";
import { colorLabel, lang, t, type Key } from "../i18n";

/** The fields the reader set and recognises, in the order shown, with their labels. */
const FIELDS: [string, string, Key][] = [
  ["highlight", "color", "historyColor"],
  ["note", "body", "historyNote"],
  ["highlight", "deleted_at", "historyTrash"],
];

function when(rfc3339: string | null): string {
  if (!rfc3339) return "";
  const d = new Date(rfc3339);
  const locale = lang() === "zh" ? ["zh-CN"] : [];
  return Number.isNaN(d.getTime()) ? rfc3339 : d.toLocaleString(locale, { dateStyle: "short", timeStyle: "short" });
}

function shown(field: string, value: string, labels: ColorLabel[]): string {
  if (field === "color") return colorLabel(labels.find((l) => l.color === value)?.label ?? value);
  if (field === "deleted_at") return value ? t("historyInTrash") : t("historyNotInTrash");
  return value || t("historyEmpty");
}

export function SyncHistory(props: { h: Highlight; labels: ColorLabel[]; onError: (e: unknown) => void }) {
  const [joined, setJoined] = useState(false);
  const list = useRef<HTMLDivElement>(null);
  const [open, setOpen] = useState(false);
  const [items, setItems] = useState<Record<string, History> | null>(null);

  useEffect(() => {
    let live = true;
    api.syncActivity().then((a) => live && setJoined(a.joined), () => undefined);
    return () => {
      live = false;
    };
  }, []);

  useEffect(() => {
    if (!open) return;
    let live = true;
    const uuids: [string, string][] = [["highlight", props.h.uuid]];
    if (props.h.note) uuids.push(["note", props.h.note.uuid]);
    // An item not in its document yet (made since the last round) has no history: it is left out.
    Promise.all(uuids.map(([kind, uuid]) => api.syncHistory(uuid).then((h) => [kind, h] as const, () => null))).then(
      (got) => live && setItems(Object.fromEntries(got.filter((g) => g !== null))),
      props.onError,
    );
    return () => {
      live = false;
    };
  }, [open, props.h.uuid, props.h.note?.uuid, props.h.color, props.h.note?.body]);

  // In a small window the list opens below the fold of the editor: bring it into view.
  useEffect(() => list.current?.scrollIntoView({ block: "nearest" }), [items, open]);

  if (!joined) return null;
  const rows = items
    ? FIELDS.flatMap(([kind, field, label]) => {
        const f = items[kind]?.fields.find((x) => x.field === field);
        return f ? [{ field, label, values: f.values }] : [];
      })
    : [];
  return (
    <div class="sync-history" data-testid="sync-history">
      <button class="link-btn small" aria-expanded={open} onClick={() => setOpen(!open)} data-testid="sync-history-toggle">
        {t("history")} {open ? "▴" : "▾"}
      </button>
      {open && items ? (
        <div class="sync-history-list" title={t("historyHint")} ref={list}>
          {rows.length === 0 ? <p class="muted small">{t("historyNothing")}</p> : null}
          {rows.map((r) => (
            <div class="sync-history-field" data-field={r.field}>
              <div class="muted small">{t(r.label)}</div>
              <ul>
                {r.values.map((v) => (
                  <li class={v.current ? "current" : ""} data-current={v.current} data-conflict={v.in_conflict}>
                    {r.field === "color" ? <span class={`dot ${v.value}`} /> : null}
                    <span class="value">{shown(r.field, v.value, props.labels)}</span>
                    <span class="muted small">
                      {" · "}
                      {v.device ?? t("historyMerged")}
                      {v.written_at_device_clock ? ` · ${when(v.written_at_device_clock)}` : ""}
                      {v.current ? ` · ${t("historyCurrent")}` : ""}
                      {v.in_conflict ? ` · ${t("historyConflict")}` : ""}
                    </span>
                  </li>
                ))}
              </ul>
            </div>
          ))}
        </div>
      ) : null}
    </div>
  );
}
