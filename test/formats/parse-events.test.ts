import { describe, expect, it } from 'vitest';
import { formats, payloadFormats, parseEventBatches, parseEvents, newMemberParseStats, type MemberParseStats } from '../../src/formats/index.js';
import type { LogEvent } from '../../src/model/log-event.js';
import type { LogLine, MemberInfo, MemberLines } from '../../src/model/log-line.js';
import type { LogFormat } from '../../src/formats/log-format.js';

const info: MemberInfo = { source: { bundle: 'b.tgz', member: 'node1/journal/k3s.log' }, host: 'node1', component: 'k3s', collectedAt: Date.UTC(2020, 3, 21) };

// https://github.com/k3s-io/k3s/issues/759 (Trace continuation line), with the journal envelope k3s writes through.
const K3S = [
  'Apr 20 11:20:48 node1 k3s[1590]: I0420 11:20:48.213953    1590 trace.go:116] Trace[1092196218]: "Update" url:/api/v1/namespaces/kube-system/endpoints/kube-scheduler (total time: 10.001340905s):',
  'Apr 20 11:20:48 node1 k3s[1590]: Trace[1092196218]: [10.001340905s] [10.001264141s] END',
  // https://github.com/containerd/containerd/pull/9104 (logrus payload)
  'Apr 20 11:20:49 node1 k3s[1590]: time="2020-04-20T11:20:49.488717812+02:00" level=info msg="loading plugin \\"io.containerd.service.v1.containers-service\\"..." type=io.containerd.service.v1',
  '-- Boot 0123456789abcdef0123456789abcdef --',
  'plain text nobody claims',
];

function linesOf(count: number): LogLine[] {
  return Array.from({ length: count }, (_, i) => ({ source: info.source, lineNumber: i + 1, text: K3S[i % K3S.length]! }));
}

function member(lines: readonly LogLine[], batchSize?: number): MemberLines {
  const source = {
    async *[Symbol.asyncIterator]() {
      for (const line of lines) yield line;
    },
  };
  if (batchSize === undefined) return { member: info, lines: source };
  return {
    member: info,
    lines: Object.assign(source, {
      async *batches() {
        for (let i = 0; i < lines.length; i += batchSize) yield lines.slice(i, i + batchSize);
      },
    }),
  };
}

const options = { formats, payloadFormats, anchors: { latest: info.collectedAt } };

async function eventsOf(m: MemberLines): Promise<{ events: LogEvent[]; stats: MemberParseStats }> {
  const stats = newMemberParseStats();
  const events: LogEvent[] = [];
  for await (const event of parseEvents(m, options, stats)) events.push(event);
  return { events, stats };
}

describe('parseEvents', () => {
  it('gives the same events and counts whether ingest hands over lines one by one or in batches of any size', async () => {
    const lines = linesOf(203);
    const single = await eventsOf(member(lines));
    expect(single.events.length).toBeGreaterThan(100);
    expect(single.stats.primaryFormat).toBe('journal-short');
    for (const size of [1, 7, 24, 25, 500]) {
      const batched = await eventsOf(member(lines, size));
      expect(batched.events).toEqual(single.events);
      // The learned zone carries caches of its own; its name says which zone it is.
      expect({ ...batched.stats, zone: batched.stats.zone?.name }).toEqual({ ...single.stats, zone: single.stats.zone?.name });
    }
  });

  it('detects the format from the first 24 lines only, even when the first batch holds more', async () => {
    // 24 klog lines, then journal lines: detection must not see past line 24 of a 100-line first batch.
    const klogLine = 'E1029 13:16:48.471488    4919 pod_workers.go:182] Error syncing pod cc89ef7c-bc47-11e7-85ce-901b0edee6b6';
    const lines: LogLine[] = [
      ...Array.from({ length: 24 }, (_, i) => ({ source: info.source, lineNumber: i + 1, text: klogLine })),
      ...Array.from({ length: 76 }, (_, i) => ({ source: info.source, lineNumber: i + 25, text: K3S[0]! })),
    ];
    const batched = await eventsOf(member(lines, 100));
    expect(batched.stats.primaryFormat).toBe('klog');
    expect(batched.events).toEqual((await eventsOf(member(lines))).events);
  });
});

describe('parseEventBatches', () => {
  it('hands over events in non-empty arrays, ending with what the last record held back', async () => {
    const lines = linesOf(50);
    const stats = newMemberParseStats();
    const batches: LogEvent[][] = [];
    for await (const batch of parseEventBatches(member(lines, 10), options, stats)) batches.push(batch);
    expect(batches.every((b) => b.length > 0)).toBe(true);
    expect(batches.flat()).toEqual((await eventsOf(member(lines))).events);
    expect(batches.flat().at(-1)?.origin.line).toBe(50);
  });
});

describe('parseEvents nested fields and units', () => {
  const podInfo: MemberInfo = { source: { bundle: 'b.tgz', member: 'node1/pods/kube-system_etcd-master2/etcd/0.log' }, host: 'master2', component: 'etcd', collectedAt: Date.UTC(2023, 7, 19) };
  const podLines = (texts: readonly string[]): MemberLines => ({
    member: podInfo,
    lines: { async *[Symbol.asyncIterator]() { for (let i = 0; i < texts.length; i++) yield { source: podInfo.source, lineNumber: i + 1, text: texts[i]! }; } },
  });

  it('puts the CRI stream first, then the payload fields in the order the container printed them', async () => {
    // https://github.com/etcd-io/etcd/issues/16436 (zap JSON inside the CRI envelope)
    const line = '2023-08-18T10:47:26.510939053+08:00 stderr F {"level":"warn","ts":"2023-08-18T02:47:26.510Z","caller":"etcdserver/server.go:2084","msg":"failed to publish local member to cluster through raft","local-member-id":"63f111c239cc91f8","local-member-attributes":"{Name:master2 ClientURLs:[https://10.255.184.7:2379]}","request-path":"/0/members/63f111c239cc91f8/attributes","publish-timeout":"7s","error":"etcdserver: request timed out"}';
    const { events } = await eventsOf(podLines([line, line.replace('stderr', 'stdout')]));
    expect(events).toHaveLength(2);
    const [first, second] = events;
    expect(first!.format).toBe('json-lines');
    expect(first!.envelope?.format).toBe('cri');
    const keys = Object.keys(first!.fields);
    expect(keys[0]).toBe('stream');
    expect(keys).toContain('caller');
    expect(keys.indexOf('caller')).toBeLessThan(keys.indexOf('error'));
    expect(first!.fields).toMatchObject({ stream: 'stderr', error: 'etcdserver: request timed out', 'publish-timeout': '7s' });
    // Each event has fields of its own: the second line's stream does not leak into the first.
    expect(second!.fields.stream).toBe('stdout');
    expect(first!.fields.stream).toBe('stderr');
  });

  it('keeps a payload key named __proto__ as a plain field, without touching the fields object prototype', async () => {
    // JSON.parse makes `__proto__` an own key; a payload parser built on it could hand one over.
    const hostile: LogFormat = {
      id: 'hostile-json',
      title: 'JSON.parse payload',
      sniff: () => 0,
      createParser: () => ({ push: () => ({ accepted: false, out: [] }), flush: () => [] }),
      parsePayload: (message) => (message.startsWith('{') ? { format: 'hostile-json', message: 'hostile', fields: JSON.parse(message) as Record<string, string> } : undefined),
      samples: [],
    };
    const line = '2023-08-18T10:47:26.510939053+08:00 stderr F {"before":"0","__proto__":"yes","after":"1"}';
    const stats = newMemberParseStats();
    const events: LogEvent[] = [];
    for await (const event of parseEvents(podLines([line]), { ...options, payloadFormats: [hostile] }, stats)) events.push(event);
    expect(events).toHaveLength(1);
    const fields = events[0]!.fields;
    expect(Object.getPrototypeOf(fields)).toBe(Object.prototype);
    expect(Object.entries(fields)).toEqual([['stream', 'stderr'], ['before', '0'], ['__proto__', 'yes'], ['after', '1']]);
  });

  it('names each line of a journal that alternates between units after its own unit', async () => {
    // Journal-short lines of k3s and containerd interleaved, as one node's journal dump prints them.
    const lines = [
      'Apr 20 11:20:48 node1 k3s[1590]: I0420 11:20:48.213953    1590 trace.go:116] Trace[1092196218]: "Update" url:/api/v1/namespaces/kube-system/endpoints/kube-scheduler (total time: 10.001340905s):',
      'Apr 20 11:20:49 node1 containerd[880]: time="2020-04-20T11:20:49.488717812+02:00" level=info msg="loading plugin \\"io.containerd.service.v1.containers-service\\"..." type=io.containerd.service.v1',
      'Apr 20 11:20:49 node1 containerd[880]: time="2020-04-20T11:20:49.488717812+02:00" level=info msg="loading plugin" type=io.containerd.grpc.v1',
      'Apr 20 11:20:50 node1 sshd[77]: Accepted publickey for root from 10.0.0.1 port 22 ssh2',
      'Apr 20 11:20:50 node1 k3s[1590]: I0420 11:20:50.213953    1590 trace.go:116] Trace[1092196219]: "Get" url:/api/v1/nodes',
    ];
    const journal: MemberLines = {
      member: info,
      lines: { async *[Symbol.asyncIterator]() { for (let i = 0; i < lines.length; i++) yield { source: info.source, lineNumber: i + 1, text: lines[i]! }; } },
    };
    const { events } = await eventsOf(journal);
    expect(events.map((e) => [e.unit, e.component, e.envelope?.component])).toEqual([
      ['k3s', 'k3s', 'k3s'],
      ['containerd', 'containerd', 'containerd'],
      ['containerd', 'containerd', 'containerd'],
      // sshd names no component: the file's own (k3s) stands in.
      ['sshd', 'k3s', undefined],
      ['k3s', 'k3s', 'k3s'],
    ]);
  });
});

describe('parseEvents time accounting', () => {
  it('counts the lines of events without a time as untimed, parsed or not', async () => {
    // K3S's five lines: four journal lines with a time, one boot marker (no event), one plain line nobody claims.
    const { events, stats } = await eventsOf(member(linesOf(K3S.length)));
    const untimedLines = events.filter((e) => e.timestamp === undefined).reduce((sum, e) => sum + e.origin.lineCount, 0);
    expect(untimedLines).toBe(1);
    expect(stats.untimed).toBe(1);
    expect(stats.unparsed).toBe(1);
  });

  it('counts plain text that a plain-text member parses as untimed, though none of it is unparsed', async () => {
    // https://github.com/kubernetes/kubernetes/issues/125845 (coredns via `kubectl logs`, no timestamps)
    const lines = ['[INFO] plugin/kubernetes: waiting for Kubernetes API before starting server', '[INFO] plugin/ready: Still waiting on: "kubernetes"'];
    const { stats } = await eventsOf(member(lines.map((text, i) => ({ source: info.source, lineNumber: i + 1, text }))));
    expect(stats).toMatchObject({ lines: 2, parsed: 2, unparsed: 0, untimed: 2 });
  });
});

describe('parseEvents event shape', () => {
  const EVENT_KEYS = ['timestamp', 'timeQuality', 'host', 'component', 'unit', 'pid', 'severity', 'message', 'fields', 'format', 'bootId', 'monotonic', 'origin', 'raw', 'envelope', 'payload'];
  const withKeys = (extra: Record<string, string>): string[] => EVENT_KEYS.flatMap((key) => (extra[key] ? [key, extra[key]] : [key]));

  it('puts hostProvisional after host and bootSegment after bootId, only when they hold', async () => {
    const { events } = await eventsOf(member(linesOf(K3S.length)));
    // Before the boot marker no segment; the plain line after it is in segment 1.
    expect(Object.keys(events[0]!)).toEqual(EVENT_KEYS);
    expect(Object.keys(events.at(-1)!)).toEqual(withKeys({ bootId: 'bootSegment' }));
    expect(events.at(-1)!.bootSegment).toBe(1);

    // https://github.com/kubernetes/kubernetes/issues/54760 (klog lines name no host: the bundle name's guess stands in)
    const guessed: MemberInfo = { ...info, hostProvisional: true };
    const klog = ['I1029 13:16:06.471446    4919 kuberuntime_manager.go:751] Back-off 5m0s restarting failed container=alpine'];
    const lines = [...klog, '-- Boot 0123456789abcdef0123456789abcdef --', ...klog].map((text, i) => ({ source: info.source, lineNumber: i + 1, text }));
    const provisional = await eventsOf({ member: guessed, lines: member(lines).lines });
    expect(provisional.events.map((e) => [e.host, e.hostProvisional])).toEqual([['node1', true], ['node1', true]]);
    expect(Object.keys(provisional.events[0]!)).toEqual(withKeys({ host: 'hostProvisional' }));
  });

  it("gives a pod log's events the layout's fields under each line's own, whichever stream comes next", async () => {
    // https://github.com/kubernetes/kubernetes/issues/125845 (coredns), as the kubelet writes it under /var/log/pods.
    const pod: MemberInfo = { ...info, host: 'node1', fields: { namespace: 'kube-system', pod: 'coredns-1', container: 'coredns', stream: 'layout' } };
    const texts = [
      '2024-07-01T10:00:00.000000001Z stdout F [INFO] plugin/kubernetes: waiting for Kubernetes API before starting server',
      '2024-07-01T10:00:01.000000001Z stderr F [INFO] plugin/ready: Still waiting on: "kubernetes"',
      '2024-07-01T10:00:02.000000001Z stderr F [INFO] plugin/ready: Still waiting on: "kubernetes"',
      '2024-07-01T10:00:03.000000001Z stdout F [INFO] plugin/kubernetes: waiting for Kubernetes API before starting server',
    ];
    const lines = texts.map((text, i) => ({ source: info.source, lineNumber: i + 1, text }));
    const { events } = await eventsOf({ member: pod, lines: member(lines).lines });
    const layout = { namespace: 'kube-system', pod: 'coredns-1', container: 'coredns' };
    expect(events.map((e) => e.fields)).toEqual(['stdout', 'stderr', 'stderr', 'stdout'].map((stream) => ({ ...layout, stream })));
  });
});
