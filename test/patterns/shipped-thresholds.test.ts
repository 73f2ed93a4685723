import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli/run-cli.js';

/*
 * Where the shipped library draws the line between a one-off and an outage, on generated journals: one line that
 * is an outage on its own must be an incident, and lines an old release printed below today's warning level must
 * raise nothing. Examples (check-examples) test the wording; these test what the report makes of it.
 */

const dir = mkdtempSync(join(tmpdir(), 'logsift-shipped-thresholds-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Raised {
  incidents: string[];
  observations: string[];
}

async function analyze(name: string, lines: readonly string[]): Promise<Raised> {
  const file = join(dir, name);
  writeFileSync(file, `${lines.join('\n')}\n`);
  const { status, stdout, stderr } = await runCli([file, '--format', 'json']);
  expect(status, stderr).toBe(0);
  const report = JSON.parse(stdout) as { incidents: { signature: string }[]; observations: { signature: string }[] };
  return { incidents: report.incidents.map((i) => i.signature), observations: report.observations.map((o) => o.signature) };
}

describe('kubelet-runtime-unreachable', () => {
  it('takes one list call that ran into the runtime request timeout as an outage (the kubelet waited 2 minutes for it)', async () => {
    const raised = await analyze('hung-runtime.log', [
      'Mar 11 04:10:09 worker-3 kubelet[2207]: I0311 04:10:09.100000    2207 kubelet.go:1900] SyncLoop (housekeeping)',
      'Mar 11 04:12:09 worker-3 kubelet[2207]: E0311 04:12:09.600211    2207 remote_runtime.go:173] ListPodSandbox with filter &PodSandboxFilter{Id:,State:&PodSandboxStateValue{State:SANDBOX_READY,},LabelSelector:map[string]string{},} from runtime service failed: rpc error: code = DeadlineExceeded desc = context deadline exceeded',
    ]);
    expect(raised.incidents).toContain('kubelet-runtime-unreachable');
  });

  it('still wants a run of socket refusals: one is the kubelet starting before the runtime', async () => {
    const raised = await analyze('runtime-starting.log', [
      'Mar 11 04:12:09 worker-3 kubelet[2207]: E0311 04:12:09.600211    2207 remote_runtime.go:86] "Version from runtime service failed" err="rpc error: code = Unavailable desc = connection error: desc = \\"transport: Error while dialing: dial unix /run/containerd/containerd.sock: connect: connection refused\\""',
    ]);
    expect(raised.incidents).not.toContain('kubelet-runtime-unreachable');
    expect(raised.observations).toContain('kubelet-runtime-unreachable');
  });

  it('leaves a probe command that outlived its timeout to the probe signatures', async () => {
    const raised = await analyze('slow-probe.log', [
      'Mar 11 04:12:11 worker-3 kubelet[2207]: E0311 04:12:11.118000    2207 remote_runtime.go:336] ExecSync 6606f5b9d718 \'/bin/sh -c pg_isready\' from runtime service failed: rpc error: code = DeadlineExceeded desc = context deadline exceeded',
    ]);
    expect([...raised.incidents, ...raised.observations]).not.toContain('kubelet-runtime-unreachable');
  });
});

describe('etcd-slow-disk', () => {
  const applies = (durations: readonly string[]): string[] =>
    durations.map((d, i) => `Dec 09 23:2${i}:11 etcd-1 etcd[16048]: apply entries took too long [${d} for 1 entries]`);

  it('raises nothing for etcd 3.0 warning at its old 10 ms threshold, however often', async () => {
    const raised = await analyze('etcd-3-0-apply.log', applies(['11.4ms', '19.6ms', '17.3ms', '11.5ms', '10.4ms', '12.7ms', '850µs']));
    expect([...raised.incidents, ...raised.observations]).not.toContain('etcd-slow-disk');
  });

  it('is an incident when the same warnings say 100 ms and more, several within minutes', async () => {
    const raised = await analyze('etcd-slow-apply.log', applies(['104.2ms', '118.3ms', '109.3ms', '279.7ms', '118.3ms', '142.3ms']));
    expect(raised.incidents).toContain('etcd-slow-disk');
  });
});
