import { describe, expect, it } from 'vitest';
import type { LogEvent, Severity } from '../../src/model/log-event.js';
import { MAX_TEMPLATES, TemplateMiner, isMinable } from '../../src/correlate/mine-templates.js';
import { templateTokens } from '../../src/patterns/mask-variables.js';
import { rankUnrecognised } from '../../src/correlate/rank-unrecognised.js';

let serial = 0;
function event(message: string, extra: Partial<{ iso: string; host: string; component: string; severity: Severity | undefined; member: string }> = {}): LogEvent {
  serial++;
  return {
    timestamp: extra.iso ? Date.parse(extra.iso) : undefined,
    timeQuality: extra.iso ? 'exact' : 'none',
    host: extra.host ?? 'node-a',
    component: extra.component ?? 'containerd',
    severity: 'severity' in extra ? extra.severity : 'error',
    message,
    fields: {},
    format: 'logrus',
    origin: { bundle: 'bundle.tgz', member: extra.member ?? 'logs/containerd.log', line: serial, lineCount: 1 },
  };
}

const template = (message: string) => templateTokens(message).join(' ');

describe('templateTokens masks variables', () => {
  // Lines from https://github.com/projectatomic/atomic-system-containers/issues/159 and
  // https://github.com/containerd/containerd/issues/5175 (messages as the formats leave them).
  it('masks paths, ids, hex, numbers, addresses and quoted values, keeping the words', () => {
    expect(template('unable to load server certificate: open /etc/kubernetes/certs/server.crt: permission denied'))
      .toBe('unable to load server certificate: open <*>: permission denied');
    expect(template('failed to dial "10.20.30.43:10250": connect: connection refused')).toBe('failed to dial <*>: connect: connection refused');
    expect(template('dial tcp 10.43.0.1:443: i/o timeout')).toBe('dial tcp <*>: i/o timeout');
    expect(template('StopPodSandbox for "3f9c1b2a7d4e5f60718293a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4" failed'))
      .toBe('StopPodSandbox for <*> failed');
    expect(template('panic(0x957c20, 0xc8200fe000)')).toBe('panic(<*>, <*>)');
    expect(template('took 7.45s, expected 100ms')).toBe('took <*>, expected <*>');
    expect(template('pod=kube-system/coredns-5d78c9869d-x2x4z status=2/INVALIDARGUMENT')).toBe('pod=<*> status=<*>');
    expect(template('blk_update_request: I/O error, dev loop11, sector 0 op 0x1:(WRITE) flags 0x800'))
      .toBe('blk_update_request: I/O error, dev <*>, sector <*> op <*>:(WRITE) flags <*>');
  });

  it('keeps names that carry a digit but do not vary (k3s, x509, ipv4)', () => {
    expect(template('x509: certificate has expired for k3s over ipv4')).toBe('x509: certificate has expired for k3s over ipv4');
  });

  it('collapses a run of variables, so lists of different lengths give one template', () => {
    expect(template('containers 1a2b3c4d5e6f 2b3c4d5e6f7a 3c4d5e6f7a8b still running')).toBe(template('containers 1a2b3c4d5e6f still running'));
  });
});

describe('TemplateMiner', () => {
  it('groups lines of one shape with count, hosts, components, first/last seen and the earliest example', () => {
    const miner = new TemplateMiner();
    miner.observe(event('unable to load server certificate: open /etc/kubernetes/certs/server.crt: permission denied', { iso: '2017-12-20T08:39:41Z', host: 'node-b', component: 'apiserver' }));
    miner.observe(event('unable to load server certificate: open /etc/kubernetes/certs/server.crt: permission denied', { iso: '2017-12-20T08:39:40Z', host: 'node-a', component: 'apiserver' }));
    miner.observe(event('unable to load server certificate: open /etc/kubernetes/pki/apiserver.crt: permission denied', { iso: '2017-12-20T08:39:50Z', host: 'node-a', component: 'runc' }));
    const [only, ...rest] = miner.templates();
    expect(rest).toEqual([]);
    expect(only!.tokens.join(' ')).toBe('unable to load server certificate: open <*>: permission denied');
    expect(only!.count).toBe(3);
    expect(only!.hosts).toEqual(['node-a', 'node-b']);
    expect(only!.components).toEqual(['apiserver', 'runc']);
    expect(only!.firstSeen).toBe(Date.parse('2017-12-20T08:39:40Z'));
    expect(only!.lastSeen).toBe(Date.parse('2017-12-20T08:39:50Z'));
    expect(only!.example.timestamp).toBe(Date.parse('2017-12-20T08:39:40Z'));
  });

  it('keeps different failures apart and generalises only the differing words', () => {
    const miner = new TemplateMiner();
    miner.observe(event('failed to reserve sandbox name "coredns-abc_kube-system"'));
    miner.observe(event('failed to reserve container name "etcd_kube-system"'));
    miner.observe(event('failed to load cni during init, please check CRI plugin status'));
    const templates = miner.templates().map((t) => t.tokens.join(' '));
    expect(templates).toEqual(['failed to reserve <*> name <*>', 'failed to load cni during init, please check CRI plugin status']);
  });

  it('puts a line whose first word is a name without digits with its siblings', () => {
    const miner = new TemplateMiner();
    miner.observe(event('coredns: readiness probe failed with statuscode 503 after retries'));
    miner.observe(event('traefik: readiness probe failed with statuscode 503 after retries'));
    expect(miner.templates().map((t) => [t.tokens.join(' '), t.count])).toEqual([['<*> readiness probe failed with statuscode <*> after retries', 2]]);
  });

  it('mines only error-level lines, warnings, and level-less lines that say they failed', () => {
    expect(isMinable(event('x', { severity: 'info' }))).toBe(false);
    expect(isMinable(event('x', { severity: 'warning' }))).toBe(true);
    expect(isMinable(event('unable to load server certificate: permission denied', { severity: undefined }))).toBe(true);
    expect(isMinable(event('Started kubelet', { severity: undefined }))).toBe(false);
  });

  it('keeps at most MAX_TEMPLATES shapes and counts the lines beyond', () => {
    const miner = new TemplateMiner();
    const words = (n: number) => n.toString(26).split('').map((d) => String.fromCharCode(97 + parseInt(d, 26))).join('');
    for (let i = 0; i < MAX_TEMPLATES + 50; i++) miner.observe(event(`${words(i)}q ${words(i * 7)}w zz`));
    expect(miner.templates().length).toBeLessThanOrEqual(MAX_TEMPLATES);
    expect(miner.droppedLines + miner.templates().reduce((sum, t) => sum + t.count, 0)).toBe(MAX_TEMPLATES + 50);
  });

  it('gives the same templates whether files are mined in one miner or as parts absorbed in file order', () => {
    const lines = [
      ['a.log', 'failed to pull image "docker.io/library/nginx:1.25": not found'],
      ['a.log', 'failed to pull image "docker.io/library/redis:7": not found'],
      ['b.log', 'failed to pull image "registry.k8s.io/pause:3.9": i/o timeout'],
      ['b.log', 'failed to pull image "registry.k8s.io/pause:3.9": not found'],
    ] as const;
    const alone = new TemplateMiner();
    for (const [member, text] of lines) alone.observe(event(text, { member }));
    const joined = new TemplateMiner();
    for (const member of ['a.log', 'b.log']) {
      const part = new TemplateMiner();
      for (const [m, text] of lines) if (m === member) part.observe(event(text, { member }));
      joined.absorb(part.part());
    }
    expect(joined.templates().map((t) => [t.tokens, t.count])).toEqual(alone.templates().map((t) => [t.tokens, t.count]));
  });
});

describe('rankUnrecognised', () => {
  it('lists first what happened just before an incident on the same host, then bursts; lone warnings are left out', () => {
    const miner = new TemplateMiner();
    miner.observe(event('old unrelated failure of something', { iso: '2025-03-14T01:00:00Z' }));
    miner.observe(event('unable to load server certificate: open /etc/k/server.crt: permission denied', { iso: '2025-03-14T09:59:00Z' }));
    miner.observe(event('a single slow warning', { iso: '2025-03-14T09:59:00Z', severity: 'warning' }));
    const incident = {
      id: 'x@node-a#1', signature: 'x', title: 'X', severity: 'error' as const, role: 'symptom' as const, host: 'node-a',
      firstSeen: Date.parse('2025-03-14T10:00:00Z'), lastSeen: Date.parse('2025-03-14T10:05:00Z'), count: 3, fields: {}, evidence: [],
    };
    const ranked = rankUnrecognised(miner.templates(), [incident]);
    expect(ranked.map((u) => u.template)).toEqual([
      'unable to load server certificate: open <*>: permission denied',
      'old unrelated failure of something',
    ]);
    expect(ranked[0]!.example).toMatchObject({ file: 'bundle.tgz:logs/containerd.log', timestamp: Date.parse('2025-03-14T09:59:00Z') });
  });
});
