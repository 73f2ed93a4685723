import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBundle, type RunBundleOptions } from '../../src/batch/run-bundle.js';

/*
 * runBundle's promise: whatever happens to a bundle's process, the batch gets one row and goes on. These stand-in
 * child scripts do what a real analysis could do at its worst (die by a signal, hang, fail with a message) without
 * the cost of one; the real child is exercised end to end in test/cli/batch.test.ts.
 */

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'logsift-run-bundle-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function child(name: string, body: string): string {
  const path = join(dir, `${name}.mjs`);
  writeFileSync(path, body);
  return path;
}

const options = (childScript: string, extra: Partial<RunBundleOptions> = {}): RunBundleOptions => ({
  childScript, outDir: join(dir, 'out'), name: 'node-1', formats: ['json', 'md'], analyzeArgs: [], contentHash: 'sha256:abc', timeoutMs: 60_000, ...extra,
});

describe('runBundle', () => {
  it('turns an answer with a report into a done row naming the reports written', async () => {
    const script = child('answers', `process.once('message', (r) => { process.send({ status: 0, facts: { rootCause: 'kernel-oom-kill', fingerprint: 'fp1:kernel-oom-kill:0186a69b593e', severity: 'error', incidents: 3, hosts: ['a'], span: { first: null, last: null } }, seen: r.outputs }, () => process.disconnect()); });`);
    const row = await runBundle('in/node-1.tgz', options(script));
    expect(row).toMatchObject({ bundle: 'in/node-1.tgz', status: 'done', reason: null, rootCause: 'kernel-oom-kill', incidents: 3, contentHash: 'sha256:abc', reports: { json: 'node-1.json', md: 'node-1.md' } });
    expect(existsSync(join(dir, 'out'))).toBe(true);
  });

  it('takes the reason of a failed analysis from what it said on stderr', async () => {
    const script = child('no-input', `process.once('message', () => { process.stderr.write('logsift: in/cut.tgz: gzip data ends at compressed byte 200\\nlogsift: no input could be read (in/cut.tgz)\\n'); process.exitCode = 3; process.send({ status: 3 }, () => process.disconnect()); });`);
    const row = await runBundle('in/cut.tgz', options(script));
    expect(row).toMatchObject({ status: 'failed', reason: 'in/cut.tgz: gzip data ends at compressed byte 200; no input could be read (in/cut.tgz)', reports: {} });
  });

  it('lists a process killed mid-analysis as failed, naming the signal', async () => {
    const script = child('killed', `process.once('message', () => process.kill(process.pid, 'SIGKILL'));`);
    expect(await runBundle('in/b.tgz', options(script))).toMatchObject({ status: 'failed', reason: 'the analysis was killed by SIGKILL' });
  });

  it('lists a process that dies without answering as failed with its status and last words', async () => {
    const script = child('throws', `process.once('message', () => { throw new Error('boom in the parser'); });`);
    const row = await runBundle('in/b.tgz', options(script));
    expect(row.status).toBe('failed');
    expect(row.reason).toMatch(/^the analysis exited with status 1: .*Error: boom in the parser/);
  });

  it('stops a bundle past its time limit and says so', async () => {
    const script = child('hangs', `process.once('message', () => setInterval(() => {}, 1000));`);
    expect(await runBundle('in/b.tgz', options(script, { timeoutMs: 300 }))).toMatchObject({ status: 'failed', reason: 'still running after 300 ms: stopped (--timeout)' });
  });

  it('lists a process that outgrows its heap limit (--max-memory) as failed: out of memory', async () => {
    const script = child('grows', `process.once('message', () => { const kept = []; for (;;) kept.push(new Array(1e5).fill({ line: kept.length })); });`);
    expect(await runBundle('in/b.tgz', options(script, { maxMemoryMb: 64 }))).toMatchObject({ status: 'failed', reason: 'ran out of memory (limit 64 MiB, --max-memory)' });
  });

  it('lists a report read in part (a reading limit hit) as failed with the limit, keeping its reports', async () => {
    const script = child('limit', `process.once('message', () => process.send({ status: 0, limit: 'gzip stream expands more than 100:1', facts: { rootCause: null, fingerprint: null, severity: null, incidents: 0, hosts: ['a'], span: { first: null, last: null } } }, () => process.disconnect()));`);
    expect(await runBundle('in/bomb.gz', options(script))).toMatchObject({ status: 'failed', reason: 'read in part only: gzip stream expands more than 100:1', hosts: ['a'], reports: { json: 'node-1.json' } });
  });
});
