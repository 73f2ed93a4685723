import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { splitLines } from '../../src/ingest/split-lines.js';
import { lineMarkingFor } from '../../src/ingest/read-stream.js';
import type { LogEvent } from '../../src/model/log-event.js';
import type { MemberInfo, MemberLines } from '../../src/model/log-line.js';
import type { LifecycleRules } from '../../src/model/lifecycle.js';
import type { SystemFactRules } from '../../src/model/system-facts.js';
import { SKIMMED_FIELDS } from '../../src/formats/skim.js';
import { loadLibrary, type Library } from '../../src/patterns/index.js';
import { loadLifecycle } from '../../src/patterns/load-lifecycle.js';
import { loadSystemFacts } from '../../src/patterns/load-system-facts.js';
import { examplesOf } from '../../src/patterns/compile-signature.js';
import { parseMember } from '../../src/pipeline/parse-member.js';
import { analysisLineMarker } from '../../src/pipeline/analysis-line-marker.js';
import { MemberAnalysis } from '../../src/pipeline/event-analysis.js';
import { shippedPatternsDir } from '../../src/cli/shipped-patterns-dir.js';
import { describeReportsWithAndWithout } from './reports-with-and-without.js';
import { NODE_DIR } from '../robustness/fixtures.js';
import { fuzzSeed, replayHint } from '../fuzz-seed.js';

const { seed } = fuzzSeed();

function isLight(event: LogEvent): boolean {
  return event.fields === SKIMMED_FIELDS;
}

/** A member's events and what the analysis made of them, read with skimming on or off. */
async function readMember(library: Library, lifecycle: LifecycleRules, facts: SystemFactRules, info: MemberInfo, text: string, skim: boolean): Promise<{ events: LogEvent[]; part: unknown }> {
  const marking = lineMarkingFor(analysisLineMarker(library.signatures, facts), info);
  async function* chunks(): AsyncGenerator<Uint8Array> {
    yield Buffer.from(text, 'utf8');
  }
  const lines = splitLines(chunks(), { source: info.source, maxLineBytes: 1024 * 1024, ...(marking ? { marking } : {}) });
  const member: MemberLines = marking ? { member: info, lines, marks: marking.marks } : { member: info, lines };
  const analysis = new MemberAnalysis(library, {}, lifecycle, facts);
  const events: LogEvent[] = [];
  const outcome = await parseMember(member, {}, { siblingZone: () => undefined, latestYear: () => undefined, siblingNewest: () => undefined }, (event, mayMatch) => {
    events.push(event);
    analysis.observe(event, mayMatch);
  }, skim);
  return { events, part: JSON.parse(JSON.stringify({ part: analysis.part(), outcome })) };
}

/** Lines of the kinds a node bundle holds: what may be skimmed, what must not, and what ends skimming. */
function lineKinds(examples: readonly string[]): ((n: number) => string)[] {
  const t = (n: number): string => `2025-03-14T14:${String(10 + (n % 50)).padStart(2, '0')}:15.${String(n % 1000).padStart(3, '0')}Z`;
  const k = (n: number, level = 'I'): string => `${level}0314 14:${String(10 + (n % 50)).padStart(2, '0')}:15.518500    812 kubelet.go:${n}]`;
  const j = (n: number, unit: string): string => `Mar 14 14:${String(10 + (n % 50)).padStart(2, '0')}:15 k3s-node-03 ${unit}: `;
  return [
    (n) => `time="${t(n)}" level=info msg="shim disconnected \\"${n}\\"" id=${n} namespace=k8s.io`,
    (n) => `time="${t(n)}" level=warning msg="cleaning up after shim disconnected" id=${n}`,
    (n) => `time="${t(n)}" level=debug msg="x" component=containerd`,
    (n) => `${k(n)} "Status for pod updated successfully" pod="kube-system/coredns-${n}"`,
    (n) => `${k(n, 'E')} "Error syncing pod" err="boom ${n}"`,
    (n) => `${k(n)} "Observed a panic" err=<`,
    () => '\tgoroutine 1 [running]:',
    () => ' > pod="x"',
    (n) => `${j(n, 'k3s[812]')}time="${t(n)}" level=info msg="Tunnel server egress proxy mode: agent"`,
    (n) => `${j(n, 'k3s[812]')}${k(n)} "RemoveContainer" containerID="${n}"`,
    (n) => `${j(n, 'k3s[812]')}${k(n, 'W')} "Nameserver limits exceeded"`,
    (n) => `${j(n, 'kernel')}device veth${n} entered promiscuous mode`,
    (n) => `${j(n, 'systemd[1]')}Started session-${n}.scope.`,
    (n) => `${j(n, 'k3s[812]')}plain words ${n}`,
    (n) => `${j(n, 'k3s[812]')}${k(n)} "panic: runtime error" x=1`,
    () => 'Traceback (most recent call last):',
    () => '  File "/app/main.py", line 3, in <module>',
    (n) => `${j(n, 'k3s[812]')}time="${t(n)}" level=info msg="after \\u0041 escape"`,
    (n) => examples[n % examples.length]!,
    (n) => `\u001b[31mtime="${t(n)}" level=info msg="coloured"\u001b[0m`,
  ];
}

describe('skimming unmarked lines, event by event', { timeout: 240_000 }, () => {
  let library: Library;
  let lifecycle: LifecycleRules;
  let facts: SystemFactRules;
  let examples: string[];
  beforeAll(async () => {
    ({ library } = await loadLibrary([shippedPatternsDir()]));
    lifecycle = loadLifecycle(shippedPatternsDir());
    facts = loadSystemFacts(shippedPatternsDir());
    examples = library.signatures.flatMap((s) => examplesOf(s)?.match.map((e) => e.line) ?? []);
  });

  it('gives the same events but message and fields, and the same analysis, for members of every kind of line', async () => {
    const kinds = lineKinds(examples);
    let light = 0;
    let whole = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.nat({ max: kinds.length * 4 - 1 }), { minLength: 1, maxLength: 60 }),
        fc.constantFrom('k3s/containerd.log', 'k3s/agent-logs/kubelet.log', 'journald/k3s', 'systemlogs/syslog'),
        async (picks, path) => {
          // Skimmable lines four times as often as the rest, as in real bundles.
          const text = picks.map((p, n) => kinds[p < kinds.length * 3 ? p % 4 === 3 ? 8 : p % 4 : p - kinds.length * 3]!(n + 1)).join('\n');
          const info: MemberInfo = { source: { bundle: 'b.tgz', member: `${NODE_DIR}/${path}` }, host: 'k3s-node-03', component: path.includes('containerd') ? 'containerd' : path.includes('kubelet') ? 'kubelet' : undefined };
          const skimmed = await readMember(library, lifecycle, facts, info, `${text}\n`, true);
          const full = await readMember(library, lifecycle, facts, info, `${text}\n`, false);
          expect(skimmed.events).toHaveLength(full.events.length);
          skimmed.events.forEach((event, i) => {
            const wholeEvent = full.events[i]!;
            if (isLight(event)) {
              light++;
              expect(event.message).toBe('');
              expect({ ...event, message: wholeEvent.message, fields: wholeEvent.fields }).toEqual(wholeEvent);
            } else {
              whole++;
              expect(event).toEqual(wholeEvent);
            }
          });
          expect(skimmed.part).toEqual(full.part);
        },
      ),
      { seed, numRuns: 120, endOnFailure: true },
    ).catch((error: unknown) => {
      throw new Error(`${replayHint(seed, 'test/pipeline/skim.test.ts')}\n${String(error)}`);
    });
    // Both paths were taken: the property says something about skimming.
    expect(light).toBeGreaterThan(100);
    expect(whole).toBeGreaterThan(100);
  });

  it('ends skimming for the rest of a file at a line that may open a lasting crash', async () => {
    const lines = [
      'time="2025-03-14T14:25:15Z" level=info msg="before"',
      'Traceback (most recent call last):',
      'time="2025-03-14T14:25:16Z" level=info msg="after"',
    ];
    const { events } = await readMember(library, lifecycle, facts, { source: { bundle: 'b', member: 'app.log' }, component: 'app' }, `${lines.join('\n')}\n`, true);
    expect(events.map(isLight)).toEqual([true, false, false]);
  });
});

describeReportsWithAndWithout({ title: 'skimming (LOGSIFT_NO_SKIM=1)', off: { LOGSIFT_NO_SKIM: '1' }, formatFixtures: true, brokenRuns: 8, timeout: 120_000 });
