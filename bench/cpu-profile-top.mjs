/**
 * The functions with the most self time in a V8 `.cpuprofile` (what `node --cpu-prof` writes), merged
 * by function name and location, as `{ name, location, selfMs, percent }`, highest first.
 */
export function cpuProfileTop(profile, count = 15) {
  return cpuProfilesTop([profile], count);
}

/**
 * The same over several profiles merged (`node --cpu-prof` writes one per thread: the main thread and each worker),
 * so a run that works in worker threads is not judged by its mostly idle main thread.
 */
export function cpuProfilesTop(profiles, count = 15) {
  const merged = new Map();
  let total = 0;
  for (const profile of profiles) total += addProfile(profile, merged);
  return [...merged.values()]
    .map((e) => ({ ...e, selfMs: Math.round(e.selfMs), percent: total ? Math.round((e.selfMs * 1000 / total) * 1000) / 10 : 0 }))
    .sort((a, b) => b.selfMs - a.selfMs)
    .slice(0, count);
}

/** Adds one profile's self time per function to `merged`; returns its total in µs. */
function addProfile(profile, merged) {
  const byNode = new Map();
  for (const node of profile.nodes ?? []) byNode.set(node.id, node);
  const selfUs = new Map();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  // timeDeltas[i] is the gap before sample i; the time up to the next sample belongs to sample i.
  for (let i = 0; i < samples.length; i++) {
    const gap = deltas[i + 1] ?? 0;
    selfUs.set(samples[i], (selfUs.get(samples[i]) ?? 0) + Math.max(0, gap));
  }
  let total = 0;
  for (const [id, us] of selfUs) {
    const frame = byNode.get(id)?.callFrame;
    if (!frame) continue;
    total += us;
    const name = frame.functionName || '(anonymous)';
    const file = shortPath(frame.url || '');
    const location = file ? `${file}:${frame.lineNumber + 1}` : '';
    const key = `${name}\u0000${location}`;
    const entry = merged.get(key) ?? { name, location, selfMs: 0, percent: 0 };
    entry.selfMs += us / 1000;
    merged.set(key, entry);
  }
  return total;
}

/** `node_modules/yaml/dist/…` or `dist/…` rather than the absolute path of the checkout. */
function shortPath(url) {
  const path = url.replace(/^file:\/\//, '');
  const modules = path.lastIndexOf('/node_modules/');
  if (modules >= 0) return path.slice(modules + 1);
  const dist = path.lastIndexOf('/dist/');
  return dist >= 0 ? path.slice(dist + 1) : path;
}
