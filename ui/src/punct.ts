// Optional display of Chinese punctuation: a half-width , : ; ? ! ( ) between Chinese characters
// (峰会上,阿里巴巴) is shown full-width (峰会上，阿里巴巴). Display only: the stored text, the
// offsets, the quotes of highlights and the exports stay the source's. Each replacement is one UTF-16
// unit for one, so a DOM offset means the same in either text.

const FULL: Record<string, string> = { ",": "，", ":": "：", ";": "；", "?": "？", "!": "！", "(": "（", ")": "）" };

/** Han characters, and CJK and full-width punctuation, count as Chinese around a mark. */
const CJK = /[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]/;

/** `text` with each half-width mark that sits between Chinese characters made full-width. */
export function widenPunctuation(text: string): string {
  if (!/[,:;?!()]/.test(text)) return text;
  let out = "";
  // Brackets go in pairs: a closing one is widened only when its opening one was.
  let open = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    const full = FULL[c];
    const before = i > 0 && CJK.test(text[i - 1]);
    const after = i + 1 < text.length && CJK.test(text[i + 1]);
    let ok = before && after;
    if (c === "(") {
      ok = after && (before || i === 0);
      if (ok) open++;
    } else if (c === ")") {
      ok = open > 0;
      if (ok) open--;
    }
    out += full && ok ? full : c;
  }
  return out;
}
