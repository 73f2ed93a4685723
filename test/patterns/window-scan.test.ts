import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { WindowScan } from '../../src/patterns/window-scan.js';
import { fuzzSeed, replayHint } from '../fuzz-seed.js';

const { seed } = fuzzSeed();

/** Every position where a window starts in `bytes`, ASCII case folded, found one by one as the marker does. */
function found(scan: WindowScan, windows: readonly string[], bytes: Buffer): { at: number; window: string }[] {
  const out: { at: number; window: string }[] = [];
  for (let at = scan.find(bytes, 0, bytes.length); at !== -1; at = scan.find(bytes, at + 1, bytes.length)) out.push({ at, window: windows[scan.found]! });
  return out;
}

/** The same by comparing every window at every position. */
function naive(windows: readonly string[], bytes: Buffer): { at: number; window: string }[] {
  const text = bytes.toString('latin1').replace(/[A-Z]/g, (c) => c.toLowerCase());
  const out: { at: number; window: string }[] = [];
  for (let at = 0; at < text.length; at++) {
    const window = windows.find((w) => text.startsWith(w, at));
    if (window !== undefined) out.push({ at, window });
  }
  return out;
}

describe('window scan', () => {
  it('finds windows of a log line in any case, each where it starts', () => {
    const windows = ['apparmor', 'denied="', 'i/o erro'];
    const scan = new WindowScan(windows, 8);
    const line = Buffer.from('audit: type=1400 APPARMOR="DENIED" operation="open" ... end_request: I/O ERROR, dev sda');
    expect(found(scan, windows, line)).toEqual([
      { at: 17, window: 'apparmor' },
      { at: 69, window: 'i/o erro' },
    ]);
  });

  it('keeps to the region it is given', () => {
    const windows = ['panic'];
    const scan = new WindowScan(windows, 5);
    const bytes = Buffer.from('kernel panic - not syncing');
    expect(scan.find(bytes, 0, 11)).toBe(-1);
    expect(scan.find(bytes, 8, 12)).toBe(-1);
    expect(scan.find(bytes, 7, 12)).toBe(7);
  });

  it('finds what a comparison at every position finds, for every width and any bytes', () => {
    const alphabet = fc.constantFrom('a', 'b', 'A', 'B', ' ', '{', '[', '\u00c1', '\u00e1', 'c');
    try {
      fc.assert(
        fc.property(
          fc.integer({ min: 1, max: 12 }).chain((width) =>
            fc.tuple(
              fc.constant(width),
              fc.uniqueArray(fc.array(alphabet, { minLength: width, maxLength: width }).map((chars) => chars.join('').toLowerCase()), { minLength: 1, maxLength: 8 }),
            ),
          ),
          fc.array(alphabet, { maxLength: 300 }),
          ([width, windows], chars) => {
            // Latin-1 letters are not folded: only ASCII ones are.
            const ascii = windows.filter((w) => /^[\x00-\x7f]*$/.test(w));
            fc.pre(ascii.length > 0);
            const bytes = Buffer.from(chars.join(''), 'latin1');
            expect(found(new WindowScan(ascii, width), ascii, bytes).map((f) => f.at)).toEqual(naive(ascii, bytes).map((f) => f.at));
          },
        ),
        { seed, numRuns: 500 },
      );
    } catch (error) {
      throw new Error(`${replayHint(seed, 'test/patterns/window-scan.test.ts')}\n${String(error)}`);
    }
  });
});
