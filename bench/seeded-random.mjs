/**
 * A small seeded PRNG (mulberry32): the generated bundle must be byte-identical for a given size and
 * generator version, so the cache key stays honest and two machines measure the same input.
 */
export function seededRandom(seed) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min, max) => min + Math.floor(next() * (max - min + 1));
  const pick = (items) => items[Math.floor(next() * items.length)];
  const hex = (length) => {
    let out = '';
    while (out.length < length) out += Math.floor(next() * 4294967296).toString(16).padStart(8, '0');
    return out.slice(0, length);
  };
  return { next, int, pick, hex };
}
