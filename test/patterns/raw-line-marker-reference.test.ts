import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { shippedPatternsDir } from '../../src/cli/shipped-patterns-dir.js';
import { LineMarks, type RawLineMarker } from '../../src/ingest/line-marks.js';
import { loadLibrary } from '../../src/patterns/load-library.js';
import { loadSystemFacts } from '../../src/patterns/load-system-facts.js';
import { rawConditionsOf, rawLineMarker } from '../../src/patterns/raw-line-marker.js';
import { analysisMessageLiterals } from '../../src/pipeline/analysis-line-marker.js';
import { fuzzSeed, replayHint } from '../fuzz-seed.js';
import { referenceRawLineMarker } from './raw-line-marker-reference.js';

const { seed } = fuzzSeed();
const SAMPLE_SOURCES = fileURLToPath(new URL('../../samples/src', import.meta.url));
// `npm run build` writes it (npm test builds first).
const BUILT_SNAPSHOT = fileURLToPath(new URL('../../dist/patterns-snapshot.json', import.meta.url));

/** Runs a fast-check property with the run's seed, naming it in a failure so the case can be replayed. */
function assertWithSeed(property: fc.IProperty<unknown[]>, numRuns: number): void {
  try {
    fc.assert(property, { seed, numRuns });
  } catch (error) {
    throw new Error(`${replayHint(seed, 'test/patterns/raw-line-marker-reference.test.ts')}\n${String(error)}`);
  }
}

/** The lines (1-based) `marker` marks in `bytes`, given as the line splitter does: regions of whole lines. */
function marked(marker: RawLineMarker, bytes: Buffer, regionBytes: number): number[] {
  const marks = new LineMarks();
  let line = 1;
  for (let start = 0; start < bytes.length;) {
    const newline = bytes.indexOf(0x0a, Math.min(bytes.length - 1, start + regionBytes));
    const end = newline === -1 ? bytes.length : newline;
    marker.markLines(bytes, start, end, line, marks);
    for (let at = bytes.indexOf(0x0a, start); at !== -1 && at <= end; at = bytes.indexOf(0x0a, at + 1)) line++;
    start = end + 1;
  }
  const out: number[] = [];
  for (let l = 1; l <= line; l++) if (marks.isMarked(l)) out.push(l);
  return out;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

describe('the raw line marker against the automaton it replaced', () => {
  let conditions: string[][];
  beforeAll(async () => {
    expect(existsSync(BUILT_SNAPSHOT), 'run npm run build first').toBe(true);
    const dir = shippedPatternsDir();
    const { library } = await loadLibrary([dir], { snapshotFile: BUILT_SNAPSHOT });
    conditions = rawConditionsOf(library.signatures, analysisMessageLiterals(loadSystemFacts(dir, BUILT_SNAPSHOT)))!;
    expect(conditions.length).toBeGreaterThan(100);
  });

  it('marks the same lines of every sample member, read whole or in small regions', () => {
    const files = filesUnder(SAMPLE_SOURCES);
    expect(files.length).toBeGreaterThan(50);
    let markedLines = 0;
    // One marker per analysis: later members are read with the windows chosen on earlier ones.
    const marker = rawLineMarker(conditions);
    const reference = referenceRawLineMarker(conditions);
    for (const file of files) {
      const bytes = readFileSync(file);
      for (const regionBytes of [1 << 20, 200]) {
        const expected = marked(reference, bytes, regionBytes);
        expect(marked(marker, bytes, regionBytes), `${file} in regions of ${regionBytes}`).toEqual(expected);
        markedLines += expected.length;
      }
    }
    expect(markedLines).toBeGreaterThan(100);
  });

  it('marks the same lines of random text made of pieces, case changes, escapes and other bytes', () => {
    const pieces = [...new Set(conditions.flat())];
    const fragment = fc.oneof(
      fc.constantFrom(...pieces),
      fc.constantFrom(...pieces).map((piece) => piece.toUpperCase()),
      fc.tuple(fc.constantFrom(...pieces), fc.nat()).map(([piece, cut]) => piece.slice(0, cut % (piece.length + 1))),
      fc.constantFrom(' ', '\n', '\r\n', '"', '\\u0041', '\\/', '\u001b[31m', 'é', '\u0000', '=', ': '),
      fc.string({ maxLength: 12 }),
      fc.uint8Array({ maxLength: 16 }).map((bytes) => Buffer.from(bytes).toString('latin1')),
    );
    // Built once, as for an analysis (building the reference's automaton takes a while).
    const marker = rawLineMarker(conditions);
    const reference = referenceRawLineMarker(conditions);
    assertWithSeed(
      fc.property(fc.array(fragment, { maxLength: 80 }), fc.integer({ min: 1, max: 300 }), (fragments, regionBytes) => {
        const bytes = Buffer.from(fragments.join(''), 'latin1');
        expect(marked(marker, bytes, regionBytes)).toEqual(marked(reference, bytes, regionBytes));
        const text = bytes.toString('latin1');
        expect(marker.holdsLiteral(text)).toBe(reference.holdsLiteral(text));
      }),
      300,
    );
  });

  it('marks the same lines for any small set of conditions, windows of every width included', () => {
    const alphabet = fc.constantFrom('a', 'b', 'A', 'c', ' ', '/', '_');
    const piece = fc.array(alphabet, { minLength: 1, maxLength: 10 }).map((chars) => chars.join(''));
    assertWithSeed(
      fc.property(
        fc.array(fc.array(piece, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 6 }),
        fc.array(fc.oneof(alphabet, fc.constant('\n'), fc.constant('B')), { maxLength: 400 }),
        fc.integer({ min: 1, max: 100 }),
        (randomConditions, chars, regionBytes) => {
          const bytes = Buffer.from(chars.join(''), 'latin1');
          expect(marked(rawLineMarker(randomConditions), bytes, regionBytes)).toEqual(marked(referenceRawLineMarker(randomConditions), bytes, regionBytes));
          const text = chars.join('');
          expect(rawLineMarker(randomConditions).holdsLiteral(text)).toBe(referenceRawLineMarker(randomConditions).holdsLiteral(text));
        },
      ),
      500,
    );
  });

  it('marks the same lines past the calibration bytes, where the windows are chosen again', () => {
    const files = filesUnder(SAMPLE_SOURCES).sort();
    // Every sample member twice over: well past the bytes counted to choose the windows.
    const bytes = Buffer.concat([...files, ...files].map((file) => readFileSync(file)));
    expect(bytes.length).toBeGreaterThan(2 << 20);
    expect(marked(rawLineMarker(conditions), bytes, 65_536)).toEqual(marked(referenceRawLineMarker(conditions), bytes, 65_536));
  });
});
