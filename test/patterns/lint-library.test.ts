import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createLibrary, lintLibrary, loadLibrary, parseSignatureText } from '../../src/patterns/index.js';
import { plainEvent } from './plain-event.js';

const good = path.join(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/patterns/good');

function library(...files: [id: string, body: string][]) {
  return createLibrary(files.map(([id, body]) => {
    const text = [`id: ${id}`, `title: ${id}`, 'severity: error', 'role: symptom', 'summary: s', 'explanation: e', 'runbook: https://example.org/r', body].join('\n');
    const { signature, diagnostics } = parseSignatureText(text, `p/${id}.yaml`);
    expect(diagnostics).toEqual([]);
    return signature!;
  }));
}

const examples = "examples:\n  match: [{ line: 'a' }, { line: 'b' }]\n  no_match: ['c']";

describe('lintLibrary', () => {
  it('flags missing remediation and references, too few examples and literal-less regexes', () => {
    const lib = library(['weak', [
      'remediation: []',
      'match:', "  - regex: '\\d+ (?:ab|cd).*x.*'", "  - regex: 'nf_conntrack: table full'",
      "examples:\n  match: [{ line: 'a' }]\n  no_match: ['c']",
    ].join('\n')]);
    const codes = lintLibrary(lib, plainEvent).map((d) => `${d.code} ${d.where?.field ?? ''}`);
    expect(codes).toEqual([
      'patterns.no-remediation remediation',
      'patterns.no-references references',
      'patterns.few-examples examples.match',
      'patterns.no-literal match[0].regex',
      'patterns.rule-without-example match[0].regex',
      'patterns.rule-without-example match[1].regex',
    ]);
  });

  it('flags relations to unknown signatures and to itself, and identical regexes', () => {
    const common = "remediation: ['r']\nreferences: [https://example.org/x]\n" + examples;
    const lib = library(
      ['first', `match:\n  - regex: 'Killed process'\ncauses: [{ signature: nowhere, within: 5m }, { signature: first, within: 1m }]\n${common}`],
      ['second', `match:\n  - regex: 'Killed process'\n${common}`],
    );
    const found = lintLibrary(lib, plainEvent).filter((d) => d.code !== 'patterns.rule-without-example').map((d) => d.title);
    expect(found).toEqual([
      "p/first.yaml: causes[0].signature: unknown signature 'nowhere'",
      'p/first.yaml: causes[1].signature: a signature cannot explain itself',
      "p/second.yaml: match[0].regex: same regex as signature 'first'",
    ]);
  });

  it('reports overlapping examples', () => {
    const common = "remediation: ['r']\nreferences: [https://example.org/x]\nexamples:\n  match: [{ line: 'Out of memory: Killed process 1' }, { line: 'Out of memory: Killed process 2' }]\n  no_match: ['c']";
    const lib = library(['oom-a', `match:\n  - regex: 'Out of memory'\n${common}`], ['oom-b', `match:\n  - regex: 'Killed process'\n${common}`]);
    expect(lintLibrary(lib).filter((d) => d.code === 'patterns.overlap')).toHaveLength(4);
  });

  it('has only advice, no errors, for the good fixtures', async () => {
    const { library: lib } = await loadLibrary([good]);
    const found = lintLibrary(lib, plainEvent);
    expect(found.every((d) => d.severity === 'warning')).toBe(true);
    expect(found.map((d) => d.title)).toEqual([
      `${good}/containerd/containerd-sandbox-recovery-failed.yaml: examples.match: only 1 match example(s); add real variants (other versions, other hosts)`,
      `${good}/containerd/containerd-sandbox-recovery-failed.yaml: caused_by[0].signature: unknown signature 'node-unclean-shutdown'`,
      `${good}/kubelet/kubelet-crashloop-backoff.yaml: examples.match: only 1 match example(s); add real variants (other versions, other hosts)`,
    ]);
  });
});

describe('lintLibrary: rule coverage and literals shared across components', () => {
  const common = "remediation: ['r']\nreferences: [https://example.org/x]\n";

  it('warns on a rule that no match example exercises', () => {
    const lib = library(['two-wordings', `match:\n  - regex: 'slow fdatasync'\n  - regex: 'sync duration of'\n${common}examples:\n  match: [{ line: 'slow fdatasync took=2s' }, { line: 'slow fdatasync took=3s' }]\n  no_match: ['c']`]);
    expect(lintLibrary(lib, plainEvent).map((d) => `${d.code} ${d.where?.field}`)).toEqual(['patterns.rule-without-example match[1].regex']);
  });

  it('warns when a rule literal occurs in the messages of a signature about another component', () => {
    const lib = library(
      ['kubelet-thing', `components: [kubelet]\nmatch:\n  - regex: 'connection refused'\n${common}examples:\n  match: [{ line: 'kubelet: connection refused' }, { line: 'kubelet: connection refused again' }]\n  no_match: ['c']`],
      ['etcd-thing', `components: [etcd]\nmatch:\n  - regex: 'etcd down'\n${common}examples:\n  match: [{ line: 'etcd down' }, { line: 'etcd down again' }]\n  no_match: ['etcd: connection refused while starting']`],
    );
    const found = lintLibrary(lib, plainEvent).filter((d) => d.code === 'patterns.literal-elsewhere');
    expect(found.map((d) => d.title)).toEqual(["p/kubelet-thing.yaml: match[0].regex: literal 'connection refused' also occurs in messages of etcd ('etcd-thing' examples)"]);
  });
});
