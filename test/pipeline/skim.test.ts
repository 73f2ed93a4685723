import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { splitLines } from '../../src/ingest/split-lines.js';
import { lineMarkingFor } from '../../src/ingest/read-stream.js';
import type { LogEvent } from '../../src/model/log-event.js';
import type { MemberInfo, MemberLines } from '../../src/model/log-line.js';
import type { LifecycleRules } from '../../src/model/lifecycle.js';
import type { SystemFactRules } from '../../src/model/system-facts.js';
import { SKIMMED_FIELDS, type LightLine } from '../../src/formats/skim.js';
import type { EventFilter } from '../../src/pipeline/filter-events.js';
import { loadLibrary, type Library } from '../../src/patterns/index.js';
import { loadLifecycle } from '../../src/patterns/load-lifecycle.js';
import { loadSystemFacts } from '../../src/patterns/load-system-facts.js';
import { examplesOf } from '../../src/patterns/compile-signature.js';
import { parseMember, type LightLineObserver } from '../../src/pipeline/parse-member.js';
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

/** A light line as its reader may keep it (the parser reuses the record). */
type KeptLightLine = LightLine & { readonly kind: 'light-line' };

/**
 * A member's events and what the analysis made of them, read with skimming off, on (light events), or on with the
 * analysis taking light lines (`lightLines`: no light event then becomes a LogEvent while the analysis takes them).
 */
async function readMember(
  library: Library, lifecycle: LifecycleRules, facts: SystemFactRules, info: MemberInfo, text: string, skim: boolean, lightLines = false,
  filter: EventFilter = {},
): Promise<{ events: LogEvent[]; lines: (LogEvent | KeptLightLine)[]; part: unknown }> {
  const marking = lineMarkingFor(analysisLineMarker(library.signatures, facts), info);
  async function* chunks(): AsyncGenerator<Uint8Array> {
    yield Buffer.from(text, 'utf8');
  }
  const lines = splitLines(chunks(), { source: info.source, maxLineBytes: 1024 * 1024, ...(marking ? { marking } : {}) });
  const member: MemberLines = marking ? { member: info, lines, marks: marking.marks } : { member: info, lines };
  const analysis = new MemberAnalysis(library, filter, lifecycle, facts);
  const events: LogEvent[] = [];
  const read: (LogEvent | KeptLightLine)[] = [];
  const lightObserver: LightLineObserver = {
    takesLightLine: (bundle, member) => analysis.takesLightLine(bundle, member),
    observeLight(line) {
      read.push({ ...line, kind: 'light-line' as const });
      analysis.observeLight(line);
    },
  };
  const outcome = await parseMember(member, {}, { siblingZone: () => undefined, latestYear: () => undefined, siblingNewest: () => undefined }, (event, mayMatch) => {
    events.push(event);
    read.push(event);
    analysis.observe(event, mayMatch);
  }, skim, lightLines ? lightObserver : undefined);
  return { events, lines: read, part: JSON.parse(JSON.stringify({ part: analysis.part(), outcome })) };
}

/** What a light line says of its light event. */
function lightLineOf(event: LogEvent): LightLine {
  return {
    timestamp: event.timestamp, host: event.host, hostProvisional: event.hostProvisional === true, component: event.component, unit: event.unit,
    pid: event.pid, severity: event.severity ?? 'info', bootId: event.bootId, bundle: event.origin.bundle, member: event.origin.member, line: event.origin.line,
  };
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
    let lightLines = 0;
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
          // Taken as light lines, the light events reach the analysis in the same place, saying the same, with the same result.
          const asLines = await readMember(library, lifecycle, facts, info, `${text}\n`, true, true);
          expect(asLines.lines).toHaveLength(skimmed.events.length);
          asLines.lines.forEach((item, i) => {
            const event = skimmed.events[i]!;
            if ('kind' in item) {
              lightLines++;
              expect(isLight(event)).toBe(true);
              const { kind: _kind, ...line } = item;
              expect(line).toEqual(lightLineOf(event));
            } else expect(item).toEqual(event);
          });
          expect(asLines.part).toEqual(full.part);
        },
      ),
      { seed, numRuns: 120, endOnFailure: true },
    ).catch((error: unknown) => {
      throw new Error(`${replayHint(seed, 'test/pipeline/skim.test.ts')}\n${String(error)}`);
    });
    // Both paths were taken: the property says something about skimming.
    expect(light).toBeGreaterThan(100);
    expect(whole).toBeGreaterThan(100);
    expect(lightLines).toBeGreaterThan(100);
  });

  it('takes light lines only under a filter that judges them as they come, and never while a crash waits for its lines', () => {
    expect(new MemberAnalysis(library, {}, lifecycle, facts).takesLightLine('b', 'app.log')).toBe(true);
    expect(new MemberAnalysis(library, { components: new Set(['kubelet']), minSeverity: 'info' }, lifecycle, facts).takesLightLine('b', 'app.log')).toBe(true);
    expect(new MemberAnalysis(library, { hosts: new Set(['k3s-node-03']) }, lifecycle, facts).takesLightLine('b', 'app.log')).toBe(false);
    expect(new MemberAnalysis(library, { since: 0 }, lifecycle, facts).takesLightLine('b', 'app.log')).toBe(false);
    expect(new MemberAnalysis(library, { grep: /x/ }, lifecycle, facts).takesLightLine('b', 'app.log')).toBe(false);
    const analysis = new MemberAnalysis(library, {}, lifecycle, facts);
    const event = (line: number, message: string): LogEvent => ({
      timestamp: 1_741_962_315_000 + line, timeQuality: 'exact', host: 'h', component: 'app', pid: 7, severity: 'error', message, fields: {},
      format: 'plain-text', origin: { bundle: 'b', member: 'app.log', line, lineCount: 1 },
    });
    analysis.observe(event(1, 'Traceback (most recent call last):'));
    // The traceback keeps the lines of its process as evidence, light or not, until its exception line.
    expect(analysis.takesLightLine('b', 'app.log')).toBe(false);
    // Another file's lines cannot join it.
    expect(analysis.takesLightLine('b', 'other.log')).toBe(true);
    analysis.observe(event(2, 'ValueError: boom'));
    expect(analysis.takesLightLine('b', 'app.log')).toBe(true);
  });

  it('counts light lines under a component and level filter as it counts their events', async () => {
    const lines = [
      'time="2025-03-14T14:25:15Z" level=info msg="kept" component=containerd',
      'time="2025-03-14T14:25:16Z" level=debug msg="below the level" component=containerd',
      'time="2025-03-14T14:25:17Z" level=info msg="another component" component=other',
      'time="2025-03-14T14:25:18Z" level=error msg="whole"',
    ];
    const info: MemberInfo = { source: { bundle: 'b', member: 'containerd.log' }, host: 'h', component: 'containerd' };
    const filter: EventFilter = { components: new Set(['containerd']), minSeverity: 'info' };
    const full = await readMember(library, lifecycle, facts, info, `${lines.join('\n')}\n`, false, false, filter);
    const asLines = await readMember(library, lifecycle, facts, info, `${lines.join('\n')}\n`, true, true, filter);
    expect(asLines.lines.map((item) => 'kind' in item)).toEqual([true, true, true, false]);
    expect(asLines.part).toEqual(full.part);
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
