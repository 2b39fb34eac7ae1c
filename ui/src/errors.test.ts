import { describe, expect, it } from "vitest";
import { isBenign } from "./errors";

describe("isBenign", () => {
  it("leaves out the ResizeObserver loop warnings, in their several spellings", () => {
    expect(isBenign("ResizeObserver loop completed with undelivered notifications.")).toBe(true);
    expect(isBenign("ResizeObserver loop limit exceeded")).toBe(true);
    expect(isBenign("Uncaught Error: ResizeObserver loop completed with undelivered notifications.")).toBe(true);
  });
  it("keeps real errors, even ones that mention a ResizeObserver", () => {
    expect(isBenign("TypeError: undefined is not an object")).toBe(false);
    expect(isBenign("ReferenceError: ResizeObserver is not defined")).toBe(false);
    expect(isBenign("")).toBe(false);
  });
});
