import { describe, expect, it } from 'vitest';
import { createRedactor } from '../../../src/report/redact/index.js';

/** A fresh redactor per line, so numbering starts at 1 in every expectation. */
const redact = (text: string, options: Parameters<typeof createRedactor>[0] = {}): string => createRedactor(options).text(text);

/** Real-shaped lines (k3s, kubelet, containerd, kernel, systemd) that carry nothing to redact: must come out unchanged. */
const MUST_NOT_CHANGE = [
  'I0314 09:02:47.123456    1234 kubelet.go:2468] "SyncLoop (PLEG): event for pod" pod="kube-system/coredns-ccb96694c-7x2mq"',
  'time="2025-03-14T14:25:15.518500416Z" level=fatal msg="Failed to run CRI service" error="failed to recover state: failed to get metadata for stored sandbox \\"c8ba6e5a03c305b920d96a3ca503c5bf110074f2cbf97a6af5b135db2f665516\\": not found"',
  'Starting k3s.service - Lightweight Kubernetes... k3s v1.32.1+k3s1 (6a322f12) go1.23.4',
  'containerd.service: Main process exited, code=exited, status=1/FAILURE; took 2m3.5s',
  'loading plugin id=io.containerd.snapshotter.v1.overlayfs type=io.containerd.snapshotter.v1',
  'E0314 14:25:20.955000 812 reflector.go:158] "Unhandled Error" err="k8s.io/client-go/informers/factory.go:160: Failed to watch *v1.Node"',
  'pulling image registry.k8s.io/pause:3.10 and docker.io/rancher/mirrored-coredns-coredns:1.12.0 from ghcr.io',
  'watch of *v1.Lease from sigs.k8s.io/controller-runtime ended; apiVersion coordination.k8s.io/v1',
  'Linux version 6.1.0-31-amd64 (debian-kernel@lists.debian.org) (gcc-12 (Debian 12.2.0-14) 12.2.0)',
  'libc.so.6 nf_conntrack.ko /etc/rancher/k3s/config.yaml spec.template.metadata.name status.podIP',
  'listening on 127.0.0.1:6444 and [::1]:10248, bound 0.0.0.0:10250',
  'failed to get token: context deadline exceeded; --anonymous-auth=false --enable-bootstrap-token-auth=true',
  'dns: kube-dns.kube-system.svc.cluster.local resolved; namespace=k8s.io task 12:34:56 09:02:47.123',
  'oom-kill:constraint=CONSTRAINT_MEMCG,task_memcg=/kubepods/burstable/pod9cd9edb8-1428-4d5a-9c54-418ec628a99c',
  'sha256:5b0c2f6e8d1a4c3b9e7f2a4d6c8e0b1f5b0c2f6e8d1a4c3b9e7f2a4d6c8e0b1f digest ok; session-3.scope; user@0.service',
];

describe('text that must not be redacted', () => {
  it.each(MUST_NOT_CHANGE)('%s', (line) => {
    expect(redact(line)).toBe(line);
  });
});

describe('IPv4', () => {
  it('replaces the address and keeps a port or prefix length', () => {
    expect(redact('dial tcp 10.0.0.11:6443: connect: connection refused')).toBe('dial tcp ip-1:6443: connect: connection refused');
    expect(redact('--cluster-cidr=10.42.0.0/16 --service-cidr 10.43.0.0/16')).toBe('--cluster-cidr=ip-1/16 --service-cidr ip-2/16');
    expect(redact('from 192.168.1.20, then 192.168.1.20.')).toBe('from ip-1, then ip-1.');
  });
  it('leaves versions, OIDs, loopback and out-of-range numbers', () => {
    for (const line of ['v1.2.3.4', 'oid 1.3.6.1.4.1.2312', '127.0.0.1', '999.1.1.1', 'kernel 6.1.128.1-amd64']) expect(redact(line)).toBe(line);
  });
});

describe('IPv6', () => {
  it('replaces full and compressed addresses, with zone and brackets', () => {
    expect(redact('peer [fd12:3456:789a:1::41]:2380 joined')).toBe('peer [ip-1]:2380 joined');
    expect(redact('addr 2001:db8:85a3:0:0:8a2e:370:7334 and fe80::1ff:fe23:4567:890a%eth0')).toBe('addr ip-1 and ip-2%eth0');
  });
  it('never takes a time of day, a MAC or a Go position', () => {
    for (const line of ['at 09:02:47 and 23:59:59.999', 'std::vector::push_back', 'kubelet.go:123:45', 'a:b:c', '12:34:56:78']) expect(redact(line)).toBe(line);
  });
});

describe('MAC addresses', () => {
  it('replaces colon and dash forms, and the iptables MAC= field whole', () => {
    expect(redact('link 02:42:ac:11:00:29 up, 02-42-AC-11-00-29')).toBe('link mac-1 up, mac-1');
    expect(redact('IN=eth0 MAC=52:54:00:12:34:56:52:54:00:65:43:21:08:00 SRC=')).toBe('IN=eth0 MAC=mac-1 SRC=');
  });
  it('leaves times and short hex pairs', () => {
    for (const line of ['12:34:56', 'aa:bb:cc:dd:ee', 'version 01:02:03:04:05']) expect(redact(line)).toBe(line);
  });
});

describe('host names', () => {
  it('replaces the bundle hosts anywhere, and FQDN-shaped names with a TLD', () => {
    const r = createRedactor({ hosts: ['k3s-node-03'] });
    expect(r.text('k3s-node-03-2025-03-14_14_31_07/k3s/containerd.log')).toBe('host-1-2025-03-14_14_31_07/k3s/containerd.log');
    expect(r.text('Node k3s-node-03 status is now: NodeNotReady')).toBe('Node host-1 status is now: NodeNotReady');
    expect(r.text('fieldSelector=metadata.name%3Dk3s-node-03&limit=500')).toBe('fieldSelector=metadata.name%3Dhost-1&limit=500');
    expect(r.text('lookup db01.corp.acme.com on 10.43.0.10:53: no such host')).toBe('lookup host-2 on ip-1:53: no such host');
    expect(r.text('K3S-NODE-03.ACME.COM')).toBe('host-1');
    expect(r.text('ip-10-0-0-11.ec2.internal and node7.lan')).toBe('host-3 and host-4');
  });
  it('gives an FQDN the pseudonym of its bundle short name', () => {
    const r = createRedactor({ hosts: ['node1'] });
    expect(r.text('node1.acme.de and node1')).toBe('host-1 and host-1');
  });
  it('replaces cloud node names that spell their address (an FQDN after its short name shares its pseudonym)', () => {
    expect(redact('node ip-172-31-5-9 not ready; ip-172-31-5-9.eu-west-1.compute.internal')).toBe('node host-1 not ready; host-1');
    expect(redact('strip-1-2-3-4 ip-1-2-3')).toBe('strip-1-2-3-4 ip-1-2-3');
  });
  it('replaces other nodes named in node= fields', () => {
    expect(redact('"Updating node status" node="worker-12"')).toBe('"Updating node status" node="host-1"');
  });
  it('leaves dotted words that are no host: units, files, packages, API groups, public registries', () => {
    for (const line of ['containerd.service', 'kubelet.go', 'k8s.io/api', 'k3s.cattle.io/v1', 'config.toml', 'README.md', 'util.sh', 'v1.Pod', 'app.kubernetes.io/name', 'github.com/containerd/containerd/v2', 'apps.Deployment', 'node="5"']) {
      expect(redact(line)).toBe(line);
    }
  });
  it('replaces a generic bundle host name in host fields only, not in prose', () => {
    const r = createRedactor({ hosts: ['server'] });
    expect(r.text('k3s server is up')).toBe('k3s server is up');
    expect(r.host('server')).toBe('host-1');
  });
});

describe('home directories', () => {
  it('replaces the user name and keeps the rest of the path', () => {
    expect(redact('open /home/alice/.kube/config: permission denied')).toBe('open /home/user-1/.kube/config: permission denied');
    expect(redact('/Users/bob.smith/x and C:\\Users\\carol\\AppData /home/alice/')).toBe('/Users/user-1/x and C:\\Users\\user-2\\AppData /home/user-3/');
  });
  it('leaves /root, /homer and /home alone', () => {
    for (const line of ['/root/.kube/config', '/homer/x', 'mkdir /home', '/var/home']) expect(redact(line)).toBe(line);
  });
});

describe('emails', () => {
  it('replaces customer addresses, keeps public project ones', () => {
    expect(redact('notify jane.doe@acme-corp.com and ops+k8s@acme-corp.com')).toBe('notify email-1 and email-2');
    expect(redact('(debian-kernel@lists.debian.org)')).toBe('(debian-kernel@lists.debian.org)');
  });
  it('leaves user@unit and incident-id shapes', () => {
    for (const line of ['user@1000.service', 'containerd-sandbox-recovery-failed@k3s-node-03#1']) expect(redact(line)).toBe(line);
  });
});

describe('secrets', () => {
  it('authorization headers and bearer/basic tokens', () => {
    expect(redact('Authorization: Bearer abcdef0123456789abcdef')).toBe('Authorization: Bearer [REDACTED:authorization]');
    expect(redact('"authorization":"Basic YWRtaW46cGFzc3dvcmQ="')).toBe('"authorization":"Basic [REDACTED:authorization]"');
    expect(redact('got bearer 9f8e7d6c5b4a39281706')).toBe('got bearer [REDACTED:authorization]');
  });
  it('JWTs', () => {
    expect(redact('token eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzeXN0ZW0ifQ.c2lnbmF0dXJl here')).toBe('token [REDACTED:jwt] here');
  });
  it('cloud access keys', () => {
    expect(redact('key AKIAIOSFODNN7EXAMPLE and ASIAY34FZKBOKMUTVV7A')).toBe('key [REDACTED:aws-access-key] and [REDACTED:aws-access-key]');
    expect(redact('AIzaSyA1234567890abcdefghijklmnopqrstuv')).toBe('[REDACTED:gcp-api-key]');
    expect(redact('DefaultEndpointsProtocol=https;AccountName=acme;AccountKey=abcdEFGH1234abcdEFGH1234abcdEFGH1234==;')).toContain('AccountKey=[REDACTED:');
    expect(redact('ghp_abcdefghijklmnopqrstuvwxyz0123456789')).toBe('[REDACTED:github-token]');
  });
  it('the k3s join token', () => {
    expect(redact(`K10${'ab12'.repeat(16)}::server:f00dfeed`)).toBe('[REDACTED:k3s-token]');
  });
  it('PEM blocks, whole or cut mid-block, and key bodies without markers', () => {
    expect(redact('cert -----BEGIN CERTIFICATE-----\\nMIIBszCCAVmgAwIBAgIU\\n-----END CERTIFICATE----- loaded')).toBe('cert [REDACTED:pem] loaded');
    expect(redact('bad key -----BEGIN RSA PRIVATE KEY----- MIIEpAIBAAKCAQEAu1SU1Lf')).toBe('bad key [REDACTED:pem]');
    expect(redact('tail 8ZcL0AqB+9Xz/W3==\\n-----END PRIVATE KEY----- end')).toBe('tail [REDACTED:pem] end');
    expect(redact('data MIIEpAIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun end')).toBe('data [REDACTED:pem] end');
    expect(redact(`blob ${'QUJD'.repeat(5000)}-----END CERTIFICATE-----`)).toBe('blob [REDACTED:pem]');
  });
  it('passwords in URLs, keeping scheme and host shape', () => {
    expect(redact('pull https://deploy:Hunter2@registry.acme.com/v2/')).toBe('pull https://[REDACTED:url-credentials]@host-1/v2/');
  });
  it('password/token/secret/apikey fields in key=value, key: value and JSON forms', () => {
    expect(redact('password=hunter2 passwd: s3cret token=abc.def')).toBe('password=[REDACTED:secret-field] passwd: [REDACTED:secret-field] token=[REDACTED:secret-field]');
    expect(redact('{"client_secret":"cs-1","apiKey": "k-2"}')).toBe('{"client_secret":"[REDACTED:secret-field]","apiKey": "[REDACTED:secret-field]"}');
    expect(redact("K3S_TOKEN='abc def' --token mytoken123")).toBe("K3S_TOKEN='[REDACTED:secret-field]' --token [REDACTED:secret-field]");
  });
  it('leaves field names that only mention a secret, and prose after "token:"', () => {
    for (const line of ['secretName=my-tls token_ttl=24h password_file=/etc/pw', 'failed to get token: context deadline exceeded', 'tokens: 5 auth=false']) {
      expect(redact(line)).toBe(line);
    }
  });
});

describe('customer terms', () => {
  it('replaces each term case-insensitively as a whole word, one pseudonym per term', () => {
    const r = createRedactor({ terms: ['acme', 'Project Falcon'] });
    expect(r.text('ACME-prod pods of project falcon; Acme again')).toBe('term-1-prod pods of term-2; term-1 again');
    expect(r.text('acmecorp stays (not the whole word)')).toBe('acmecorp stays (not the whole word)');
  });
});
