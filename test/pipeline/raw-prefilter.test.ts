import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { splitLines } from '../../src/ingest/split-lines.js';
import { LineMarks } from '../../src/ingest/line-marks.js';
import { lineMarkingFor } from '../../src/ingest/read-stream.js';
import type { LogEvent } from '../../src/model/log-event.js';
import type { MemberInfo, MemberLines } from '../../src/model/log-line.js';
import { loadLibrary, type Library } from '../../src/patterns/index.js';
import { rawLineMarkerFor } from '../../src/patterns/raw-line-marker.js';
import { examplesOf } from '../../src/patterns/compile-signature.js';
import { parseMember } from '../../src/pipeline/parse-member.js';
import { shippedPatternsDir } from '../../src/cli/shipped-patterns-dir.js';
import { describeReportsWithAndWithout } from './reports-with-and-without.js';
import { fuzzSeed, replayHint } from '../fuzz-seed.js';
import { NODE_DIR } from '../robustness/fixtures.js';

const { seed } = fuzzSeed();

/** The events of a member read from `bytes` (in `chunks` pieces), each with whether the prefilter let it match. */
async function eventsOf(library: Library, info: MemberInfo, bytes: Buffer, chunk: number): Promise<{ event: LogEvent; mayMatch: boolean }[]> {
  const marker = rawLineMarkerFor(library.signatures);
  expect(marker).toBeDefined();
  const marking = lineMarkingFor(marker, info);
  async function* chunks(): AsyncGenerator<Uint8Array> {
    for (let at = 0; at < bytes.length; at += chunk) yield bytes.subarray(at, at + chunk);
  }
  const lines = splitLines(chunks(), { source: info.source, maxLineBytes: 1024 * 1024, ...(marking ? { marking } : {}) });
  const member: MemberLines = marking ? { member: info, lines, marks: marking.marks } : { member: info, lines };
  const out: { event: LogEvent; mayMatch: boolean }[] = [];
  await parseMember(member, {}, { siblingZone: () => undefined, latestYear: () => undefined, siblingNewest: () => undefined }, (event, mayMatch) => out.push({ event, mayMatch }));
  return out;
}

/** Go/JSON string escapes of `text` with some plain characters written as `\uXXXX` (as some encoders do). */
function jsonQuoted(text: string, escapeAt: readonly number[]): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (escapeAt.includes(i) && /[A-Za-z ]/.test(c)) out += `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
    else out += JSON.stringify(c).slice(1, -1);
  }
  return `"${out}"`;
}

/** Ways a signature's example line reaches a log file: as is, in a journal or CRI envelope, as a JSON or logfmt message, coloured, with a field after it. */
const shapes: readonly ((line: string, cut: number, escapes: readonly number[]) => string[])[] = [
  (line) => [line],
  (line) => [`Mar 14 14:25:15 k3s-node-03 k3s[812]: ${line}`],
  (line) => [`2025-03-14T14:25:15.518500416Z stderr F ${line}`],
  // A CRI line split into partial records joins without a separator: the literal can span the cut.
  (line, cut) => [`2025-03-14T14:25:15.518500416Z stderr P ${line.slice(0, cut)}`, `2025-03-14T14:25:15.518500417Z stderr F ${line.slice(cut)}`],
  (line, _cut, escapes) => [`{"level":"error","ts":"2025-03-14T14:25:15.518Z","msg":${jsonQuoted(line, escapes)},"k v":"x"}`],
  (line, _cut, escapes) => [`{"level":"error","ts":"2025-03-14T14:25:15.518Z","msg":${jsonQuoted(line, escapes)}}`],
  (line, cut) => [`time="2025-03-14T14:25:15.518500416Z" level=error msg=${JSON.stringify(line.slice(0, cut))} ${line.slice(cut).replace(/[\s"=]/g, '_') || 'k'}=1`],
  (line, cut) => [`\u001b[31m${line.slice(0, cut)}\u001b[0m${line.slice(cut)}`],
  (line, cut) => [`time="2025-03-14T14:25:15.518500416Z" level=error msg=${JSON.stringify(line.slice(0, cut).trimEnd())} ${line.slice(cut).trimStart().split(/\s/)[0]?.replace(/[="]/g, '') || 'key'}=value`],
  // The message ends at a space and the next word becomes a field's key: the regex sees `… word key=value`.
  (line, cut) => {
    const spaces = [...line.matchAll(/ /g)].map((m) => m.index);
    const at = spaces[Math.floor((cut * spaces.length) % Math.max(1, spaces.length))] ?? line.length;
    const [key, ...rest] = line.slice(at + 1).split(' ');
    return [`time="2025-03-14T14:25:15.518500416Z" level=error msg=${JSON.stringify(line.slice(0, at))} ${key?.replace(/[="]/g, '') || 'key'}=${JSON.stringify(rest.join(' '))}`];
  },
];

describe('raw-byte prefilter', () => {
  let library: Library;
  let examples: string[];
  beforeAll(async () => {
    ({ library } = await loadLibrary([shippedPatternsDir()]));
    examples = library.signatures.flatMap((s) => examplesOf(s)?.match.map((e) => e.line) ?? []);
    expect(examples.length).toBeGreaterThan(100);
  });

  it('never keeps from the matcher an event a signature matches: example lines in every envelope, escaped, coloured, split', async () => {
    const info: MemberInfo = { source: { bundle: 'b.tgz', member: 'logs/app.log' } };
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({
          example: fc.nat(), shape: fc.nat(), cut: fc.double({ min: 0, max: 1, noNaN: true }),
          escapes: fc.array(fc.nat({ max: 200 }), { maxLength: 3 }),
        }), { minLength: 1, maxLength: 12 }),
        fc.integer({ min: 1, max: 4096 }),
        async (picks, chunk) => {
          const lines = picks.flatMap((p) => {
            const line = examples[p.example % examples.length]!;
            return shapes[p.shape % shapes.length]!(line, Math.floor(p.cut * line.length), p.escapes);
          });
          const events = await eventsOf(library, info, Buffer.from(`${lines.join('\n')}\n`, 'utf8'), chunk);
          for (const { event, mayMatch } of events) {
            if (!mayMatch) expect(library.match(event), `${event.origin.line}: ${event.raw ?? event.message}`).toEqual([]);
          }
        },
      ),
      { seed, numRuns: 150, endOnFailure: true },
    ).catch((error: unknown) => {
      throw new Error(`${replayHint(seed, 'test/pipeline/raw-prefilter.test.ts')}\n${String(error)}`);
    });
  });

  it('lets every example line reach the matcher, and keeps most plain lines from it', async () => {
    const info: MemberInfo = { source: { bundle: 'b.tgz', member: 'logs/app.log' } };
    const plain = Array.from({ length: 200 }, (_, i) => `Mar 14 14:${String(i % 60).padStart(2, '0')}:00 node systemd[1]: Started session-${i}.scope.`);
    const events = await eventsOf(library, info, Buffer.from(`${[...examples, ...plain].join('\n')}\n`, 'utf8'), 65536);
    const matched = events.filter(({ event }) => library.match(event).length > 0);
    expect(matched.length).toBeGreaterThan(examples.length / 2);
    for (const { mayMatch } of matched) expect(mayMatch).toBe(true);
    expect(events.slice(-plain.length).every(({ mayMatch }) => !mayMatch)).toBe(true);
  });

  it('does not mark a pod log whose layout fields hold a literal: every event of it carries them', () => {
    const marker = rawLineMarkerFor(library.signatures);
    const pod = (name: string): MemberInfo => ({ source: { bundle: 'b', member: 'x' }, fields: { namespace: 'default', pod: name, container: 'app' } });
    expect(lineMarkingFor(marker, pod('web-7f9c'))?.marks).toBeInstanceOf(LineMarks);
    expect(lineMarkingFor(marker, pod('crashloopbackoff-7f9c'))).toBeUndefined();
  });
});

describeReportsWithAndWithout({
  title: 'the raw-byte prefilter',
  off: { LOGSIFT_NO_PREFILTER: '1' },
  extraMembers: [
    { name: `./${NODE_DIR}/k3s/podlogs/kube-system_coredns-1_x/coredns/0.log`, data: '2025-03-14T14:25:15.518500416Z stdout F [ERROR] plugin/errors: 2 example.org. A: read udp 10.42.0.5:5353->10.0.0.1:53: i/o timeout\n' },
  ],
  brokenRuns: 12,
});
