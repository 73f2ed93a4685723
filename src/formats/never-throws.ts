/**
 * `fn` made total: whatever it throws becomes `fallback`. Sniffers and payload readers run on every line of untrusted
 * bundles, where one unexpected input must cost a line, not the run.
 */
export function neverThrows<A extends unknown[], R>(fn: (...args: A) => R, fallback: R): (...args: A) => R {
  return (...args: A): R => {
    try {
      return fn(...args);
    } catch {
      return fallback;
    }
  };
}
