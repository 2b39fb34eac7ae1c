// Which key presses the app's shortcuts may take. One-letter shortcuts (1–5, h, t, n, j, k, a, l…)
// never fire while a text field has the keyboard or while Ctrl, ⌘ or Alt is held; commands
// (Ctrl+K, Ctrl+F) fire everywhere.

/** True if and only if the event's target takes typed text: an input, a text area, a select, or editable content. */
export function isTyping(e: Event): boolean {
  const el = e.target as HTMLElement | null;
  return !!el && (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement || el.isContentEditable === true);
}

/** True when Ctrl, ⌘ or Alt is held. */
export function hasModifier(e: KeyboardEvent): boolean {
  return e.ctrlKey || e.metaKey || e.altKey;
}

/** True for a key a one-letter shortcut may take: pressed outside a text field, with no Ctrl, ⌘ or Alt. */
export function isPlainKey(e: KeyboardEvent): boolean {
  return !isTyping(e) && !hasModifier(e);
}

/** True for Ctrl+`letter` (⌘+`letter` on a Mac) without Alt, whether or not Shift or Caps Lock is on. */
export function isCommand(e: KeyboardEvent, letter: string): boolean {
  return (e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === letter;
}
