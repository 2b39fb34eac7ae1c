// Which page errors are shown to the user as an internal error. The engine reports a few
// warnings through the same event as real failures; those are left out.

/**
 * True for "ResizeObserver loop completed with undelivered notifications" (and the older "loop
 * limit exceeded"): a resize that needed one more layout pass than a frame allows. It says
 * something about timing, not a failure, and the next frame delivers what was left.
 */
export function isBenign(message: string): boolean {
  return /^(Uncaught )?(Error: )?ResizeObserver loop/.test(message);
}
