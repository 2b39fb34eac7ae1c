// Scheduling around the engine's frames.

/**
 * Runs `fn` once the next frame has been painted: in the animation callbacks of the frame after
 * it (two requestAnimationFrame deep), so that the next frame carries only what was changed before
 * it and `fn`'s changes are laid out and painted in the one after. When no frame comes (a hidden
 * window), `fn` runs after `fallbackMs` all the same.
 */
export function afterNextPaint(fn: () => void, fallbackMs = 100): void {
  let done = false;
  const run = () => {
    if (done) return;
    done = true;
    fn();
  };
  requestAnimationFrame(() => requestAnimationFrame(run));
  setTimeout(run, fallbackMs);
}
