import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkExamples, createLibrary, loadLibrary, parseSignatureText } from '../../src/patterns/index.js';
import type { LoadedSignature } from '../../src/patterns/index.js';
import { parseStandaloneLine } from '../../src/formats/index.js';
import { plainEvent } from './plain-event.js';

const good = path.join(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/patterns/good');
const parseLine = (line: string) => plainEvent(line);

function signature(id: string, body: string): LoadedSignature {
  const text = [
    `id: ${id}`, `title: ${id}`, 'severity: error', 'role: symptom', body,
    'summary: s', 'explanation: e', "remediation: ['r']", 'runbook: https://example.org/runbook',
  ].join('\n');
  const { signature: s, diagnostics } = parseSignatureText(text, `patterns/test/${id}.yaml`);
  expect(diagnostics).toEqual([]);
  return s!;
}

describe('checkExamples', () => {
  it('passes every example of the good fixtures, prefilter on and off', async () => {
    const { library } = await loadLibrary([good]);
    const results = checkExamples(library, parseLine);
    expect(results.filter((r) => !r.ok)).toEqual([]);
    expect(results.filter((r) => r.kind === 'match')).toHaveLength(4);
    expect(results.filter((r) => r.kind === 'no_match')).toHaveLength(4);
  });

  it('reports a match example that does not match, with the file, field and YAML line', () => {
    const s = signature('pleg-unhealthy', [
      'match:', "  - regex: 'PLEG is not healthy: pleg was last seen active'",
      'examples:',
      '  match:',
      "    - line: 'skipping pod synchronization - PLEG is not healthy: pleg has yet to be successful'",
      "  no_match: ['ok']",
    ].join('\n'));
    const [result] = checkExamples(createLibrary([s]), parseLine).filter((r) => !r.ok);
    expect(result.kind).toBe('match');
    expect(result.diagnostic?.code).toBe('patterns.example-unmatched');
    expect(result.diagnostic?.title).toBe("patterns/test/pleg-unhealthy.yaml: examples.match[0]: signature 'pleg-unhealthy' does not match its example");
    expect(result.diagnostic?.where).toEqual({ file: 'patterns/test/pleg-unhealthy.yaml', line: 9, field: 'examples.match[0]' });
  });

  it('reports a no_match example that matches', () => {
    const s = signature('oom-kill', [
      'match:', "  - regex: 'Killed process \\d+'",
      'examples:', "  match: [{ line: 'Out of memory: Killed process 1234 (java)' }]", "  no_match: ['oom_reaper: reaped process 1234 (java), now anon-rss:0kB', 'Killed process 99']",
    ].join('\n'));
    const failed = checkExamples(createLibrary([s]), parseLine).filter((r) => !r.ok);
    expect(failed.map((r) => [r.kind, r.index, r.diagnostic?.code])).toEqual([['no_match', 1, 'patterns.example-matched']]);
  });

  it('reports captures that differ from the declared ones', () => {
    const s = signature('sandbox', [
      'match:', "  - regex: 'stored sandbox \"(?<sandboxId>[0-9a-f]{6})'",
      'examples:', "  match: [{ line: 'failed to get metadata for stored sandbox \"c8ba6e5a0c3f\"', captures: { sandboxId: c8ba6e5a0c3f } }]", "  no_match: ['x']",
    ].join('\n'));
    const [r] = checkExamples(createLibrary([s]), parseLine).filter((x) => !x.ok);
    expect(r.diagnostic?.title).toContain("captures differ: sandboxId expected 'c8ba6e5a0c3f', got 'c8ba6e'");
  });

  it('catches declared literals that make the prefilter miss a match the regex finds', () => {
    const s = signature('etcd-timeout', [
      'match:', "  - regex: 'etcdserver: request timed out'", "    literals: ['etcd-server']",
      'examples:', "  match: [{ line: 'etcdserver: request timed out' }]", "  no_match: ['x']",
    ].join('\n'));
    const [r] = checkExamples(createLibrary([s]), parseLine).filter((x) => !x.ok);
    expect(r.diagnostic?.code).toBe('patterns.prefilter-disagrees');
    expect(r.diagnostic?.reason).toBe('with prefilter: nothing; regexes alone: etcd-timeout');
  });

  it('reports an example that also matches an unrelated signature, but not a related one', () => {
    const body = (regex: string, relation = '') => ['match:', `  - regex: '${regex}'`, relation,
      'examples:', "  match: [{ line: 'Out of memory: Killed process 1234 (java)' }]", "  no_match: ['x']"].join('\n');
    const a = signature('oom-kill', body('Killed process'));
    const b = signature('out-of-memory', body('Out of memory'));
    const overlaps = checkExamples(createLibrary([a, b]), parseLine).filter((r) => r.kind === 'overlap');
    expect(overlaps.map((r) => [r.signature, r.other])).toEqual([['oom-kill', 'out-of-memory'], ['out-of-memory', 'oom-kill']]);
    expect(overlaps[0].diagnostic?.title).toBe("patterns/test/oom-kill.yaml: examples.match[0]: also matches signature 'out-of-memory'");

    const related = signature('out-of-memory', body('Out of memory', 'causes: [{ signature: oom-kill, within: 1m }]'));
    expect(checkExamples(createLibrary([a, related]), parseLine).filter((r) => !r.ok)).toEqual([]);
  });

  it('turns a parser that throws into a failed result instead of throwing', () => {
    const s = signature('x-sig', ['match:', "  - regex: 'abc'", 'examples:', "  match: [{ line: 'abc' }]", "  no_match: ['x']"].join('\n'));
    const results = checkExamples(createLibrary([s]), () => { throw new Error('parser exploded'); });
    expect(results.map((r) => [r.ok, r.diagnostic?.code, r.diagnostic?.reason])).toEqual([
      [false, 'patterns.example-error', 'parser exploded'],
      [false, 'patterns.example-error', 'parser exploded'],
    ]);
  });
});

describe('checkExamples with the real format parsers (parseStandaloneLine)', () => {
  it('passes every example of the good fixtures', async () => {
    const { library } = await loadLibrary([good]);
    const results = checkExamples(library, parseStandaloneLine);
    expect(results.filter((r) => !r.ok).map((r) => r.diagnostic?.title)).toEqual([]);
    expect(results.filter((r) => r.ok)).toHaveLength(8);
  });

  it('keeps a failure logged with error=<nil> unmatched through the unless rule', async () => {
    const { library } = await loadLibrary([good]);
    const line = 'time="2019-10-02T23:27:34.439359450Z" level=warning msg="StopPodSandbox for \\"cae59246074a27247c54d43ffd3f68be61121bcc741133b940e7188002e34f60\\" failed" error=<nil>';
    expect(library.match(parseStandaloneLine(line))).toEqual([]);
    expect(library.match(parseStandaloneLine(line.replace('error=<nil>', 'error="rpc error: code = Canceled"')))).toHaveLength(1);
  });
});
