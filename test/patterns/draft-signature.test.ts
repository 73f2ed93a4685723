import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
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
