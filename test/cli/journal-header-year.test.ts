import { utimesSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { writeTemp } from '../ingest/ingest-harness.js';
import { runCli } from './run-cli.js';

// Header form: https://github.com/k3s-io/k3s/issues/146; dates those of issue 11's journal; kubelet line from
// https://github.com/kubernetes/kubernetes/issues/54760 (month and day moved into the journal's span).
const DUMP = [
  '-- Logs begin at Fri 2022-02-11 18:58:10 UTC, end at Fri 2022-02-11 19:45:01 UTC. --',
  'Feb 11 19:40:02 k8s-cp-1 kubelet[4919]: E0211 19:40:02.471488    4919 pod_workers.go:182] Error syncing pod cc89ef7c-bc47-11e7-85ce-901b0edee6b6 ("alpine-368057524-bgt0m_default(cc89ef7c-bc47-11e7-85ce-901b0edee6b6)"), skipping: failed to "StartContainer" for "alpine" with CrashLoopBackOff: "Back-off 5m0s restarting failed container=alpine pod=alpine-368057524-bgt0m_default(cc89ef7c-bc47-11e7-85ce-901b0edee6b6)"',
  '',
].join('\n');

describe('a journalctl dump with its header', () => {
  it('takes the year from the header, not from the file modification time', async () => {
    const path = writeTemp('journal.log', DUMP);
    const later = new Date('2026-11-30T10:00:00Z');
    utimesSync(path, later, later);
    const report = JSON.parse((await runCli([path, '--format', 'json'])).stdout);
    expect(report.incidents.map((i: any) => i.firstSeen)).toEqual(['2022-02-11T19:40:02.000Z']);
    expect(report.coverage.assumptions.join('\n')).toMatch(/year \(2022\) was inferred from the journal's `-- Logs begin at` header/);
  });
});
