import { describe, expect, it } from 'vitest';
import { runPipeline } from '../../src/pipeline/run-pipeline.js';
import { buildTgz, writeTemp } from '../ingest/ingest-harness.js';

// kern.log line: https://github.com/docker/for-linux/issues/1001 (time moved into the bundle's day); the sos report
// name and `date` file forms of sosreport/sos (date.py, sos_commands/date/date_--utc).
const TOP = 'sosreport-k8s-cp-1-2022-02-11-xqzvbnm';
const KERN = 'Feb 11 19:23:37 k8s-cp-1 kernel: [ 1530.811848] Memory cgroup out of memory: Kill process 4142 (python3) score 68 or sacrifice child\n';

async function read(order: 'date first' | 'date last', date: string) {
  const members = [
    { name: `${TOP}/sos_commands/date/date_--utc`, data: date },
    { name: `${TOP}/var/log/kern.log`, data: KERN },
  ];
  if (order === 'date last') members.reverse();
  const path = writeTemp(`${TOP}.tar.gz`, await buildTgz(members));
  const result = await runPipeline({ inputs: [path], ingest: {}, onEvent: () => undefined });
  return { result, assumptions: result.assumptions.map((a) => a.slice(a.indexOf('/var/log/'))) };
}

describe('facts settled for the whole input', () => {
  it('reads a bundle once when a later date file gives the year the name gave, and words the year as the whole input does', async () => {
    const first = await read('date first', 'Fri Feb 11 19:45:12 UTC 2022\n');
    const last = await read('date last', 'Fri Feb 11 19:45:12 UTC 2022\n');
    expect(first.result.orderSensitive).toBe(false);
    expect(last.result.orderSensitive).toBe(false);
    expect(last.assumptions).toEqual(first.assumptions);
    expect(last.assumptions.join('\n')).toMatch(/the year \(2022\) was inferred from the sos report's date file/);
  });

  it('asks for a second read when the date file, listed last, gives another year than the name', async () => {
    // A report renamed with a stale date stamp: the date file says the logs are of 2023.
    const last = await read('date last', 'Sat Feb 11 19:45:12 UTC 2023\n');
    expect(last.result.orderSensitive).toBe(true);
    expect(last.result.settled.layouts.size).toBe(1);
    const again = await runPipeline({
      inputs: last.result.files.slice(0, 1).map((f) => f.path.slice(0, f.path.indexOf(':'))),
      ingest: { settledLayouts: last.result.settled.layouts }, settled: last.result.settled, onEvent: () => undefined,
    });
    expect(again.orderSensitive).toBe(false);
    expect(again.files.find((f) => f.path.endsWith('kern.log'))?.firstTimestamp).toBe(Date.UTC(2023, 1, 11, 19, 23, 37));
  });
});
