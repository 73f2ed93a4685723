import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildTgz, tempDir, writeTemp, type TarFixtureEntry } from '../../ingest/ingest-harness.js';
import { runCli } from '../../cli/run-cli.js';

/*
 * A Rancher logs-collector bundle built from the k3s power-loss sample (samples/src/k3s-power-loss: containerd
 * 2.0.2 failing to recover a sandbox after an unclean shutdown), renamed to a customer's host and seeded with one of
 * every kind of secret --redact promises to remove: in log lines, in the host name, in file names, in a home path.
 */

const SAMPLE = join(import.meta.dirname, '../../../samples/src/k3s-power-loss');
const SAMPLE_TOP = 'k3s-node-03-2025-03-14_14_31_07';
const SAMPLE_HOST = 'k3s-node-03';

const HOST = 'acmedb07-prod';
const TOP = `${HOST}-2025-03-14_14_31_07`;

const SECRETS = {
  ipv4: '10.20.30.41',
  cidr: '10.244.17.0',
  ipv6: 'fd12:3456:789a:1::41',
  fqdn: 'db-prod-07.corp.acmecorp.com',
  registry: 'registry.acmecorp.com',
  host: HOST,
  homeUser: 'alice.smith',
  email: 'jane.doe@acmecorp.com',
  mac: '02:42:ac:11:00:29',
  bearer: 's3cr3tB34rerT0k3nValue',
  basic: 'YWRtaW46cGFzc3dvcmQxMjM0',
  jwt: 'eyJhbGciOiJSUzI1NiIsImtpZCI6IjEyMyJ9.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQ6ZGVmYXVsdDphY21lIn0.c2lnbmF0dXJlLXZhbHVlLWhlcmU',
  aws: 'AKIAZ7QXEXAMPLE12345',
  gcp: 'AIzaSyD3adb33fC0ff3eT0k3nValue123456789',
  pemBody: 'MIIEpAIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun',
  urlPassword: 'Hunter2Pass',
  urlUser: 'deployer',
  password: 'Tr0ub4dor3x',
  clientSecret: 'cs-9f8e7d6c5b4a',
  passwd: 'Sekr1tPw',
  apiKey: 'ak_live_51HxQ9z',
  k3sToken: 'K10' + 'a1b2c3d4'.repeat(8) + '::server:9e8d7c6b5a',
  fieldPassword: 'Fi3ldP4ss0rd',
  termFromFlag: 'Acme Payments',
  termFromFile: 'falconproject',
} as const;

/** Lines in the shapes their logs print, each carrying some of the secrets (error level: they reach the report). */
const SYSLOG_LINES = [
  `2025-03-14T14:25:30.100000+00:00 ${HOST} kernel: IPv6: eth0: IPv6 duplicate address fd12:3456:789a:1::41 used by 02:42:ac:11:00:29 detected!`,
  `2025-03-14T14:25:30.200000+00:00 ${HOST} backup-agent[2211]: error: upload to https://${SECRETS.urlUser}:${SECRETS.urlPassword}@${SECRETS.registry}/v2/ failed for ${SECRETS.email} (host ${SECRETS.fqdn})`,
  `2025-03-14T14:25:30.300000+00:00 ${HOST} backup-agent[2211]: error: request failed: Authorization: Bearer ${SECRETS.bearer} rejected by ${SECRETS.ipv4}:6443`,
  `2025-03-14T14:25:30.400000+00:00 ${HOST} backup-agent[2211]: error: config /home/${SECRETS.homeUser}/.aws/credentials has aws_access_key_id=${SECRETS.aws} password=${SECRETS.password} for Acme Payments`,
  `2025-03-14T14:25:30.500000+00:00 ${HOST} backup-agent[2211]: error: loaded {"client_secret":"${SECRETS.clientSecret}","token":"${SECRETS.jwt}"} passwd: ${SECRETS.passwd} apikey=${SECRETS.apiKey}`,
  `2025-03-14T14:25:30.600000+00:00 ${HOST} backup-agent[2211]: error: bad key material -----BEGIN RSA PRIVATE KEY----- ${SECRETS.pemBody}`,
  `2025-03-14T14:25:30.700000+00:00 ${HOST} backup-agent[2211]: error: gcp key=${SECRETS.gcp} rejected; proxy said Basic ${SECRETS.basic}; falconproject pods unreachable on ${SECRETS.cidr}/24`,
  `2025-03-14T14:25:30.800000+00:00 ${HOST} k3s[3301]: time="2025-03-14T14:25:30Z" level=error msg="failed to join cluster" error="token ${SECRETS.k3sToken} rejected by https://${SECRETS.fqdn}:6443"`,
];

const CONTAINERD_LINE = `time="2025-03-14T14:25:31.000000000Z" level=error msg="registry login failed" password=${SECRETS.fieldPassword} registry=${SECRETS.registry}`;

function filesUnder(root: string, dir: string = root): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(root, full) : [relative(root, full)];
  });
}

async function plantedBundle(): Promise<string> {
  const mtime = new Date('2025-03-14T14:31:07Z');
  const entries: TarFixtureEntry[] = filesUnder(join(SAMPLE, SAMPLE_TOP)).map((path) => {
    let text = readFileSync(join(SAMPLE, SAMPLE_TOP, path), 'latin1').replaceAll(SAMPLE_HOST, HOST);
    if (path === 'systemlogs/syslog') text = `${text.replace(/\n?$/, '\n')}${SYSLOG_LINES.join('\n')}\n`;
    // A logrus line: the parser moves `password=…` out of the message into the event's fields.
    if (path === 'k3s/containerd.log') text = `${text.replace(/\n?$/, '\n')}${CONTAINERD_LINE}\n`;
    return { name: `./${TOP}/${path}`, data: Buffer.from(text, 'latin1'), mtime };
  });
  // Secrets in file names: an address, a home directory.
  entries.push({ name: `./${TOP}/systemlogs/peer-${SECRETS.ipv4}.log`, data: Buffer.from(`${SYSLOG_LINES[2]}\n`), mtime });
  entries.push({ name: `./${TOP}/home/${SECRETS.homeUser}/notes.txt`, data: Buffer.from('remember the vpn\n'), mtime });
  entries.sort((a, b) => (a.name < b.name ? -1 : 1));
  return writeTemp('acme-ticket.tgz', await buildTgz(entries));
}

const FORMATS = ['text', 'terminal', 'md', 'html', 'json'] as const;

interface Outputs {
  readonly analyze: Record<(typeof FORMATS)[number], string>;
  readonly timeline: string;
  readonly timelineJson: string;
}

async function run(bundle: string, redact: readonly string[]): Promise<Outputs> {
  const analyze = {} as Record<(typeof FORMATS)[number], string>;
  for (const format of FORMATS) {
    const result = await runCli([bundle, '--format', format, '--jobs', '0', ...redact]);
    expect(result.status, result.stderr).toBe(0);
    analyze[format] = result.stdout;
  }
  const timeline = await runCli(['timeline', bundle, '--quiet', ...redact]);
  expect(timeline.status, timeline.stderr).toBe(0);
  const timelineJson = await runCli(['timeline', bundle, '--json', '--quiet', ...redact]);
  expect(timelineJson.status, timelineJson.stderr).toBe(0);
  return { analyze, timeline: timeline.stdout, timelineJson: timelineJson.stdout };
}

interface ReportShape {
  rootCause: { signature: string; chain: string[] } | null;
  incidents: { signature: string; count: number }[];
}

const signatureOf = (incidentId: string): string => incidentId.slice(0, incidentId.indexOf('@'));

describe('--redact on a bundle seeded with every kind of secret', () => {
  let bundle: string;
  let termsFile: string;
  let plain: Outputs;
  let redacted: Outputs;
  let mapFile: string;

  beforeAll(async () => {
    bundle = await plantedBundle();
    const dir = tempDir();
    termsFile = join(dir, 'terms.txt');
    writeFileSync(termsFile, `# customer words\n${SECRETS.termFromFile}\n\n`);
    mapFile = join(dir, 'map.json');
    plain = await run(bundle, []);
    redacted = await run(bundle, ['--redact', '--redact-term', SECRETS.termFromFlag, '--redact-terms', termsFile, '--redact-map', mapFile]);
  }, 600_000);

  it('the unredacted outputs do carry every planted secret (so the search below can fail)', () => {
    const all = [...Object.values(plain.analyze), plain.timeline, plain.timelineJson].join('\n').toLowerCase();
    for (const [kind, secret] of Object.entries(SECRETS)) expect(all, kind).toContain(secret.toLowerCase());
    // The analysis itself reaches the planted lines, not only the timeline.
    expect(plain.analyze.json).toContain(HOST);
    expect(plain.analyze.json).toContain(SECRETS.ipv4);
  });

  it.each([...FORMATS, 'timeline', 'timeline --json'])('%s output holds none of the originals', (format) => {
    const output = (format === 'timeline' ? redacted.timeline : format === 'timeline --json' ? redacted.timelineJson : redacted.analyze[format as (typeof FORMATS)[number]]).toLowerCase();
    expect(output.length).toBeGreaterThan(500);
    const leaked = Object.entries(SECRETS).filter(([, secret]) => output.includes(secret.toLowerCase()));
    expect(leaked.map(([kind, secret]) => `${kind}: ${secret}: …${output.slice(Math.max(0, output.indexOf(secret.toLowerCase()) - 60), output.indexOf(secret.toLowerCase()) + 60)}…`)).toEqual([]);
    // Nor a usable piece of the key material.
    expect(output).not.toContain(SECRETS.pemBody.slice(0, 24).toLowerCase());
  });

  it('keeps the root cause, the chain and every incident signature', () => {
    const before = JSON.parse(plain.analyze.json) as ReportShape;
    const after = JSON.parse(redacted.analyze.json) as ReportShape;
    expect(before.rootCause?.signature).toBe('containerd-sandbox-recovery-failed');
    expect(after.rootCause?.signature).toBe(before.rootCause?.signature);
    expect(after.rootCause!.chain.map(signatureOf)).toEqual(before.rootCause!.chain.map(signatureOf));
    expect(after.incidents.map((i) => [i.signature, i.count])).toEqual(before.incidents.map((i) => [i.signature, i.count]));
    // The chain still reads: every id names the same host pseudonym.
    expect(new Set(after.rootCause!.chain.map((id) => id.slice(id.indexOf('@'))))).toEqual(new Set(['@host-1#1']));
  });

  it('shows pseudonyms and secret markers where the originals were', () => {
    const text = redacted.timeline;
    expect(text).toMatch(/ip-\d+:6443/);
    expect(text).toMatch(/ip-\d+\/24/);
    expect(text).toContain('/home/user-1/.aws/credentials');
    expect(text).toMatch(/email-\d/);
    expect(text).toMatch(/mac-\d/);
    expect(text).toContain('[REDACTED:authorization]');
    expect(text).toContain('[REDACTED:jwt]');
    expect(text).toContain('[REDACTED:aws-access-key]');
    expect(text).toContain('[REDACTED:pem]');
    expect(text).toContain('https://[REDACTED:url-credentials]@host-');
    expect(text).toMatch(/term-\d pods unreachable/);
    // Meaning that must survive: versions, Go source positions, units, timestamps.
    expect(text).toContain('v1.32.1+k3s1');
    expect(text).toContain('k3s.service');
    expect(redacted.analyze.md).toContain('2025-03-14T14:25:15.518Z');
  });

  it('writes the map for the engineer only, mode 0600, originals to pseudonyms', () => {
    expect(statSync(mapFile).mode & 0o777).toBe(0o600);
    const map = JSON.parse(readFileSync(mapFile, 'utf8')) as Record<string, Record<string, string>>;
    expect(map['host']![HOST]).toBe('host-1');
    expect(map['ip']![SECRETS.ipv4]).toMatch(/^ip-\d+$/);
    expect(map['user']![SECRETS.homeUser]).toBe('user-1');
    expect(map['term']![SECRETS.termFromFile]).toMatch(/^term-\d$/);
    // Secrets are replaced, never recorded, not even in the map.
    const raw = readFileSync(mapFile, 'utf8');
    for (const secret of [SECRETS.password, SECRETS.bearer, SECRETS.jwt, SECRETS.aws, SECRETS.urlPassword]) expect(raw).not.toContain(secret);
  });

  it('a missing --redact-terms file is one usage error line', async () => {
    const result = await runCli([bundle, '--redact-terms', join(tempDir(), 'no-such-terms.txt')]);
    expect(result.status).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain('--redact-terms');
    expect(result.stderr).toContain('no-such-terms.txt');
    expect(result.stdout).toBe('');
  });
});
