import { afterEach, describe, expect, it, vi } from "vitest";
import { afterNextPaint } from "./frames";

describe("afterNextPaint", () => {
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it("runs in the callbacks of the frame after the next one, and only once", () => {
    vi.useFakeTimers();
    let frames: FrameRequestCallback[] = [];
    vi.stubGlobal("requestAnimationFrame", (cb: FrameRequestCallback) => frames.push(cb));
    const frame = () => {
      const now = frames;
      frames = [];
      for (const cb of now) cb(0);
    };
    const fn = vi.fn();
    afterNextPaint(fn);
    vi.advanceTimersByTime(50);
    expect(fn).not.toHaveBeenCalled(); // no frame yet
    frame();
    expect(fn).not.toHaveBeenCalled(); // the next frame is being rendered, without fn's changes
    frame();
    expect(fn).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(200);
    frame();
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it("runs after the fallback when no frame comes", () => {
    vi.useFakeTimers();
    vi.stubGlobal("requestAnimationFrame", () => 0);
    const fn = vi.fn();
    afterNextPaint(fn, 100);
    vi.advanceTimersByTime(99);
    expect(fn).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(fn).toHaveBeenCalledTimes(1);
  });
});
