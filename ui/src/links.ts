// Telling a link from other pasted text: what the library captures as a page rather than keeps as
// an article of its own.

/** True if and only if `text` is one http(s) link and nothing else (white space around it aside). */
export function isWebLink(text: string): boolean {
  return /^https?:\/\/[^\s/$.?#][^\s]*$/i.test(text.trim());
}
