import { describe, expect, it } from 'vitest';
import { LineMarks } from '../../src/ingest/line-marks.js';
import { rawLineMarker, rawRequirementOf } from '../../src/patterns/raw-line-marker.js';

/** Line numbers (1-based) the marker marks in `text`, scanned in one region. */
function markedLines(conditions: string[][], text: string): number[] {
  const marker = rawLineMarker(conditions);
  const bytes = Buffer.from(text, 'utf8');
  const marks = new LineMarks();
  marker.markLines(bytes, 0, bytes.length, 1, marks);
  const lines = text.split('\n').length;
  return Array.from({ length: lines }, (_, i) => i + 1).filter((line) => marks.isMarked(line));
}

const sorted = (requirement: string[][] | undefined) => requirement?.map((pieces) => [...pieces].sort());

describe('what a line must hold for a literal to be in its match text', () => {
  it('keeps a run that ends with a space whole: the space may be the joint before a key, the words before it are one message', () => {
    expect(sorted(rawRequirementOf('Failed to start '))).toEqual([['Failed to start'.toLowerCase()]]);
    expect(sorted(rawRequirementOf('kernel BUG at '))).toEqual([['kernel bug at']]);
  });

  it('lets the last word of any other run be a field key (`msg="Probe" failed_count=3` shows "Probe failed" to the regex)', () => {
    expect(sorted(rawRequirementOf('Probe failed'))).toEqual([['probe failed'], ['failed', 'probe']]);
  });

  it('cuts at quotes, escapes, `=` and JSON punctuation, and requires the two most selective runs together', () => {
    expect(sorted(rawRequirementOf('apparmor="DENIED"'))).toEqual([['apparmor', 'denied']]);
    // A port between colons cannot be a re-rendered JSON number: it is kept.
    expect(sorted(rawRequirementOf(':2379: connect'))).toEqual([['2379', 'connect']]);
  });

  it('gives up on literals with nothing selective a line must show verbatim', () => {
    expect(rawRequirementOf('="1"')).toBeUndefined();
    // A number that may be a whole JSON value could have been written `1.37e2`.
    expect(rawRequirementOf('=137')).toBeUndefined();
    // `stream=` is the CRI parser's key, never in the line.
    expect(rawRequirementOf(' stream=')).toBeUndefined();
  });
});

describe('raw line marker', () => {
  const conditions = [['probe failed'], ['probe', 'failed'], ['ext4-fs error']];

  it('marks exactly the lines holding every piece of some condition, case folded', () => {
    const text = [
      'Mar 14 14:25:12 node kubelet[1]: Readiness probe failed: HTTP probe failed',
      'Mar 14 14:25:13 node kubelet[1]: probe ok',
      'time="x" level=info msg="Probe" failed_count=3',
      '[   12.5] EXT4-FS ERROR (device sda1): bad block',
      'Mar 14 14:25:14 node kubelet[1]: failed to sync',
    ].join('\n');
    expect(markedLines(conditions, text)).toEqual([1, 3, 4]);
  });

  it('marks lines whose escapes or colour codes can hide a piece (the parser decodes and strips them)', () => {
    const text = [
      '{"msg":"\\u0070robe failed"}',
      '{"msg":"path \\/var"}',
      'plain line with a \\" quote',
      'colour \u001b[31mERROR\u001b[0m line',
      'nothing here',
    ].join('\n');
    expect(markedLines(conditions, text)).toEqual([1, 2, 4]);
  });

  it('counts lines across regions given with their first line number, and marks the same lines whatever its anchors', () => {
    const marker = rawLineMarker(conditions);
    // Past the calibration bytes the anchors change; the lines marked must not.
    // Every filler line holds "probe", the longest piece and so the first anchor; calibration picks "failed".
    const filler = 'Mar 14 14:25:13 node kubelet[1]: probe ok, all is well here and now\n'.repeat(80_000);
    const tail = 'x\nReadiness probe failed\ny\n';
    const bytes = Buffer.from(filler + tail + filler + tail, 'utf8');
    const marks = new LineMarks();
    let line = 1;
    for (let start = 0; start < bytes.length;) {
      let end = bytes.indexOf(0x0a, Math.min(bytes.length - 1, start + 65_536));
      end = end === -1 ? bytes.length : end + 1;
      marker.markLines(bytes, start, end - 1, line, marks);
      for (let i = start; i < end; i++) if (bytes[i] === 0x0a) line++;
      start = end;
    }
    const perFiller = 80_000;
    const marked: number[] = [];
    for (let l = 1; l < line; l++) if (marks.isMarked(l)) marked.push(l);
    expect(line - 1).toBe(2 * perFiller + 6);
    expect(marked).toEqual([perFiller + 2, 2 * perFiller + 5]);
  });

  it('tells whether a member\'s layout fields hold a condition', () => {
    const marker = rawLineMarker(conditions);
    expect(marker.holdsLiteral('namespace\nkube-system\npod\nprobe-failed-7f9c')).toBe(true);
    expect(marker.holdsLiteral('namespace\nkube-system\npod\ncoredns-7f9c')).toBe(false);
  });
});
