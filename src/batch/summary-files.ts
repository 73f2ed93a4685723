import { appendFileSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderSummaryMarkdown } from './render-summary.js';
import { parseSummary, serializeRow, type SummaryRow } from './summary-row.js';

export const SUMMARY_NDJSON = 'summary.ndjson';
export const SUMMARY_MD = 'summary.md';

/** The rows an earlier run left in OUTDIR (none when there is no summary yet). */
export function readPreviousSummary(outDir: string): SummaryRow[] {
  const file = join(outDir, SUMMARY_NDJSON);
  return existsSync(file) ? parseSummary(readFileSync(file, 'utf8')) : [];
}

/**
 * Appends a row as soon as its bundle is settled, so a batch that is itself killed keeps what it finished (the next
 * run reads these rows and skips those bundles).
 */
export function appendSummaryRow(outDir: string, row: SummaryRow): void {
  appendFileSync(join(outDir, SUMMARY_NDJSON), serializeRow(row));
}

/** Writes the final summary.ndjson (one row per bundle, in order) and summary.md, each replaced whole (rename). */
export function writeSummaryFiles(outDir: string, rows: readonly SummaryRow[]): void {
  replaceFile(join(outDir, SUMMARY_NDJSON), rows.map(serializeRow).join(''));
  replaceFile(join(outDir, SUMMARY_MD), renderSummaryMarkdown(rows));
}

function replaceFile(file: string, text: string): void {
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, text);
  renameSync(temporary, file);
}
