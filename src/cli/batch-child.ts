/**
 * The process `logsift batch` (and `logsift worker`) runs for each bundle, so a bundle that crashes, runs out of
 * memory or is killed takes only this process with it. It takes one request over IPC, analyses the bundle as
 * `logsift <bundle> --jobs 0 …` would (one analysis, every requested format), optionally files the incidents in the
 * known-incident index, answers, and exits with analyze's status. stderr carries analyze's own lines: the parent
 * reads the reason of a failure there.
 */
import { basename } from 'node:path';
import type { BundleAnswer, BundleRequest } from '../batch/run-bundle.js';
import { reportFacts, type ReportFacts } from '../batch/summary-row.js';
import { IndexError, itemsOfReport, openIncidentIndex } from '../known-incidents/index.js';
import type { Report } from '../model/report.js';
import { analyzeToOutputs } from './commands/analyze.js';
import { ANALYZE_OPTIONS } from './commands/analyze-spec.js';
import { parseCommandLine } from './option-specs.js';
import { EXIT, UsageError } from './exit-codes.js';
import { sanitizeLines } from '../report/sanitize-text.js';

async function analyse(request: BundleRequest): Promise<BundleAnswer> {
  const { values, positionals } = parseCommandLine([...request.analyzeArgs, '--quiet', '--jobs', '0', '--', request.bundle], ANALYZE_OPTIONS, 'batch');
  let report: Report | undefined;
  const io = {
    stdout: () => {},
    stderr: (text: string) => void process.stderr.write(sanitizeLines(text)),
    stdoutIsTTY: false,
    stderrIsTTY: false,
    env: process.env,
  };
  const status = await analyzeToOutputs(values, positionals, io, request.outputs, (built) => {
    report = built;
  });
  if (!report) return { status };
  // A limit that stopped reading (a decompression bomb, too many members or lines) leaves a partial report: the
  // batch lists the bundle as failed with the limit's own words, whatever else the analysis said.
  const limit = report.warnings.find((w) => /^ingest\.[a-z-]+-limit$/.test(w.code))?.title;
  if (status !== EXIT.ok) return { status, ...(limit ? { limit } : {}) };
  const facts: ReportFacts = reportFacts(report);
  if (limit) return { status, facts, limit };
  if (!request.index) return { status, facts };
  return { status, facts, ...(await fileInIndex(report, request.bundle, request.index)) };
}

async function fileInIndex(report: Report, bundle: string, index: NonNullable<BundleRequest['index']>): Promise<{ indexProblem?: string }> {
  const filed = itemsOfReport(report);
  if (filed.items.length === 0) return {};
  try {
    const opened = await openIncidentIndex(index.location, { mode: 'write' });
    try {
      await opened.add({
        ticket: index.ticket,
        note: 'logsift batch',
        added: Date.now(),
        ...filed,
        source: { kind: 'bundle', name: basename(bundle), sha256: index.contentHash.replace(/^sha256:/, '') },
      });
    } finally {
      await opened.close();
    }
    return {};
  } catch (error) {
    if (error instanceof IndexError) return { indexProblem: error.message };
    throw error;
  }
}

let answered = false;
// The batch or worker that started this process is gone (killed, say): nobody will read the answer, and the job will
// be run again elsewhere, so stop now rather than write reports a second run is also writing.
process.on('disconnect', () => {
  if (!answered) process.exit(EXIT.internalError);
});

process.once('message', (message) => {
  analyse(message as BundleRequest)
    .catch((error: unknown) => {
      const text = (error instanceof Error ? error.message : String(error)).split('\n')[0];
      process.stderr.write(sanitizeLines(error instanceof UsageError ? `logsift: ${text}\n` : `logsift: internal error: ${text} — this is a bug in logsift; please report it\n`));
      return { status: error instanceof UsageError ? EXIT.usage : EXIT.internalError } satisfies BundleAnswer;
    })
    .then((answer) => {
      process.exitCode = answer.status;
      answered = true;
      process.send?.(answer, () => process.disconnect());
    });
});
