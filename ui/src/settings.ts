// The reader's preferences and where they left off, kept in the webview's local storage (they
// are about this window, not about the library, so they do not belong in the core's database).

import type { Lang } from "./i18n";

export interface Settings {
  theme: "light" | "dark" | "system";
  /** Body text size in px. */
  fontSize: number;
  /** Measure in em. */
  width: number;
  /** Interface language; null follows the system. */
  lang: Lang | null;
  /** Library rows: with an excerpt, or compact (more rows in view). */
  density: "comfortable" | "compact";
  /** Shows half-width punctuation between Chinese characters as full-width (display only). */
  cjkPunct: boolean;
  /** "Export all" writes every article, also those without a highlight or a note. */
  exportEvery: boolean;
  /** The export's template file (MiniJinja); null for the default layout. */
  exportTemplate: string | null;
}

export interface Place {
  /** The open article, or null for the library. */
  articleId: number | null;
  /** The reader's scroll position as a fraction of the article's height. */
  scroll: number;
}

export const DEFAULTS: Settings = { theme: "system", fontSize: 18, width: 38, lang: null, density: "comfortable", cjkPunct: false, exportEvery: false, exportTemplate: null };

function read<T>(key: string, fallback: T): T {
  try {
    const raw = localStorage.getItem(key);
    return raw ? { ...fallback, ...JSON.parse(raw) } : fallback;
  } catch {
    return fallback;
  }
}

export function loadSettings(): Settings {
  return read("zhaji.settings", DEFAULTS);
}

export function saveSettings(s: Settings): void {
  localStorage.setItem("zhaji.settings", JSON.stringify(s));
}

export function loadPlace(): Place {
  return read<Place>("zhaji.place", { articleId: null, scroll: 0 });
}

export function savePlace(p: Place): void {
  localStorage.setItem("zhaji.place", JSON.stringify(p));
}

/** Applies theme, size and width to the document, as CSS variables and a data attribute. */
export function applySettings(s: Settings): void {
  const dark = s.theme === "dark" || (s.theme === "system" && matchMedia("(prefers-color-scheme: dark)").matches);
  const root = document.documentElement;
  root.dataset.theme = dark ? "dark" : "light";
  root.style.setProperty("--reader-size", `${s.fontSize}px`);
  root.style.setProperty("--reader-width", `${s.width}em`);
  // The reader's text column in em when the window is wide enough: the reading width less the
  // page's padding (2 × 32 px, .reader-page in reader.css). The reader corrects it otherwise.
  root.style.setProperty("--measure", (s.width - 64 / s.fontSize).toFixed(1));
}
