import { contentHash } from './content-hash.js';
import { reportNames } from './report-names.js';
import { summaryRow, type SummaryRow } from './summary-row.js';

/** One bundle of a batch, ready to run: its content hash and its report name in OUTDIR. */
export interface PlannedBundle {
  readonly bundle: string;
  readonly contentHash: string;
  readonly name: string;
  /** Why it cannot be run at all (it cannot be read): it becomes a failed row without a child. */
  readonly unreadable?: string;
}

/** Hashes every bundle (a missing or unreadable one is planned as failed) and names its reports. */
export async function planBatch(bundles: readonly string[]): Promise<PlannedBundle[]> {
  const hashed = await Promise.all(
    bundles.map(async (bundle) => {
      try {
        return { bundle, contentHash: await contentHash(bundle) };
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        return { bundle, contentHash: '', unreadable: code === 'ENOENT' ? 'no such file or directory' : `cannot be read (${code ?? (error as Error).message})` };
      }
    }),
  );
  const names = reportNames(hashed);
  return hashed.map((h) => ({ ...h, name: names.get(h.bundle)! }));
}

/**
 * A bundle a previous run of this batch finished: same path, same content, and (`reportsStillThere`) every report
 * this run asks for written and not since deleted.
 */
export function alreadyDone(plan: PlannedBundle, previous: readonly SummaryRow[], reportsStillThere: (row: SummaryRow) => boolean = () => true): SummaryRow | undefined {
  if (plan.unreadable) return undefined;
  return previous.find((row) => row.status === 'done' && row.contentHash === plan.contentHash && row.bundle === plan.bundle && reportsStillThere(row));
}

export interface RunBatchOptions {
  /** Bundles analysed at once. */
  readonly concurrency: number;
  /** The rows of an earlier run into the same OUTDIR: their done bundles are skipped (resume). */
  readonly previous: readonly SummaryRow[];
  /** Whether a done row's reports are all there, in every format this run asks for (default: yes). */
  readonly reportsStillThere?: (row: SummaryRow) => boolean;
  /** Runs one bundle (a child process locally, a job with --queue); never rejects for the bundle's sake. */
  readonly run: (plan: PlannedBundle) => Promise<SummaryRow>;
  /** Each row as it is settled; `skipped` when an earlier run had it done. */
  readonly onRow?: (row: SummaryRow, skipped: boolean) => void;
}

/**
 * Runs a batch: every bundle once, at most `concurrency` at a time, in the batch's order; a bundle done in an
 * earlier run is not run again. The rows come back in the batch's order, whatever order they finished in.
 */
export async function runBatch(plans: readonly PlannedBundle[], options: RunBatchOptions): Promise<SummaryRow[]> {
  const rows: SummaryRow[] = new Array(plans.length);
  let next = 0;
  const lane = async () => {
    while (next < plans.length) {
      const i = next++;
      const plan = plans[i]!;
      const done = alreadyDone(plan, options.previous, options.reportsStillThere);
      let row: SummaryRow;
      if (done) row = done;
      else if (plan.unreadable) row = summaryRow({ bundle: plan.bundle, status: 'failed', reason: plan.unreadable, contentHash: plan.contentHash, durationMs: 0 });
      else row = await options.run(plan);
      rows[i] = row;
      options.onRow?.(row, done !== undefined);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency, plans.length)) }, lane));
  return rows;
}

/**
 * The summary after a run: this run's rows in its order, then the rows of earlier runs for bundles this run did not
 * name (a summary accumulates: a bundle analysed last week stays listed).
 */
export function mergeSummary(rows: readonly SummaryRow[], previous: readonly SummaryRow[]): SummaryRow[] {
  const named = new Set(rows.map((r) => r.bundle));
  const kept = new Map<string, SummaryRow>();
  for (const row of previous) if (!named.has(row.bundle)) kept.set(row.bundle, row);
  return [...rows, ...kept.values()];
}
