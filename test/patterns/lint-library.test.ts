import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createLibrary, lintLibrary, loadLibrary, parseSignatureText } from '../../src/patterns/index.js';
import { plainEvent } from './plain-event.js';
import { parseStandaloneLine } from '../../src/formats/index.js';

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

  // kubelet's inotify exhaustion says ENOSPC (a real journal line posted in https://github.com/google/cadvisor/issues/1581),
  // the same words as a full disk (the k3s journal line of patterns/node/node-disk-full.yaml's examples).
  const KUBELET_INOTIFY = 'Aug 13 12:48:05 psit-multinode-minion-1 kubelet[81153]: W0813 12:48:05.682241   81153 raw.go:87] Error while processing event ("/sys/fs/cgroup/cpuset/kubepods/burstable/podd405e4ff-9aab-11e8-aaea-70695a988249/485ae7dc7e34b76666815053f75a705d03ca2c0ee3ba2d2edbb6fa4128ec7810": 0x40000100 == IN_CREATE|IN_ISDIR): inotify_add_watch /sys/fs/cgroup/cpuset/kubepods/burstable/podd405e4ff-9aab-11e8-aaea-70695a988249/485ae7dc7e34b76666815053f75a705d03ca2c0ee3ba2d2edbb6fa4128ec7810: no space left on device';
  const K3S_DISK_FULL = 'Mar 14 13:21:40 k3s-node-03 k3s[812]: E0314 13:21:40.118201     812 kuberuntime_manager.go:1256] "Unhandled Error" err="failed to write pod log: write /var/log/pods/shop_web-6d5f7c9b8d-x2xkq_2f0b3c1e/web/0.log: no space left on device"';
  const disk = (extra = '') => ['disk-full', `match:\n  - regex: 'no space left on device'\n${extra}${common}examples:\n  match: [{ line: '${K3S_DISK_FULL.replace(/'/g, "''")}' }, { line: '${K3S_DISK_FULL.replace('0.log', '1.log').replace(/'/g, "''")}' }]\n  no_match: ['c']`] as [string, string];
  const inotify = (extra = '') => ['inotify-exhausted', `match:\n  - regex: 'inotify_add_watch'\n${extra}${common}examples:\n  match: [{ line: '${KUBELET_INOTIFY.replace(/'/g, "''")}' }, { line: '${KUBELET_INOTIFY.replace(/'/g, "''")}' }]\n  no_match: ['c']`] as [string, string];

  it('reads the components from the example lines where a signature declares none', () => {
    const found = lintLibrary(library(disk(), inotify()), parseStandaloneLine).filter((d) => d.code === 'patterns.literal-elsewhere');
    expect(found.map((d) => d.title)).toEqual(["p/disk-full.yaml: match[0].regex: literal 'no space left on device' also occurs in messages of kubelet ('inotify-exhausted' examples)"]);
    // Read as raw lines (no parser), no example names a component: nothing to compare.
    expect(lintLibrary(library(disk(), inotify()), plainEvent).filter((d) => d.code === 'patterns.literal-elsewhere')).toEqual([]);
  });

  it('says nothing when the signature would not match that message after all: its unless leaves it out, or its regex asks for more', () => {
    const excluded = library(disk("unless:\n  - regex: 'inotify_add_watch'\n"), inotify());
    expect(lintLibrary(excluded, parseStandaloneLine).filter((d) => d.code === 'patterns.literal-elsewhere')).toEqual([]);
    // containerd's exec error starts with the words of systemd's job failure, without a unit name after them.
    const execFailed: [string, string] = ['exec-failed', `match:\n  - regex: 'exec failed'\n${common}examples:\n  match: [{ line: 'Jan 10 09:01:02 node1 containerd[811]: Failed to start exec "abc": exec failed' }, { line: 'Jan 10 09:01:03 node1 containerd[811]: Failed to start exec "def": exec failed' }]\n  no_match: ['c']`];
    const unitFailed = (regex: string): [string, string] => ['unit-failed', `match:\n  - regex: '${regex}'\n    literals: ['Failed to start ']\n${common}examples:\n  match: [{ line: 'Jan 10 09:01:02 node1 systemd[1]: Failed to start k3s.service.' }, { line: 'Jan 10 09:02:02 node1 systemd[1]: Failed to start kubelet.service.' }]\n  no_match: ['c']`];
    const narrower = library(unitFailed('Failed to start [\\w@.-]+\\.service'), execFailed);
    expect(lintLibrary(narrower, parseStandaloneLine).filter((d) => d.code === 'patterns.literal-elsewhere')).toEqual([]);
    // The same pair with the unit rule as loose as its literal: that is the risk the warning is about.
    const loose = library(unitFailed('Failed to start '), execFailed);
    expect(lintLibrary(loose, parseStandaloneLine).filter((d) => d.code === 'patterns.literal-elsewhere').map((d) => d.where?.file)).toEqual(['p/unit-failed.yaml']);
  });

  it('does not compare signatures declared to go together, nor Kubernetes Event notes', () => {
    const linked = library(disk('causes:\n  - { signature: inotify-exhausted, within: 10m }\n'), inotify());
    expect(lintLibrary(linked, parseStandaloneLine).filter((d) => d.code === 'patterns.literal-elsewhere')).toEqual([]);
    const event = library(disk(), ['event-thing', `components: [k8s-event]\nmatch:\n  - regex: '^Warning Failed '\n${common}examples:\n  match: [{ line: 'Warning Failed pod/x: no space left on device' }, { line: 'Warning Failed pod/y: no space left on device' }]\n  no_match: ['c']`]);
    expect(lintLibrary(event, parseStandaloneLine).filter((d) => d.code === 'patterns.literal-elsewhere')).toEqual([]);
  });
});
