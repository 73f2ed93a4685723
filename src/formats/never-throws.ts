/**
 * `fn` made total: whatever it throws becomes `fallback`. Sniffers and payload readers run on every line of untrusted
 * bundles, where one unexpected input must cost a line, not the run. One argument, not a rest parameter: every
 * wrapper shares this code, so the call inside it is megamorphic and a rest array would be built per line.
 */
export function neverThrows<A, R>(fn: (arg: A) => R, fallback: R): (arg: A) => R {
  return (arg: A): R => {
    try {
      return fn(arg);
    } catch {
      return fallback;
    }
  };
}
