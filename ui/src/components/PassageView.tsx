// One passage of the reader, built from its text (never from HTML).

import type { ComponentChildren } from "preact";
import type { Passage } from "../bindings/Passage";
import { cpSlice } from "../offsets";
import { widenPunctuation } from "../punct";

/** True when `text` is written mostly in Latin script (fewer than one CJK character in ten). */
export function isLatin(text: string): boolean {
  const cjk = text.match(/[\u3400-\u9fff\uf900-\ufaff\u{20000}-\u{2ffff}]/gu)?.length ?? 0;
  const letters = text.match(/[A-Za-z]/g)?.length ?? 0;
  return letters > 0 && cjk * 10 < letters;
}

/**
 * The DOM of one passage: its text, split only where a link starts or ends. With `widen`, Chinese
 * punctuation is shown full-width (punct.ts: same length, so offsets are unchanged).
 */
export function PassageView({ p, widen = false }: { p: Passage; widen?: boolean }) {
  const shown = (s: string) => (widen && p.kind !== "code" ? widenPunctuation(s) : s);
  let body: ComponentChildren = shown(p.text);
  if (p.links?.length) {
    const parts: ComponentChildren[] = [];
    let at = 0;
    for (const l of p.links) {
      if (l.start > at) parts.push(shown(cpSlice(p.text, at, l.start)));
      // No href attribute: the browser must never follow it by itself. A click asks api.ts,
      // which opens http(s) in the system browser and refuses everything else.
      parts.push(
        <a class="link" data-href={l.href} title={l.href} role="link">
          {shown(cpSlice(p.text, l.start, l.end))}
        </a>,
      );
      at = l.end;
    }
    parts.push(shown(cpSlice(p.text, at, Number.MAX_SAFE_INTEGER)));
    body = parts;
  }
  // Latin-script passages are set ragged-right without CJK letter-spacing; a list item that carries
  // its own number ("1.", "2、") gets no bullet.
  const ordered = p.kind === "list_item" && /^\s*(\d+|[a-z]|[一二三四五六七八九十]+)[.)、．]/i.test(p.text);
  const attrs = {
    "data-start": p.start,
    "data-end": p.end,
    "data-level": p.level || undefined,
    class: `ps ${p.kind}${ordered ? " ordered" : ""}`,
    lang: isLatin(p.text) ? "en" : undefined,
    // Its length, for the height it is given before it is first laid out (reader.css).
    style: { "--cp": p.end - p.start },
  };
  switch (p.kind) {
    case "heading": {
      const level = Math.min(6, Math.max(1, p.level));
      const H = `h${level}` as "h1";
      return <H {...attrs}>{body}</H>;
    }
    case "code":
      return <pre {...attrs}>{body}</pre>;
    case "quote":
      return <blockquote {...attrs}>{body}</blockquote>;
    case "list_item":
      return <div {...attrs}>{body}</div>;
    default:
      return <p {...attrs}>{body}</p>;
  }
}
