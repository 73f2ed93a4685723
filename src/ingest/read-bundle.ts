import { createReadStream } from 'node:fs';
import { lstat, readlink, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import type { MemberLines } from '../model/index.js';
import { type IngestObserver, type IngestOptions, resolveIngestOptions } from './ingest-options.js';
import { IngestRun, describeError } from './ingest-run.js';
import { LayoutTracker } from './layout-tracker.js';
import { memberInfo, readStream, type StreamSite } from './read-stream.js';

const READ_CHUNK_BYTES = 64 * 1024;

/** Streams every text member of every input as lines. Never throws for bad input; reports through the observer. */
export async function* readBundle(inputs: readonly string[], options: IngestOptions, observer: IngestObserver): AsyncGenerator<MemberLines, void, undefined> {
  const run = new IngestRun(resolveIngestOptions(options), observer);
  for (const input of inputs) {
    if (run.stopped) break;
    try {
      yield* readInput(input, run);
    } catch (error) {
      run.diagnostic({
        code: 'ingest.failed',
        severity: 'error',
        title: `${input}: reading stopped: ${describeError(error)}`,
        where: { file: input },
      });
    }
  }
}

async function* readInput(input: string, run: IngestRun): AsyncGenerator<MemberLines, void, undefined> {
  if (input === '-') {
    const site: StreamSite = { bundle: '-', member: 'stdin', layoutPath: 'stdin', tracker: new LayoutTracker(undefined, undefined, undefined, run.layoutFactsLink('-')), depth: 0, compressionLayers: 0, topLevel: true };
    yield* readStream(countedStream(process.stdin, run), site, run);
    return;
  }
  let stats;
  try {
    stats = await stat(input);
  } catch (error) {
    run.diagnostic({
      code: 'ingest.input-missing',
      severity: 'error',
      title: `${input}: cannot read the input`,
      reason: describeError(error),
      where: { file: input },
    });
    return;
  }
  if (stats.isDirectory()) {
    yield* readDirectory(input, run);
    return;
  }
  const name = basename(input);
  const site: StreamSite = {
    bundle: input,
    member: name,
    layoutPath: name,
    tracker: new LayoutTracker(name, undefined, undefined, run.layoutFactsLink(input)),
    depth: 0,
    compressionLayers: 0,
    topLevel: true,
    size: stats.size,
    mtime: Math.floor(stats.mtimeMs),
  };
  // Inputs named on the command line do not count against the member limit; what they contain does.
  yield* readFile(input, site, run);
}

async function* readFile(path: string, site: StreamSite, run: IngestRun): AsyncGenerator<MemberLines, void, undefined> {
  const stream = createReadStream(path, { highWaterMark: READ_CHUNK_BYTES });
  // An open error (EACCES, a file that vanished) surfaces from the first read and is reported as the member's error.
  stream.on('error', () => undefined);
  try {
    yield* readStream(countedStream(stream, run), { ...site, localFile: path }, run);
  } finally {
    stream.destroy();
  }
}

async function* countedStream(stream: Readable | AsyncIterable<Uint8Array>, run: IngestRun): AsyncGenerator<Uint8Array, void, undefined> {
  for await (const chunk of stream as AsyncIterable<Uint8Array>) {
    run.countRead(chunk.length);
    yield chunk;
  }
}

/** Walks a directory in sorted order without following symlinks, so nothing outside it is read. */
async function* readDirectory(dir: string, run: IngestRun): AsyncGenerator<MemberLines, void, undefined> {
  let entries: string[];
  try {
    // Loaded here: most runs read an archive, not a directory.
    const { default: fg } = await import('fast-glob');
    entries = await fg('**', { cwd: dir, dot: true, onlyFiles: false, followSymbolicLinks: false, suppressErrors: true });
  } catch (error) {
    run.diagnostic({ code: 'ingest.input-missing', severity: 'error', title: `${dir}: cannot list the directory`, reason: describeError(error), where: { file: dir } });
    return;
  }
  entries.sort();
  const tracker = new LayoutTracker(undefined, undefined, basename(resolve(dir)), run.layoutFactsLink(dir));
  for (const rel of entries) {
    if (run.stopped) return;
    const full = join(dir, rel);
    let stats;
    try {
      stats = await lstat(full);
    } catch {
      continue;
    }
    if (stats.isDirectory()) {
      tracker.observe(`${rel}/`);
      continue;
    }
    const site: StreamSite = {
      bundle: dir,
      member: rel,
      layoutPath: rel,
      tracker,
      depth: 0,
      compressionLayers: 0,
      topLevel: false,
      size: stats.size,
      mtime: Math.floor(stats.mtimeMs),
    };
    if (stats.isSymbolicLink()) {
      if (!run.admitMember(dir)) return;
      const target = await readlink(full).catch(() => '?');
      run.skipped(memberInfo(site), 'skipped', { code: 'link', text: `link to ${target}` });
      continue;
    }
    if (!run.admitMember(dir)) return;
    if (!stats.isFile()) {
      // A fifo would block the read forever and a device is not a log; listed so every entry is accounted for.
      run.skipped(memberInfo(site), 'skipped', { code: 'special-file', text: `not a regular file (${stats.isFIFO() ? 'fifo' : stats.isSocket() ? 'socket' : 'device'})` });
      continue;
    }
    yield* readFile(full, site, run);
  }
}
