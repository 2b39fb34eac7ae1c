import { afterEach, describe, expect, it } from "vitest";
import type { PathImport } from "./bindings/PathImport";
import { setLang } from "./i18n";
import { imageFailures, imagesNotKept, importWarnings, localReason } from "./image-notes";

afterEach(() => setLang("en"));

const warn = (src: string, why: string) => `image ${src}: ${why} (a placeholder stands in its place)`;

describe("images an import could not keep", () => {
  it("picks the image warnings out of the others, keeping their reasons", () => {
    const w = [warn("a.png", "the image is empty"), "3 invalid bytes were replaced", warn("http://x/图.jpg", "HTTP 404")];
    expect(imageFailures(w)).toEqual(["the image is empty", "HTTP 404"]);
  });
  it("says how many and why, once, in English and in Chinese", () => {
    const w = [warn("a.png", "HTTP 404"), warn("b.png", "HTTP 404"), warn("c.png", "the image is empty")];
    setLang("en");
    expect(imagesNotKept(w)).toBe("3 images could not be kept: HTTP 404; the image is empty");
    expect(imagesNotKept([w[0]])).toBe("1 image could not be kept: HTTP 404");
    setLang("zh");
    expect(imagesNotKept(w)).toBe("3 张图片未能保存：HTTP 404；图片是空的");
  });
  it("puts the core's reasons in Chinese, keeping the link and the numbers", () => {
    setLang("zh");
    expect(localReason("http://127.0.0.1:80/img/缺.png: HTTP 404: there is no page at this address")).toBe("http://127.0.0.1:80/img/缺.png: HTTP 404: 该地址没有内容");
    expect(localReason("the image is too large (40 MB; the limit is 32 MB)")).toBe("图片太大（40 MB，上限 32 MB）");
    expect(localReason("a reason the table does not know")).toBe("a reason the table does not know");
    setLang("en");
    expect(localReason("the image is empty")).toBe("the image is empty");
  });
  it("says nothing when every image was kept", () => {
    expect(imagesNotKept(["the pasted HTML has no text"])).toBeNull();
    expect(imagesNotKept([])).toBeNull();
  });
  it("gathers the warnings of a folder's documents too", () => {
    const outcome = (warnings: string[]) => ({ article: {}, status: { type: "imported" }, encoding: "UTF-8", warnings }) as unknown as PathImport["outcome"];
    const file: PathImport = { path: "a.html", outcome: outcome([warn("a.png", "HTTP 403")]), folder: null, error: null };
    const inner: PathImport = { path: "d/b.html", outcome: outcome([warn("b.png", "HTTP 500")]), folder: null, error: null };
    const folder = { path: "d", outcome: null, error: null, folder: { documents: [inner] } } as unknown as PathImport;
    expect(importWarnings([file, folder]).map((w) => imageFailures([w])[0])).toEqual(["HTTP 403", "HTTP 500"]);
  });
});
