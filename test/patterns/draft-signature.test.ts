import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { draftSignature } from '../../src/patterns/draft-signature.js';
import { checkExamples, loadLibrary } from '../../src/patterns/index.js';
import { parseStandaloneLine } from '../../src/formats/index.js';
import { runCli } from '../cli/run-cli.js';

// https://github.com/projectatomic/atomic-system-containers/issues/159 and https://github.com/containerd/containerd/issues/5175
const APISERVER = 'Dec 20 08:39:40 atomic-node1.local runc[2462]: unable to load server certificate: open /etc/kubernetes/certs/server.crt: permission denied';
const CONTAINERD = 'de març 26 12:22:21 rpi4 containerd[6182]: time="2021-03-26T12:22:21.688101670+01:00" level=info msg="skip loading plugin \\"io.containerd.snapshotter.v1.zfs\\"..." error="path /var/lib/containerd/io.containerd.snapshotter.v1.zfs must be a zfs filesystem to be used with the zfs snapshotter: skip plugin" type=io.containerd.snapshotter.v1';

async function loads(yaml: string, id: string) {
  const dir = mkdtempSync(join(tmpdir(), 'logsift-draft-'));
  mkdirSync(join(dir, 'drafts'));
  writeFileSync(join(dir, 'drafts', `${id}.yaml`), yaml);
  const { library, diagnostics } = await loadLibrary([dir], { strict: false });
  return { library, errors: diagnostics.filter((d) => d.severity === 'error') };
}

describe('draftSignature', () => {
  it('writes a signature that loads and matches its own line, with the words kept and the variables masked', async () => {
    const draft = draftSignature(APISERVER);
    expect(draft.id).toBe('unable-to-load-server-certificate-open');
    const data = parse(draft.yaml);
    expect(data.match[0].regex).toBe('unable\\s+to\\s+load\\s+server\\s+certificate:\\s+open\\s+\\S+:\\s+permission\\s+denied');
    expect(data.match[0].literals).toEqual(['unable to load server certificate: open']);
    expect(data.examples.match).toEqual([{ line: APISERVER }]);
    const { library, errors } = await loads(draft.yaml, draft.id);
    expect(errors).toEqual([]);
    expect(checkExamples(library, parseStandaloneLine).filter((r) => r.signature === draft.id).every((r) => r.ok)).toBe(true);
    // The same failure with another path still matches: the path was a variable.
    const other = parseStandaloneLine(APISERVER.replace('/etc/kubernetes/certs/server.crt', '/var/lib/k8s/apiserver.pem'));
    expect(library.match(other).map((m) => m.signature)).toEqual([draft.id]);
  });

  it('matches a quoted value with spaces as one variable (logrus msg and fields)', async () => {
    const draft = draftSignature(CONTAINERD, 'containerd-snapshotter-skipped');
    const { library, errors } = await loads(draft.yaml, 'containerd-snapshotter-skipped');
    expect(errors).toEqual([]);
    expect(checkExamples(library, parseStandaloneLine).filter((r) => r.signature === draft.id).every((r) => r.ok)).toBe(true);
  });
});

describe('logsift patterns new', () => {
  it('prints the draft, and refuses a missing --from-line in one line', async () => {
    const ok = await runCli(['patterns', 'new', '--from-line', APISERVER, '--id', 'apiserver-cert-unreadable']);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/^id: apiserver-cert-unreadable$/m);
    const bad = await runCli(['patterns', 'new']);
    expect(bad.status).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
  });
});

/*
 * `patterns new --from-template`: drafts from the unrecognised templates of a real sample's report (the shipped
 * samples/k3s-power-loss.tgz and samples/stuck-terminating.tgz, see samples/README.md), each validated as a user would.
 */
describe('logsift patterns new --from-template', () => {
  async function reportOf(sample: string): Promise<{ file: string; unrecognised: { template: string; fingerprint: string; components: string[]; example: { text: string } }[] }> {
    const { status, stdout } = await runCli([sample, '--format', 'json']);
    expect(status).toBe(0);
    const file = join(mkdtempSync(join(tmpdir(), 'logsift-report-')), 'report.json');
    writeFileSync(file, stdout);
    return { file, unrecognised: JSON.parse(stdout).unrecognised };
  }

  it('writes a draft that passes patterns lint and test, with the components set and the variables as classes', async () => {
    const report = await reportOf('samples/k3s-power-loss.tgz');
    const entry = report.unrecognised.find((u) => u.template === 'containerd exited: exit status <*>')!;
    expect(entry).toBeDefined();
    const dir = mkdtempSync(join(tmpdir(), 'logsift-draft-'));
    const out = join(dir, 'containerd-exited.yaml');
    const made = await runCli(['patterns', 'new', '--from-template', entry.fingerprint, '--report', report.file, '--id', 'containerd-exited', '-o', out]);
    expect(made.status, made.stderr).toBe(0);
    const data = parse(readFileSync(out, 'utf8'));
    expect(data.components).toEqual(entry.components);
    expect(data.match[0].regex).toBe('containerd\\s+exited:\\s+exit\\s+status\\s+.+?');
    expect(data.examples.match).toEqual([{ line: entry.example.text }]);
    const lint = await runCli(['patterns', 'lint', dir]);
    expect(lint.status, lint.stderr).toBe(0);
    expect(lint.stderr).not.toMatch(/^error:/m);
    const test = await runCli(['patterns', 'test', dir]);
    expect(test.status, test.stdout).toBe(0);
    // The short hash names the template too; the draft matches the same failure with another status.
    const short = await runCli(['patterns', 'new', '--from-template', entry.fingerprint.split(':').pop()!, '--report', report.file]);
    expect(short.stdout).toBe(readFileSync(out, 'utf8').replace('id: containerd-exited', `id: ${parse(short.stdout).id}`));
    const { library } = await loads(readFileSync(out, 'utf8'), 'containerd-exited');
    expect(library.match(parseStandaloneLine(entry.example.text.replace(/exit status \d+/, 'exit status 137'))).map((m) => m.signature)).toEqual(['containerd-exited']);
  });

  it('drafts every unrecognised template of two samples into a signature that loads and matches its example', async () => {
    for (const sample of ['samples/k3s-power-loss.tgz', 'samples/stuck-terminating.tgz']) {
      const report = await reportOf(sample);
      expect(report.unrecognised.length).toBeGreaterThan(0);
      for (const [i, entry] of report.unrecognised.entries()) {
        const made = await runCli(['patterns', 'new', '--from-template', entry.fingerprint, '--report', report.file, '--id', `draft-${i}`]);
        expect(made.status, made.stderr).toBe(0);
        const { library, errors } = await loads(made.stdout, `draft-${i}`);
        expect(errors, entry.template).toEqual([]);
        const failed = checkExamples(library, parseStandaloneLine).filter((r) => !r.ok);
        expect(failed, `${sample}: ${entry.template}`).toEqual([]);
      }
    }
  });

  it('says in one line what is wrong: no such template, no --report, not a report', async () => {
    const report = await reportOf('samples/k3s-power-loss.tgz');
    const unknown = await runCli(['patterns', 'new', '--from-template', 'fp1:template:000000000000', '--report', report.file]);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('no unrecognised template with this fingerprint in');
    expect(unknown.stderr).toContain(report.unrecognised[0]!.fingerprint);
    expect(unknown.stderr.trim().split('\n')).toHaveLength(1);
    const noReport = await runCli(['patterns', 'new', '--from-template', report.unrecognised[0]!.fingerprint]);
    expect(noReport.status).toBe(2);
    expect(noReport.stderr).toContain('--report');
    const notReport = await runCli(['patterns', 'new', '--from-template', report.unrecognised[0]!.fingerprint, '--report', 'samples/README.md']);
    expect(notReport.status).toBe(3);
    expect(notReport.stderr.trim()).toMatch(/^logsift: samples\/README\.md: not valid JSON/);
  });
});
