import { createHash } from 'node:crypto';
import { createReadStream, readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import {
  IndexError,
  defaultIndexPath,
  describeIndexLocation,
  itemsOfReport,
  noteProblem,
  openIncidentIndex,
  readReportJson,
  renderMatchesJson,
  renderMatchesText,
  ReportFileError,
  ticketProblem,
  type IncidentIndex,
  type IndexEntry,
} from '../../known-incidents/index.js';
import type { Sighting } from '../../model/incident.js';
import { loadLibrary, loadLifecycle } from '../../patterns/index.js';
import { analyzeBundle } from '../../pipeline/analyze-bundle.js';
import { lastEventTime } from '../../pipeline/last-event-time.js';
import { startMemberWorkers } from '../../pipeline/workers/run-pipeline-in-workers.js';
import { sanitizeText } from '../../report/sanitize-text.js';
import { EXIT, UsageError } from '../exit-codes.js';
import { commandHelp } from '../option-specs.js';
import { inputSettings, parseCommandLine, resolveTimeWindow } from '../common-options.js';
import type { CommandIo } from '../command-io.js';
import { Progress } from '../progress.js';
import { shippedPatternsDir } from '../shipped-patterns-dir.js';
import { toolVersion } from '../tool-version.js';
import { workerCount } from '../workers/worker-count.js';
import { ADD_OPTIONS, INDEX_COMMAND, SEARCH_OPTIONS } from './index-spec.js';

/** `logsift index add|search`. */
export async function indexCommand(args: readonly string[], io: CommandIo): Promise<number> {
  const [action, ...rest] = args;
  if (action === undefined || action === '--help' || action === '-h' || action === 'help') {
    io.stdout(commandHelp(INDEX_COMMAND));
    return action === undefined ? EXIT.usage : EXIT.ok;
  }
  if (action === 'add') return indexAdd(rest, io);
  if (action === 'search') return indexSearch(rest, io);
  throw new UsageError(`index ${action}: unknown action (expected add or search)`);
}

/** The exit status and one stderr line for an index that cannot be used; other errors are rethrown. */
export function indexFailure(error: unknown, io: CommandIo): number {
  if (!(error instanceof IndexError)) throw error;
  io.stderr(`logsift: ${error.message}\n`);
  return error.problem === 'locked' ? EXIT.indexLocked : EXIT.indexUnusable;
}

/** analyse's `--index PATH`: the index opened to read; a lookup failure is kept for `finish` to report, not thrown mid-analysis. */
export interface LookupIndex {
  readonly seenBefore: (fingerprints: readonly string[]) => Promise<ReadonlyMap<string, readonly Sighting[]>>;
  /** Closes the index; the exit status when the lookup failed (its line already on stderr). */
  finish(): Promise<number | undefined>;
}

/** Opens `--index PATH` for analyse: undefined without the flag, the exit status (line on stderr) when it cannot be used. */
export async function openLookupIndex(path: string | undefined, io: CommandIo): Promise<LookupIndex | number | undefined> {
  if (path === undefined) return undefined;
  if (path.trim() === '') throw new UsageError('--index is empty: name the index file or server');
  let index: IncidentIndex;
  try {
    index = await openIncidentIndex(path, { mode: 'read' });
  } catch (error) {
    return indexFailure(error, io);
  }
  let failure: unknown;
  return {
    seenBefore: async (fingerprints) => {
      try {
        return await index.sightings(fingerprints);
      } catch (error) {
        failure = error;
        return new Map();
      }
    },
    finish: async () => {
      await index.close();
      return failure === undefined ? undefined : indexFailure(failure, io);
    },
  };
}

function indexPath(values: { index?: string }, io: CommandIo): string {
  if (values.index === undefined) return defaultIndexPath(io.env);
  if (values.index.trim() === '') throw new UsageError('--index is empty: name the index file or server');
  return values.index;
}

async function indexSearch(args: readonly string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseCommandLine(args, SEARCH_OPTIONS, 'index search');
  if (values.help) {
    io.stdout(commandHelp(INDEX_COMMAND));
    return EXIT.ok;
  }
  if (positionals.length !== 1 || positionals[0]!.trim() === '') throw new UsageError('index search takes one fingerprint or signature id');
  const term = positionals[0]!;
  const path = indexPath(values, io);
  let index: IncidentIndex | undefined;
  try {
    index = await openIncidentIndex(path, { mode: 'read' });
    const matches = await index.search(term);
    io.stdout(values.json ? renderMatchesJson(term, matches) : renderMatchesText(term, matches));
    return matches.length > 0 ? EXIT.ok : EXIT.incidentFound;
  } catch (error) {
    return indexFailure(error, io);
  } finally {
    await index?.close();
  }
}

async function indexAdd(args: readonly string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseCommandLine(args, ADD_OPTIONS, 'index add');
  if (values.help) {
    io.stdout(commandHelp(INDEX_COMMAND));
    return EXIT.ok;
  }
  if (positionals.length !== 1) throw new UsageError('index add takes one report (.json) or one bundle');
  if (values.ticket === undefined) throw new UsageError('index add needs --ticket ID: the ticket these incidents were handled in');
  const problem = ticketProblem(values.ticket) ?? (values.note === undefined ? undefined : noteProblem(values.note));
  if (problem) throw new UsageError(problem);
  const path = indexPath(values, io);
  const input = positionals[0]!;

  // Read and check the input before the index is opened: a bad input creates and changes nothing.
  let filed: Pick<IndexEntry, 'report' | 'items' | 'source'>;
  if (/\.json$/i.test(input)) {
    let text: string;
    try {
      text = readFileSync(input, 'utf8');
    } catch (error) {
      io.stderr(`logsift: ${input}: cannot read the report (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})\n`);
      return EXIT.noInput;
    }
    try {
      filed = { ...readReportJson(input, text), source: { kind: 'report', name: basename(input), sha256: createHash('sha256').update(text).digest('hex') } };
    } catch (error) {
      if (!(error instanceof ReportFileError)) throw error;
      io.stderr(`logsift: ${error.message}\n`);
      return EXIT.noInput;
    }
  } else {
    const analysed = await analyseForIndex(input, values, io);
    if (typeof analysed === 'number') return analysed;
    filed = analysed;
  }

  if (filed.items.length === 0) {
    io.stdout(`nothing filed: ${sanitizeText(filed.source.name)} has no incidents or unrecognised error shapes\n`);
    return EXIT.ok;
  }
  let index: IncidentIndex | undefined;
  try {
    index = await openIncidentIndex(path, { mode: 'write' });
    const result = await index.add({ ticket: values.ticket, ...(values.note === undefined ? {} : { note: values.note }), added: Date.now(), ...filed });
    const incidents = filed.items.filter((i) => i.kind === 'incident').length;
    const templates = filed.items.length - incidents;
    io.stdout(
      `filed ${incidents} ${incidents === 1 ? 'incident' : 'incidents'} and ${templates} unrecognised error ${templates === 1 ? 'shape' : 'shapes'} ` +
        `of ${sanitizeText(filed.source.name)} under ticket ${sanitizeText(values.ticket)} in ${sanitizeText(describeIndexLocation(path))}` +
        `${result.seenBefore > 0 ? ` (${result.seenBefore} already known from other tickets)` : ''}\n`,
    );
    return EXIT.ok;
  } catch (error) {
    return indexFailure(error, io);
  } finally {
    await index?.close();
  }
}

/** Analyses a bundle as `logsift <bundle>` does and returns what to file, or the exit status when nothing could be read. */
async function analyseForIndex(input: string, values: Record<string, unknown>, io: CommandIo): Promise<Pick<IndexEntry, 'report' | 'items' | 'source'> | number> {
  const settings = inputSettings(values, [input]);
  const workers = await workerCount(values['jobs'] as string | undefined, settings.inputs);
  const memberWorkers = workers > 0 ? startMemberWorkers(workers) : undefined;
  try {
    const { library, diagnostics } = await loadLibrary([shippedPatternsDir(), ...((values['patterns'] as string[] | undefined) ?? [])], { strict: false });
    const progress = new Progress(io.stderrIsTTY && !values['quiet']);
    const window = await resolveTimeWindow(settings, () => lastEventTime(settings.inputs, { ingest: settings.ingest, timeZone: settings.zone }));
    const analysed = await analyzeBundle(settings.inputs, {
      ingest: settings.ingest,
      timeZone: settings.zone,
      filter: { since: window.since, until: window.until, hosts: settings.hosts },
      library,
      lifecycle: loadLifecycle(shippedPatternsDir()),
      libraryDiagnostics: diagnostics,
      workers: memberWorkers,
      version: toolVersion(),
      onProgress: (p) => progress.update(p.bytesRead, p.members),
    });
    progress.done();
    if (analysed.nothingRead) {
      for (const file of analysed.nothingRead.files) if (file.reason) io.stderr(`logsift: ${file.path}: ${file.reason}\n`);
      io.stderr(`logsift: no input could be read (${input}); nothing was filed\n`);
      return EXIT.noInput;
    }
    const { report, items } = itemsOfReport(analysed.report);
    return { report, items, source: { kind: 'bundle', name: basename(input), ...(await fileSha256(input)) } };
  } finally {
    await memberWorkers?.close();
  }
}

/** The content hash of a bundle file, to tell a re-sent bundle from a new one; none for a directory or stdin. */
async function fileSha256(path: string): Promise<{ sha256?: string }> {
  try {
    if (path === '-' || !statSync(path).isFile()) return {};
    const hash = createHash('sha256');
    for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
    return { sha256: hash.digest('hex') };
  } catch {
    return {};
  }
}
