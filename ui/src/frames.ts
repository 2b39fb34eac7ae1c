// Scheduling around the engine's frames.

/**
 * Runs `fn` once, after the next frame has been rendered: in a task queued from that frame's
 * animation callbacks, so that the frame itself carries only what was changed before it (a
 * callback of requestAnimationFrame would still run before that frame is laid out and painted).
 * When no frame comes (a hidden window), `fn` runs after `fallbackMs` all the same.
 */
export function afterNextFrame(fn: () => void, fallbackMs = 100): void {
  let done = false;
  const run = () => {
    if (done) return;
    done = true;
    fn();
  };
  requestAnimationFrame(() => setTimeout(run, 0));
  setTimeout(run, fallbackMs);
}
