// The images an import could not keep, said once in its summary or toast. The core reports each
// one among the outcome's warnings ("image SRC: REASON (a placeholder stands in its place)");
// the reader's placeholder gives the same reason in its tooltip.

import type { PathImport } from "./bindings/PathImport";
import { lang, t } from "./i18n";

const IMAGE_WARNING = /^image (.*?): (.*) \(a placeholder stands in its place\)$/s;

/** The reason of each image warning among `warnings`, in order (other warnings left out). */
export function imageFailures(warnings: readonly string[]): string[] {
  return warnings.flatMap((w) => {
    const m = IMAGE_WARNING.exec(w);
    return m ? [m[2]] : [];
  });
}

/** The core's reasons an image was not kept, in Chinese: the phrases the core writes (the image
 * checks of `src/images`, the fetch's HTTP answers), each put in Chinese where it stands, so a
 * link or a number around it is kept; a reason not listed here is shown as the core gives it. */
const ZH_REASONS: [RegExp, string][] = [
  [/the image file was not found beside the document/, "文档旁没有这个图片文件"],
  [/the image's path leads out of the document's folder/, "图片路径指向文档所在文件夹之外"],
  [/the image's path is not a regular file/, "图片路径不是普通文件"],
  [/the image is empty/, "图片是空的"],
  [/the image is too large \((\d+) MB; the limit is (\d+) MB\)/, "图片太大（$1 MB，上限 $2 MB）"],
  [/the image is too large \((\d+) MB\)/, "图片太大（$1 MB）"],
  [/the image has too many pixels \((.*?); the limit is (\d+) million\)/, "图片像素太多（$1，上限 $2 百万）"],
  [/not an image in a supported format/, "不是支持的图片格式"],
  [/the SVG image was refused: it /, "SVG 图片被拒绝："],
  [/images from `([^`]*)` addresses are not read/, "不读取 `$1` 地址的图片"],
  [/the site asks for a login/, "网站要求登录"],
  [/the site refused access \(it may need a login, or it turns programs away\)/, "网站拒绝访问（可能需要登录，或不接受程序访问）"],
  [/there is no page at this address/, "该地址没有内容"],
  [/the site is asked too often; try again later/, "请求过于频繁，请稍后再试"],
  [/the site refused the request/, "网站拒绝了请求"],
  [/the site has a problem of its own; try again later/, "网站自身出错，请稍后再试"],
  [/the site gave an unexpected answer/, "网站的回应出乎意料"],
  [/the fetch failed/, "下载失败"],
  [/the fetch stopped/, "下载中断"],
];

/** `reason` in the interface's language (the core writes English). */
export function localReason(reason: string): string {
  if (lang() !== "zh") return reason;
  return ZH_REASONS.reduce((r, [en, zh]) => r.replace(en, zh), reason);
}

/** Every warning of an import's outcomes, a folder's documents included. */
export function importWarnings(results: readonly PathImport[]): string[] {
  return results.flatMap((r) => [...(r.outcome?.warnings ?? []), ...(r.folder ? importWarnings(r.folder.documents) : [])]);
}

/** One line for the images not kept: how many and why (each reason once, the first three), or
 * null when every image was kept. */
export function imagesNotKept(warnings: readonly string[]): string | null {
  const reasons = imageFailures(warnings);
  if (!reasons.length) return null;
  const distinct = [...new Set(reasons.map(localReason))];
  const head = reasons.length === 1 ? t("imageNotKeptOne") : t("imagesNotKept").replace("{n}", String(reasons.length));
  const more = distinct.length > 3 ? ` (+${distinct.length - 3})` : "";
  return `${head}${distinct.slice(0, 3).join(t("reasonSep"))}${more}`;
}

