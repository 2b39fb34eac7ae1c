// What the page keeps for when it dies: the notes being typed (drafts) and the shell's word that
// it was reloaded after a crash.
//
// When WebKitGTK's web process crashes, the shell loads the page again with a fragment saying
// why (src-tauri/src/recover.rs); `recovered` reads it once, before the app's first render, and
// takes it off the address. The open article and its scroll position come back by themselves
// (settings.ts keeps them at every scroll); what was typed but not yet saved would not: every
// note field carries `data-draft` naming what its text is for, and `keepDrafts` copies its text
// to local storage at every keystroke. A field that leaves the page while the page lives was
// saved or cancelled by its owner, and its draft goes with it; after a crash (or a window closed
// mid-sentence) the draft stays, and the app offers it back (components/Recovery.tsx).

export interface Recovered {
  /** "crashed", or "memory" when the engine stopped the page for using too much. */
  reason: "crashed" | "memory";
  /** It crashed again moments after the previous reload: do not reopen what may cause it. */
  again: boolean;
}

/** Reads (and removes) the shell's `#recovered=…` fragment of `location`. */
export function readRecovered(loc: Pick<Location, "hash" | "pathname" | "search"> = location): Recovered | null {
  const m = /^#recovered=(crashed|memory)(-again)?$/.exec(loc.hash);
  if (!m) return null;
  history.replaceState(null, "", loc.pathname + loc.search);
  return { reason: m[1] as Recovered["reason"], again: !!m[2] };
}

/** What the page was reloaded from, read once when the app starts. */
export const recovered: Recovered | null = typeof location === "undefined" ? null : readRecovered();

/** What a draft's text is for, as a field's `data-draft` names it. */
export type Target =
  | { kind: "highlight"; articleId: number; id: number }
  | { kind: "article"; articleId: number }
  | { kind: "note"; articleId: number; id: number }
  | { kind: "passage"; articleId: number; start: number; end: number };

/**
 * The `data-draft` value of a field holding the note of a highlight, an article, an existing
 * passage note, or a new passage note over code points `[start, end)`.
 */
export function draftName(t: Target): string {
  switch (t.kind) {
    case "highlight":
    case "note":
      return `${t.kind}:${t.articleId}:${t.id}`;
    case "article":
      return `article:${t.articleId}`;
    case "passage":
      return `passage:${t.articleId}:${t.start}:${t.end}`;
  }
}

/** The target a `data-draft` value names; null for anything else. */
export function parseDraftName(name: string): Target | null {
  const [kind, ...rest] = name.split(":");
  const n = rest.map(Number);
  if (!n.every((x) => Number.isSafeInteger(x) && x >= 0)) return null;
  if ((kind === "highlight" || kind === "note") && n.length === 2) return { kind, articleId: n[0], id: n[1] };
  if (kind === "article" && n.length === 1) return { kind, articleId: n[0] };
  if (kind === "passage" && n.length === 3 && n[1] <= n[2]) return { kind, articleId: n[0], start: n[1], end: n[2] };
  return null;
}

export interface Draft {
  /** The field's `data-draft`. */
  name: string;
  text: string;
  /** When it was last typed (ms since the epoch). */
  at: number;
}

const KEY = "zhaji.drafts";

/** The drafts kept, newest first. */
export function loadDrafts(): Draft[] {
  try {
    const list: unknown = JSON.parse(localStorage.getItem(KEY) ?? "[]");
    if (!Array.isArray(list)) return [];
    return list
      .filter((d): d is Draft => typeof d?.name === "string" && typeof d.text === "string" && typeof d.at === "number" && parseDraftName(d.name) !== null)
      .sort((a, b) => b.at - a.at);
  } catch {
    return [];
  }
}

function store(list: Draft[]): void {
  try {
    if (list.length) localStorage.setItem(KEY, JSON.stringify(list));
    else localStorage.removeItem(KEY);
  } catch {
    // A full or refused storage keeps nothing; the field still holds the text.
  }
}

/** Keeps `text` as the draft of `name` (an empty text keeps nothing). */
export function putDraft(name: string, text: string): void {
  const rest = loadDrafts().filter((d) => d.name !== name);
  store(text.trim() ? [{ name, text, at: Date.now() }, ...rest] : rest);
}

export function dropDraft(name: string): void {
  const list = loadDrafts();
  if (list.some((d) => d.name === name)) store(list.filter((d) => d.name !== name));
}

/**
 * Copies what is typed into any `[data-draft]` field of `doc` to the drafts, and drops a field's
 * draft once the field has left the page. Returns a function that stops it.
 */
export function keepDrafts(doc: Document = document): () => void {
  const typedHere = new Set<string>();
  const gone = new MutationObserver(() => {
    for (const name of typedHere) {
      // Names are checked by parseDraftName (letters, digits, colons): safe inside the quotes.
      if (!doc.querySelector(`[data-draft="${name}"]`)) {
        typedHere.delete(name);
        dropDraft(name);
      }
    }
    if (!typedHere.size) gone.disconnect();
  });
  const onInput = (e: Event) => {
    const el = e.target;
    if (!(el instanceof HTMLTextAreaElement || el instanceof HTMLInputElement)) return;
    const name = el.dataset.draft;
    if (!name || !parseDraftName(name)) return;
    putDraft(name, el.value);
    if (!typedHere.size) gone.observe(doc.body, { childList: true, subtree: true });
    typedHere.add(name);
  };
  doc.addEventListener("input", onInput, true);
  return () => {
    doc.removeEventListener("input", onInput, true);
    gone.disconnect();
  };
}
