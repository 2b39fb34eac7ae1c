// One image of an article, in its place between passages. It holds no text node: its alt text and
// caption are passages of the article's text already, and the reader's offsets count only the
// passages' text (offsets.ts). The bytes come from the library, loaded when the image nears the
// view; an image that could not be kept is a placeholder whose words come from CSS.

import type { ArticleImage } from "../bindings/ArticleImage";
import { imageUrl } from "../api";
import { t } from "../i18n";

export function ImageView({ img }: { img: ArticleImage }) {
  if (!img.hash) {
    return (
      <figure class="article-image missing" data-label={t("imageMissing")} title={img.error ? `${img.src}\n${img.error}` : img.src} data-testid="article-image" />
    );
  }
  // The natural size reserves the space before the bytes arrive, so scrolling does not jump.
  return (
    <figure class="article-image" data-testid="article-image">
      <img src={imageUrl(img.hash)} alt={img.alt} title={img.caption || img.alt || undefined} width={img.width} height={img.height} loading="lazy" decoding="async" draggable={false} />
    </figure>
  );
}
