// The article list as the library window holds it: how many articles there are and the pages of
// rows it has read, fetched from the core as the view scrolls to them. Nothing here grows with
// the library: a window of 100,000 articles holds the pages it has shown (a scroll through all of
// them would hold them all, ~500 bytes a row), and launch reads one page.
//
// A page that follows a page already held is asked for after that page's last article, which
// the core finds by its sort key (an index search, however deep in the list); a page reached by
// a jump (the scroll bar dragged, End) is asked for by its offset. A new order or filter, and a
// refresh after an outside change, read the pages in view again and swap them in at once, so the
// list never shows an empty moment or a mix of two orders.

import type { ArticlePage } from "./bindings/ArticlePage";
import type { ArticleSummary } from "./bindings/ArticleSummary";
import type { ListOptions } from "./bindings/ListOptions";
import type { ListPage } from "./bindings/ListPage";

/** Rows a page holds. */
export const PAGE = 100;
/** Rows beyond the view, either way, whose pages are read ahead: scrolling on meets rows that
 * are already there rather than empty places. */
export const AHEAD = PAGE / 2;

export type FetchPage = (opts: ListOptions, page: ListPage) => Promise<ArticlePage>;

/** The pages that hold rows `first` to `last` (exclusive), at least the one holding `first`. */
export function pagesOf(first: number, last: number): number[] {
  const a = Math.floor(Math.max(0, first) / PAGE);
  const b = Math.max(a, Math.floor((Math.max(first, last) - 1) / PAGE));
  const out = [];
  for (let p = a; p <= b; p++) out.push(p);
  return out;
}

export class ArticleList {
  /** How many articles the list holds; null until the first page has come. */
  total: number | null = null;
  private pages = new Map<number, ArticleSummary[]>();
  private loading = new Set<number>();
  /** Moves at each new order, filter or refresh: answers to an older one are dropped. */
  private generation = 0;
  /** The rows held are being replaced (a new order or a refresh), or the first `reload` has
   * not come yet: none is read meanwhile, the replacement reads the pages in view. */
  private replacing = true;
  private view: [number, number] = [0, PAGE];
  private listeners = new Set<() => void>();

  constructor(
    private readonly fetchPage: FetchPage,
    public opts: ListOptions,
    private readonly onError: (e: unknown) => void,
  ) {}

  /** Calls `fn` whenever the rows or the total change; gives the function that stops it. */
  subscribe(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  private changed() {
    for (const fn of this.listeners) fn();
  }

  /** Row `i` of the list, if its page has been read. */
  row(i: number): ArticleSummary | undefined {
    return this.pages.get(Math.floor(i / PAGE))?.[i % PAGE];
  }

  /** The view shows rows `first` to `last` (exclusive): reads the pages among them, and those
   * of the rows just beyond, that are not held. */
  show(first: number, last: number) {
    this.view = [first, last];
    if (this.replacing) return;
    for (const p of pagesOf(first - AHEAD, last + AHEAD)) {
      if (!this.pages.has(p) && !this.loading.has(p) && (this.total === null || p * PAGE < this.total)) void this.load(p);
    }
  }

  private async load(p: number) {
    const gen = this.generation;
    this.loading.add(p);
    const before = this.pages.get(p - 1);
    const after = before && before.length === PAGE ? before[PAGE - 1].id : null;
    try {
      const page = await this.fetchPage(this.opts, { offset: p * PAGE, after, limit: PAGE });
      if (gen !== this.generation) return;
      this.pages.set(p, page.items);
      this.total = page.total;
      this.changed();
    } catch (e) {
      if (gen === this.generation) this.onError(e);
    } finally {
      if (gen === this.generation) this.loading.delete(p);
    }
  }

  /** Lists in a new order or filter, from the top. */
  setOpts(opts: ListOptions): Promise<void> {
    this.opts = opts;
    this.view = [0, Math.max(1, this.view[1] - this.view[0])];
    return this.reload();
  }

  /** Reads the pages in view again (the library changed) and swaps them in together. */
  async reload(): Promise<void> {
    const gen = ++this.generation;
    this.replacing = true;
    this.loading.clear();
    const want = pagesOf(...this.view);
    try {
      const got = await Promise.all(want.map((p) => this.fetchPage(this.opts, { offset: p * PAGE, after: null, limit: PAGE })));
      if (gen !== this.generation) return;
      this.pages = new Map(want.map((p, i) => [p, got[i].items]));
      this.total = got[0].total;
      this.replacing = false;
      this.changed();
      // The view may have moved while the pages were read.
      this.show(...this.view);
    } catch (e) {
      if (gen !== this.generation) return;
      this.replacing = false;
      this.onError(e);
    }
  }

  /** Puts a changed summary in its row (marked read, say), wherever it is held. */
  patch(s: ArticleSummary) {
    for (const rows of this.pages.values()) {
      const i = rows.findIndex((a) => a.id === s.id);
      if (i >= 0) {
        rows[i] = s;
        this.changed();
        return;
      }
    }
  }
}
