import { describe, expect, it } from 'vitest';
import { mergeSummary, runBatch, type PlannedBundle } from '../../src/batch/run-batch.js';
import { summaryRow, type SummaryRow } from '../../src/batch/summary-row.js';

const plan = (n: number, extra: Partial<PlannedBundle> = {}): PlannedBundle => ({ bundle: `in/b${n}.tgz`, contentHash: `sha256:${n}`, name: `b${n}`, ...extra });
const doneRow = (p: PlannedBundle): SummaryRow => summaryRow({ bundle: p.bundle, status: 'done', contentHash: p.contentHash, durationMs: 1 });

describe('runBatch', () => {
  it('runs every bundle once, at most `concurrency` at a time, and returns the rows in the batch order', async () => {
    const plans = Array.from({ length: 9 }, (_, i) => plan(i));
    let running = 0;
    let most = 0;
    const ran: string[] = [];
    const rows = await runBatch(plans, {
      concurrency: 3,
      previous: [],
      run: async (p) => {
        running++;
        most = Math.max(most, running);
        // Later bundles finish first: the rows must still come back in order.
        await new Promise((r) => setTimeout(r, (9 - Number(p.name.slice(1))) * 3));
        running--;
        ran.push(p.bundle);
        return doneRow(p);
      },
    });
    expect(rows.map((r) => r.bundle)).toEqual(plans.map((p) => p.bundle));
    expect([...ran].sort()).toEqual(plans.map((p) => p.bundle).sort());
    expect(most).toBe(3);
  });

  it('skips a bundle an earlier run finished (same path and content), and runs again one that failed or changed', async () => {
    const [same, failedBefore, changed] = [plan(1), plan(2), plan(3)];
    const previous = [
      doneRow(same),
      summaryRow({ bundle: failedBefore.bundle, status: 'failed', reason: 'killed', contentHash: failedBefore.contentHash, durationMs: 5 }),
      summaryRow({ bundle: changed.bundle, status: 'done', contentHash: 'sha256:old', durationMs: 5 }),
    ];
    const ran: string[] = [];
    const skipped: string[] = [];
    const rows = await runBatch([same, failedBefore, changed], {
      concurrency: 2,
      previous,
      run: async (p) => {
        ran.push(p.bundle);
        return doneRow(p);
      },
      onRow: (row, wasDone) => wasDone && skipped.push(row.bundle),
    });
    expect(ran.sort()).toEqual([failedBefore.bundle, changed.bundle]);
    expect(skipped).toEqual([same.bundle]);
    expect(rows.every((r) => r.status === 'done')).toBe(true);
  });

  it('runs a done bundle again when a report it needs now is missing', async () => {
    const p = plan(1);
    const ran: string[] = [];
    await runBatch([p], {
      concurrency: 1,
      previous: [doneRow(p)],
      reportsStillThere: () => false,
      run: async (q) => {
        ran.push(q.bundle);
        return doneRow(q);
      },
    });
    expect(ran).toEqual([p.bundle]);
  });

  it('lists a bundle that cannot be read as failed without running it', async () => {
    const rows = await runBatch([plan(1, { contentHash: '', unreadable: 'no such file or directory' })], {
      concurrency: 1,
      previous: [],
      run: () => Promise.reject(new Error('must not run')),
    });
    expect(rows).toEqual([expect.objectContaining({ status: 'failed', reason: 'no such file or directory' })]);
  });
});

describe('mergeSummary', () => {
  it('keeps the rows of earlier runs for bundles this run did not name, after this run\'s rows', () => {
    const old = doneRow(plan(7));
    const replaced = summaryRow({ bundle: 'in/b1.tgz', status: 'failed', reason: 'x', contentHash: 'sha256:1', durationMs: 1 });
    const now = doneRow(plan(1));
    expect(mergeSummary([now], [replaced, old])).toEqual([now, old]);
  });
});
