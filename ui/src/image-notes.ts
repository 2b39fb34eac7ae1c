// The images an import could not keep, said once in its summary or toast. The core reports each
// one among the outcome's warnings ("image SRC: REASON (a placeholder stands in its place)");
// the reader's placeholder gives the same reason in its tooltip.

import type { PathImport } from "./bindings/PathImport";
import { t } from "./i18n";

const IMAGE_WARNING = /^image (.*?): (.*) \(a placeholder stands in its place\)$/s;

/** The reason of each image warning among `warnings`, in order (other warnings left out). */
export function imageFailures(warnings: readonly string[]): string[] {
  return warnings.flatMap((w) => {
    const m = IMAGE_WARNING.exec(w);
    return m ? [m[2]] : [];
  });
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
  const distinct = [...new Set(reasons)];
  const head = reasons.length === 1 ? t("imageNotKeptOne") : t("imagesNotKept").replace("{n}", String(reasons.length));
  const more = distinct.length > 3 ? ` (+${distinct.length - 3})` : "";
  return `${head}${distinct.slice(0, 3).join(t("reasonSep"))}${more}`;
}

