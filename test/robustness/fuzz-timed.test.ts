import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formats, MemberParser, newMemberParseStats, payloadFormats, detectFormat, parseStandaloneLine } from '../../src/formats/index.js';
import { main } from '../../src/cli/main.js';
import { buildTar, gzip, scratchDir, writeInput } from './fixtures.js';
import { fuzzSeed, replayHint } from '../fuzz-seed.js';

// A time-bounded fuzz run with a fresh seed each time (the fixed-seed properties live in fuzz.test.ts).
// LOGSIFT_FUZZ_SECONDS raises the budget for a longer local run. The seed is printed at the start and in the
// suite's name; LOGSIFT_FUZZ_SEED=<seed> replays it (with the same or a larger time budget).
const SECONDS = Number(process.env['LOGSIFT_FUZZ_SECONDS'] ?? 20);
const { seed } = fuzzSeed();
console.log(replayHint(seed, 'test/robustness/fuzz-timed.test.ts'));

/** Fragments of real line shapes, so random lines reach deep into every parser, not just its first check. */
const FRAGMENTS = [
  'Mar 14 14:25:15', 'Mar 14 14:25:15.518500', '2025-03-14T14:25:15.518500416Z', '2025-03-14T14:25:15+0200', ' k3s-node-03 ', 'k3s[809]: ',
  'kernel: ', '[  152.700479] ', 'time="', '" level=fatal msg="', 'error="', '\\"', 'E0513 12:13:06.123456    1234 kubelet.go:1649] ',
  '"Failed" err="x"', ' key=<', '\t', ' >', '{"level":"warn","ts":1568166948.81,"msg":"', '"}', '{"log":"', '","stream":"stdout","time":"',
  ' stdout P ', ' stderr F ', '<34>1 ', '<6>', '-- Boot 7d2f9e4c1a8b4f63b5e0c9d8a7f6e5d4 --', '-- Logs begin at ', '__CURSOR=s=', 'MESSAGE=',
  'panic: ', 'goroutine 1 [running]:', '==== START logs for container c of pod ns/p ====', 'INFO[0000] ', '\u001b[31m', '\u0000', '\uFFFD', 'é', '',
];
const line = fc.array(fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ maxLength: 12 })), { maxLength: 12 }).map((parts) => parts.join(''));

describe(`time-bounded fuzz (${SECONDS}s budget, seed ${seed})`, () => {
  it('parses random real-shaped line sequences in every format without throwing, and accounts for every line', () => {
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 40 }), fc.constantFrom(...formats.map((f) => f.id)), (lines, formatId) => {
        const stats = newMemberParseStats();
        const info = { source: { bundle: 'fuzz', member: 'm' } };
        const primary = formats.find((f) => f.id === formatId) ?? detectFormat(lines, formats);
        const parser = new MemberParser(info, primary, { formats, payloadFormats, anchors: { latest: Date.UTC(2025, 2, 15) } }, stats);
        let events = 0;
        lines.forEach((text, i) => { events += parser.push({ source: info.source, lineNumber: i + 1, text }).length; });
        events += parser.end().length;
        expect(stats.lines).toBe(lines.length);
        expect(stats.parsed + stats.unparsed).toBe(stats.lines);
        expect(events).toBe(stats.events);
        for (const text of lines.slice(0, 3)) parseStandaloneLine(text);
      }),
      { seed, numRuns: 1_000_000, interruptAfterTimeLimit: (SECONDS * 1000) / 2, markInterruptAsFailure: false },
    );
  }, (SECONDS + 30) * 1000);

  it('analyses random archives of random real-shaped files without throwing, exiting 0', async () => {
    const dir = scratchDir();
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.constantFrom('journald/k3s', 'k3s/containerd.log', 'systemlogs/kern.log', 'podlogs/a/0.log', 'x.bin'), fc.array(line, { maxLength: 30 })), { minLength: 1, maxLength: 4 }), async (files) => {
        const members = files.map(([name, lines], i) => ({ name: `node-${i}/${name}`, data: Buffer.from(lines.join('\n')) }));
        const path = writeInput(dir, `f${n++}.tgz`, gzip(await buildTar(members)));
        let stderr = '';
        const status = await main([path, '--format', 'json', '--quiet'], { stdout: () => undefined, stderr: (t) => { stderr += t; }, stdoutIsTTY: false, stderrIsTTY: false, env: {}, columns: 100 });
        expect(stderr).not.toContain('internal error');
        expect([0, 3]).toContain(status);
      }),
      { seed, numRuns: 1_000_000, interruptAfterTimeLimit: (SECONDS * 1000) / 2, markInterruptAsFailure: false },
    );
  }, (SECONDS + 30) * 1000);
});
