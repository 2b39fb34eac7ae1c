// A note's Markdown, rendered. The core parses it (zhaji::markdown) into a small tree and this
// builds an element per node: nothing is ever parsed as HTML here, raw HTML in a note arrives as
// text, images arrive as their alt text, and a link is followed only on click, in the system
// browser, and only to http(s). Until the tree arrives (one IPC call for all the notes a render
// asks for), the note shows as plain text.

import { useEffect, useState } from "preact/hooks";
import type { ComponentChild } from "preact";
import { api, openExternal } from "../api";
import type { MdBlock } from "../bindings/MdBlock";
import type { MdInline } from "../bindings/MdInline";

/** Trees already rendered, by note text (bounded: cleared when it grows past this many). */
const cache = new Map<string, MdBlock[]>();
const CACHE_MAX = 2000;
let queue: { text: string; done: (tree: MdBlock[] | null) => void }[] = [];

/** The tree of `text`, asked for together with every other note requested in the same task. */
function treeOf(text: string): Promise<MdBlock[] | null> {
  return new Promise((done) => {
    queue.push({ text, done });
    if (queue.length > 1) return;
    queueMicrotask(() => {
      const batch = queue;
      queue = [];
      api.renderNotes(batch.map((b) => b.text)).then(
        (trees) => {
          if (cache.size > CACHE_MAX) cache.clear();
          batch.forEach((b, i) => {
            cache.set(b.text, trees[i]);
            b.done(trees[i]);
          });
        },
        () => batch.forEach((b) => b.done(null)),
      );
    });
  });
}

export function NoteText({ text, testid }: { text: string; testid?: string }) {
  const [tree, setTree] = useState<MdBlock[] | null>(() => cache.get(text) ?? null);
  useEffect(() => {
    const known = cache.get(text);
    if (known) return setTree(known);
    setTree(null);
    let current = true;
    void treeOf(text).then((t) => current && setTree(t));
    return () => {
      current = false;
    };
  }, [text]);
  if (!tree) return <span class="note-md plain" data-testid={testid}>{text}</span>;
  return (
    <span class="note-md" data-testid={testid} data-rendered="1">
      {noteNodes(tree)}
    </span>
  );
}

/** The elements of a rendered note's tree (exported for tests). */
export function noteNodes(tree: readonly MdBlock[]): ComponentChild[] {
  return tree.map(block);
}

function block(b: MdBlock): ComponentChild {
  switch (b.type) {
    case "paragraph":
      return <span class="md-p">{b.inlines.map(inline)}</span>;
    case "heading":
      return <strong class={`md-p md-h md-h${b.level}`}>{b.inlines.map(inline)}</strong>;
    case "quote":
      return <span class="md-quote">{b.blocks.map(block)}</span>;
    case "list": {
      const items = b.items.map((item) => <li>{item.map(block)}</li>);
      return b.ordered ? <ol start={b.start ?? 1}>{items}</ol> : <ul>{items}</ul>;
    }
    case "code":
      return <code class="md-code-block">{b.text}</code>;
    case "rule":
      return <hr />;
  }
}

function inline(i: MdInline): ComponentChild {
  switch (i.type) {
    case "text":
      return i.text;
    case "strong":
      return <strong>{i.children.map(inline)}</strong>;
    case "emphasis":
      return <em>{i.children.map(inline)}</em>;
    case "strike":
      return <del>{i.children.map(inline)}</del>;
    case "code":
      return <code>{i.text}</code>;
    case "break":
      return <br />;
    case "link":
      return (
        <a
          href={i.href}
          title={i.href}
          rel="noreferrer"
          onClick={(e) => {
            // Never followed by the webview: the system browser opens it (http(s) only).
            e.preventDefault();
            e.stopPropagation();
            void openExternal(i.href);
          }}
        >
          {i.children.map(inline)}
        </a>
      );
  }
}
