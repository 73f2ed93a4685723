import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LogEvent } from '../../src/model/index.js';
import { matchWithoutPrefilter, parseSignatureText, createLibrary, MAX_MATCH_TEXT } from '../../src/patterns/index.js';
import type { LoadedSignature } from '../../src/patterns/index.js';
import { plainEvent } from './plain-event.js';

/** A complete signature file around the given rules (YAML lines, already indented under `match:`). */
function signatureText(id: string, rules: string, extra = ''): string {
  return [
    `id: ${id}`, `title: ${id}`, 'severity: error', 'role: symptom',
    'match:', rules,
    extra,
    'summary: s', 'explanation: e', "remediation: ['r']", 'runbook: https://example.org/runbook',
    'examples:', "  match: [{ line: 'x' }]", "  no_match: ['y']",
  ].join('\n');
}

function compile(id: string, rules: string, extra = ''): LoadedSignature {
  const { signature, diagnostics } = parseSignatureText(signatureText(id, rules, extra), `${id}.yaml`);
  expect(diagnostics).toEqual([]);
  return signature!;
}

const signatures = [
  compile('sandbox-metadata', "  - regex: 'failed to get metadata for stored sandbox \\\\?\"?(?<sandboxId>[0-9a-f]{12,64})'"),
  compile('pleg-unhealthy', "  - regex: 'PLEG is not healthy: pleg was last seen active (?<ago>[0-9hms.]+) ago'"),
  compile('oom-or-quota', "  - regex: 'Out of memory: Killed process (?<pid>\\d+)|disk quota exceeded'\n  - regex: 'NO SPACE left'\n    ignore_case: true"),
  compile('declared-literal', "  - regex: 'etcdserver: (?<what>request timed out|leader changed)'\n    literals: ['etcdserver: ']"),
  compile('no-literal', "  - regex: '^E\\d{4} '"),
  compile('chatty-error', "  - regex: 'error=(?<error>\\S+)'", "unless:\n  - regex: 'error=<nil>'\n  - regex: 'level=info'"),
];
const library = createLibrary(signatures);

const ids = (matches: readonly { signature: string }[]): string[] => matches.map((m) => m.signature);

describe('Library.match', () => {
  it('finds a signature through an alternation branch and a case-insensitive rule', () => {
    expect(ids(library.match(plainEvent('kernel: Out of memory: Killed process 1234 (java)')))).toEqual(['oom-or-quota']);
    expect(library.match(plainEvent('Out of memory: Killed process 1234'))[0].captures).toEqual({ pid: '1234' });
    expect(ids(library.match(plainEvent('write /var/lib/x: No Space Left on device')))).toEqual(['oom-or-quota']);
  });

  it('still tries rules that have no literal on every line', () => {
    expect(ids(library.match(plainEvent('E1029 13:16:48.471488    4919 pod_workers.go:182] Error syncing pod')))).toEqual(['no-literal']);
  });

  it('keeps benign chatter unmatched when the signature declares unless (error=<nil>, level=info)', () => {
    expect(library.match(plainEvent('time="2024-05-07T11:59:34Z" level=warning msg="StopContainer done" error=<nil>'))).toEqual([]);
    expect(library.match(plainEvent('time="2024-05-07T11:59:34Z" level=info msg="retrying" error=timeout'))).toEqual([]);
    expect(library.match(plainEvent('time="2024-05-07T11:59:34Z" level=error msg="retrying" error=timeout'))[0].captures).toEqual({ error: 'timeout' });
  });

  it('matches the rendered payload fields, not only the message', () => {
    const event = plainEvent('Failed to run CRI service', { fields: { error: 'failed to recover state: failed to get metadata for stored sandbox "c8ba6e5a0c3f": not found', _PID: '1' } });
    expect(library.match(event).map((m) => [m.signature, m.captures])).toEqual([
      ['sandbox-metadata', { sandboxId: 'c8ba6e5a0c3f' }],
      ['chatty-error', { error: 'failed' }],
    ]);
    expect(ids(library.match(plainEvent('Failed to run CRI service', { fields: { _CMDLINE: 'failed to get metadata for stored sandbox c8ba6e5a0c3f' } })))).toEqual([]);
  });

  it('matches a field rule against that field only', () => {
    const unitRule = createLibrary([compile('kubelet-unit', "  - regex: '^kubelet(\\.service)?$'\n    field: unit"), compile('by-field', "  - regex: '^ImagePullBackOff$'\n    field: reason")]);
    expect(ids(unitRule.match(plainEvent('Started kubelet', { unit: 'kubelet.service' })))).toEqual(['kubelet-unit']);
    expect(ids(unitRule.match(plainEvent('ImagePullBackOff', { unit: 'containerd.service' })))).toEqual([]);
    expect(ids(unitRule.match(plainEvent('Back-off pulling image', { fields: { reason: 'ImagePullBackOff' } })))).toEqual(['by-field']);
  });

  it('hands regexes at most the first 64 KiB of a huge event', () => {
    const filler = 'x'.repeat(MAX_MATCH_TEXT);
    expect(library.match(plainEvent(`${filler}PLEG is not healthy: pleg was last seen active 3m5.30015447s ago`))).toEqual([]);
    expect(ids(library.match(plainEvent(`PLEG is not healthy: pleg was last seen active 3m5.30015447s ago ${filler}`)))).toEqual(['pleg-unhealthy']);
  });

  it('agrees with the regex-only matcher on random lines built from the literals', () => {
    const fragments = [
      'failed to get metadata for stored sandbox ', '"c8ba6e5a0c3f', 'PLEG is not healthy: pleg was last seen active ', '3m5.30015447s ago', '12.5s ago',
      'Out of memory: Killed process ', '1234', 'disk quota exceeded', 'no space LEFT', 'etcdserver: ', 'request timed out', 'E1029 ',
      'error=', '<nil>', 'level=info', 'level=error', ' ', '"', '\\', 'Ü', 'abc',
      // Whole matching phrases, so that every signature is hit now and then, often with near-misses around.
      'failed to get metadata for stored sandbox "c8ba6e5a0c3f', 'PLEG is not healthy: pleg was last seen active 3m5.3s ago',
      'etcdserver: leader changed',
    ];
    const piece = fc.oneof(fc.constantFrom(...fragments), fc.string({ maxLength: 3 }));
    const caseFlip = (s: string, flip: boolean): string => (flip ? s.toUpperCase() : s);
    const seen = new Set<string>();
    fc.assert(
      fc.property(fc.array(fc.tuple(piece, fc.boolean()), { maxLength: 8 }), fc.constantFrom(undefined, 'kubelet', 'kernel'), (parts, component) => {
        const line = parts.map(([p, flip]) => caseFlip(p, flip)).join('');
        const event: LogEvent = plainEvent(line, component ? { component } : {});
        const fast = library.match(event);
        const slow = matchWithoutPrefilter(signatures, event);
        expect(fast).toEqual(slow);
        for (const m of fast) seen.add(m.signature);
      }),
      { numRuns: 2000 },
    );
    // The comparison only means something if the random lines did hit signatures.
    expect(seen.size).toBeGreaterThanOrEqual(5);
  });

  it('agrees with the regex-only matcher when the words are split between the message and payload fields', () => {
    const words = ['failed to get metadata for stored ', 'sandbox "c8ba6e5a0c3f', 'PLEG is not healthy: pleg was last seen active ', '3m5.3s ago',
      'Out of memory: Killed process 1234', 'etcdserver: ', 'leader changed', 'error', '<nil>', 'level=info', 'x', '',
      // Whole phrases too, so that several signatures are hit, some only through a field.
      'PLEG is not healthy: pleg was last seen active 3m5.3s ago', 'etcdserver: leader changed', 'failed to get metadata for stored sandbox "c8ba6e5a0c3f'];
    const word = fc.oneof(fc.constantFrom(...words), fc.string({ maxLength: 3 }));
    const key = fc.constantFrom('error', 'msg', 'level', '_PID', 'SYSLOG_IDENTIFIER', 'pod', 'k');
    const seen = new Set<string>();
    fc.assert(
      fc.property(word, fc.array(fc.tuple(key, word), { maxLength: 4 }), (message, pairs) => {
        const event = plainEvent(message, { fields: Object.fromEntries(pairs) });
        const fast = library.match(event);
        expect(fast).toEqual(matchWithoutPrefilter(signatures, event));
        for (const m of fast) seen.add(m.signature);
      }),
      { numRuns: 2000 },
    );
    expect(seen.size).toBeGreaterThanOrEqual(3);
  });

  it('looks signatures up by id', () => {
    expect(library.byId('pleg-unhealthy')?.id).toBe('pleg-unhealthy');
    expect(library.byId('nope')).toBeUndefined();
  });
});

describe('Library.match over the shipped patterns/', () => {
  it('agrees with the regex-only matcher on random lines built from the shipped literals and example lines', async () => {
    const { loadLibrary, examplesOf } = await import('../../src/patterns/index.js');
    const { fileURLToPath } = await import('node:url');
    const shipped = fileURLToPath(new URL('../../patterns', import.meta.url));
    const { library: lib } = await loadLibrary([shipped]);
    if (lib.signatures.length === 0) return; // nothing shipped yet: the fixture-based test above still runs
    const literals = lib.signatures.flatMap((s) => s.rules.flatMap((r) => r.literals));
    const examples = lib.signatures.flatMap((s) => examplesOf(s)?.match.map((e) => e.line) ?? []);
    const piece = fc.oneof(fc.constantFrom(...literals), fc.constantFrom(...examples), fc.string({ maxLength: 4 }), fc.constantFrom(' ', '"', '0123456789abcdef', ': '));
    let hits = 0;
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 6 }), fc.boolean(), (parts, upper) => {
        const line = upper ? parts.join('').toUpperCase() : parts.join('');
        const event = plainEvent(line);
        const fast = lib.match(event);
        expect(fast).toEqual(matchWithoutPrefilter(lib.signatures, event));
        hits += fast.length;
      }),
      { numRuns: 1500 },
    );
    expect(hits).toBeGreaterThan(0);
  });
});
