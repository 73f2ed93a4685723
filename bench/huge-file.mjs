import { createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGzip } from 'node:zlib';
import { seededRandom } from './seeded-random.mjs';
import { lineMakers } from './synthetic-lines.mjs';
import { incidentLineMakers } from './incident-lines.mjs';
import { GENERATOR_VERSION, ensureCached } from './generate-bundle.mjs';

const SEED = 0x5eed1f;
const HOST = 'k3s-node-01';
const PID = 812;
const COLLECTED_AT = Date.UTC(2025, 2, 14, 14, 31, 7);
const SPAN_MS = 24 * 3600_000;
const INCIDENT_RATE = 1e-5;
const CHUNK_BYTES = 256 * 1024;

export function cachedHugeFilePath(sizeBytes) {
  return join(tmpdir(), 'logsift-bench', `journalctl-dump-${sizeBytes}-g${GENERATOR_VERSION}.log.gz`);
}

/**
 * One huge file, as support engineers get it: `journalctl -u k3s > k3s.log` of about `sizeBytes`, gzipped on its
 * own (no tar): one member, so the analysis cannot spread it over workers by file. Cached like the bench bundle;
 * resolves to its path and facts (lines, incident lines, bytes).
 */
export async function ensureHugeFile(sizeBytes, signatures) {
  return ensureCached(cachedHugeFilePath(sizeBytes), (partial) => writeHugeFile(partial, sizeBytes, signatures));
}

async function writeHugeFile(path, sizeBytes, signatures) {
  const rng = seededRandom(SEED);
  const pool = incidentLineMakers(signatures)['journal-k3s'];
  const file = { host: HOST, pid: PID };
  const gzip = createGzip();
  const out = createWriteStream(path);
  gzip.pipe(out);
  const facts = { generator: GENERATOR_VERSION, sizeBytes, uncompressedBytes: 0, lines: 0, incidentLines: 0, compressedBytes: 0 };
  let written = 0;
  let forced = false;
  while (written < sizeBytes) {
    const parts = [];
    let chunk = 0;
    while (chunk < CHUNK_BYTES && written + chunk < sizeBytes) {
      const at = written + chunk;
      const ms = COLLECTED_AT - SPAN_MS + (at / sizeBytes) * (SPAN_MS - 10_000);
      // One incident line is forced half-way (a signature example: some need more lines or context to raise one).
      const incident = pool.length > 0 && ((!forced && at >= sizeBytes / 2) || rng.next() < INCIDENT_RATE);
      if (incident && at >= sizeBytes / 2) forced = true;
      const line = incident ? rng.pick(pool)(rng, ms, file) : lineMakers['journal-k3s'](rng, ms, file);
      parts.push(line, '\n');
      chunk += Buffer.byteLength(line) + 1;
      facts.lines += line.includes('\n') ? 2 : 1;
      if (incident) facts.incidentLines++;
    }
    const buffer = Buffer.from(parts.join(''));
    written += buffer.length;
    if (!gzip.write(buffer)) await once(gzip, 'drain');
  }
  gzip.end();
  await once(out, 'close');
  facts.uncompressedBytes = written;
  facts.compressedBytes = (await stat(path)).size;
  return facts;
}
