import { describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM without types (the bench runs over the built dist/ with nothing but Node)
import { cpuProfilesTop } from '../../bench/cpu-profile-top.mjs';

/** A `.cpuprofile` with one sample per entry of `calls`, each taking `ms` (timeDeltas are the gaps before a sample). */
function profile(calls: readonly [name: string, ms: number][]): object {
  const names = [...new Set(calls.map(([name]) => name))];
  return {
    nodes: names.map((name, i) => ({ id: i + 1, callFrame: { functionName: name, url: `file:///x/dist/formats/${name}.js`, lineNumber: 9 } })),
    samples: calls.map(([name]) => names.indexOf(name) + 1),
    timeDeltas: [0, ...calls.map(([, ms]) => ms * 1000)],
  };
}

describe('cpuProfilesTop', () => {
  it('adds up the self time of every thread of a run, so workers count and an idle main thread does not hide them', () => {
    const main = profile([['(idle)', 30], ['readBundle', 10]]);
    const worker1 = profile([['parseLine', 20], ['scan', 5]]);
    const worker2 = profile([['parseLine', 15], ['scan', 20]]);
    const top = cpuProfilesTop([main, worker1, worker2], 3) as { name: string; selfMs: number; percent: number; location: string }[];
    expect(top.map((t) => [t.name, t.selfMs])).toEqual([['parseLine', 35], ['(idle)', 30], ['scan', 25]]);
    expect(top[0]!.percent).toBe(35);
    expect(top[0]!.location).toBe('dist/formats/parseLine.js:10');
  });
});
