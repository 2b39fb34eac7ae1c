// Where the reader's popovers go in the window: the selection toolbar, the highlight editor and
// the note composer.

/** A popover's top-left corner, in window pixels. */
export interface Popup {
  x: number;
  y: number;
}

/** Where the selection toolbar goes (above the selection) and the editor (below it). */
export function toolbarPlace(rect: DOMRect): Popup & { below: number } {
  return { x: Math.max(12, Math.min(window.innerWidth - 320, rect.left + rect.width / 2 - 140)), y: Math.max(8, rect.top - 50), below: rect.bottom + 10 };
}

/** Where the highlight editor goes: below the highlight, but never past the window's bottom edge;
 * what does not fit scrolls inside the editor (the suggestions and the claim link make it tall). */
export function editorPlace(at: { x: number; y: number }) {
  const top = Math.max(8, Math.min(at.y, window.innerHeight - 300));
  return { left: `${at.x}px`, top: `${top}px`, maxHeight: `${window.innerHeight - top - 12}px` };
}
