import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { detectFormat, formats, MemberParser, newMemberParseStats, payloadFormats } from '../../src/formats/index.js';
import { ageSeconds, k8sEvents } from '../../src/formats/k8s-events.js';
import type { LogEvent } from '../../src/model/log-event.js';

const fixture = (name: string): string[] => readFileSync(new URL(`../fixtures/formats/${name}`, import.meta.url), 'utf8').split('\n').filter((l, i, all) => l.length > 0 || i < all.length - 1);
const COLLECTED = Date.UTC(2022, 1, 17, 21, 51, 35);

function parse(lines: readonly string[], latest?: number): { events: LogEvent[]; stats: ReturnType<typeof newMemberParseStats> } {
  const stats = newMemberParseStats();
  const info = { source: { bundle: 'b', member: 'describe-pods.txt' } };
  const parser = new MemberParser(info, detectFormat(lines.slice(0, 24), formats), { formats, payloadFormats, anchors: latest === undefined ? {} : { latest, latestSource: 'the bundle collection time' } }, stats);
  const events = [...lines.flatMap((text, i) => parser.push({ source: info.source, lineNumber: i + 1, text })), ...parser.end()];
  return { events, stats };
}

describe('k8s-events: kubectl describe Events section', () => {
  const lines = fixture('k8s-describe-pod.txt');

  it('reads each event with the described pod as its object, aged back from the collection time', () => {
    const { events } = parse(lines, COLLECTED);
    const k8s = events.filter((e) => e.component === 'k8s-event');
    expect(k8s.map((e) => e.message)).toEqual([
      'Normal Scheduled pod/nginx-deployment-67d4bdd6f5-w6kd7: Successfully assigned default/nginx-deployment-67d4bdd6f5-w6kd7 to kube-worker-1',
      'Normal Pulling pod/nginx-deployment-67d4bdd6f5-w6kd7: Pulling image "nginx"',
      'Normal Pulled pod/nginx-deployment-67d4bdd6f5-w6kd7: Successfully pulled image "nginx" in 1.146417389s',
      'Normal Created pod/nginx-deployment-67d4bdd6f5-w6kd7: Created container nginx',
      'Normal Started pod/nginx-deployment-67d4bdd6f5-w6kd7: Started container nginx',
    ]);
    expect(k8s[0]).toMatchObject({
      severity: 'info',
      format: 'k8s-events',
      timestamp: COLLECTED - 34_000,
      timeQuality: 'approximate',
      fields: { type: 'Normal', reason: 'Scheduled', object: 'pod/nginx-deployment-67d4bdd6f5-w6kd7', namespace: 'default', source: 'default-scheduler' },
      origin: { line: 55 },
    });
  });

  it('keeps every other describe line as untimed plain text, and the events untimed when no collection time is known', () => {
    const { events, stats } = parse(lines);
    expect(events.filter((e) => e.component === 'k8s-event')).toHaveLength(5);
    expect(events.every((e) => e.timestamp === undefined)).toBe(true);
    // 58 lines: 3 of them (Events:, header, rule) are structure; every other line is an event.
    expect(events).toHaveLength(lines.length - 3);
    expect(events.find((e) => e.message.startsWith('Tolerations:'))?.format).toBe('plain-text');
    expect(stats.unparsed).toBe(0);
  });

  it('counts repeats and reads a warning (describe age `3m (x8 over 3m)`, kubelet with host)', () => {
    // https://github.com/kubernetes/kubernetes/issues/62504
    const { events } = parse(['Name:         web-1', 'Namespace:    shop', 'IP:           10.1.2.3', 'Containers:', 'Events:', '  Type     Reason          Age              From                   Message', '  ----     ------          ----             ----                   -------', ' Normal   SandboxChanged         3m (x8 over 3m)  kubelet, hostname.net  Pod sandbox changed, it will be killed and re-created.'.replace(/^ /, '  ').replace('SandboxChanged        ', 'SandboxChanged ')], COLLECTED);
    const e = events.find((x) => x.component === 'k8s-event');
    expect(e?.fields).toMatchObject({ reason: 'SandboxChanged', count: '8', source: 'kubelet, hostname.net', object: 'pod/web-1', namespace: 'shop' });
    expect(e?.timestamp).toBe(COLLECTED - 180_000);
  });
});

describe('k8s-events: kubectl get events / kubectl events tables', () => {
  const lines = fixture('k8s-events-table.txt');

  it('is detected from the header and reads every row', () => {
    expect(detectFormat(lines, formats).id).toBe('k8s-events');
    const { events } = parse(lines, COLLECTED);
    const k8s = events.filter((e) => e.component === 'k8s-event');
    expect(k8s.map((e) => [e.severity, e.fields['reason'], e.fields['object'], e.timestamp])).toEqual([
      ['info', 'HelmChartCreated', 'HelmRelease/podinfo', COLLECTED - 88_000],
      ['info', 'HelmChartInSync', 'HelmRelease/podinfo', COLLECTED - 88_000],
      ['info', 'InstallSucceeded', 'HelmRelease/podinfo', COLLECTED - 83_000],
      ['warning', 'TestFailed', 'HelmRelease/podinfo', COLLECTED - 78_000],
    ]);
    expect(k8s[3]!.message).toBe('Warning TestFailed HelmRelease/podinfo: Helm test failed for release podinfo/podinfo.v1 with chart podinfo@6.5.3: 1 error occurred:');
    // The wrapped message line is not dropped.
    expect(events.some((e) => e.message.includes('* pod podinfo-fault-test-a0tew failed'))).toBe(true);
  });
});

describe('k8s-events ages and robustness', () => {
  it('reads kubectl ages', () => {
    expect([ageSeconds('45s'), ageSeconds('5m'), ageSeconds('2d3h'), ageSeconds('3m12s'), ageSeconds('<unknown>'), ageSeconds('')]).toEqual([45, 300, 183_600, 192, undefined, undefined]);
  });

  it('never throws and sniff stays in [0,1]', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 120 }), (s) => {
        const p = k8sEvents.createParser();
        for (const t of ['LAST SEEN   TYPE      REASON    OBJECT   MESSAGE', s, `Events:`, `  Type  Reason  Age  From  Message`, `  Warning  ${s}`]) {
          const score = k8sEvents.sniff(t);
          expect(score >= 0 && score <= 1).toBe(true);
          p.push({ source: { bundle: 't', member: 'm' }, lineNumber: 1, text: t });
        }
      }),
      { numRuns: 200 },
    );
  });
});
