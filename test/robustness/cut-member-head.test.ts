import { describe, expect, it } from 'vitest';
import { buildTar, completeLines, fileEnding, gzip, runJson, scratchDir, syslogLines, writeInput } from './fixtures.js';

// A member cut inside its first 8 KiB (the bytes the binary sniff looks at): the stream fails while the sniff is
// still reading, and the complete lines before the cut must be read all the same, small member or large.
describe('a member cut inside its first bytes', () => {
  for (const [label, wrap] of [['tar', (b: Buffer) => b], ['tar.gz', gzip]] as const) {
    for (const keep of [300, 700, 5000]) {
      it(`keeps every complete line before a cut ${keep} bytes into the member (${label})`, async () => {
        const text = syslogLines(200);
        const tar = await buildTar([{ name: 'node-1/var/log/syslog', data: text }]);
        const cutTar = tar.subarray(0, 512 + keep);
        const input = writeInput(scratchDir(), `cut-${keep}.${label}`, wrap(cutTar));
        const run = await runJson([input]);
        expect(run.status, run.stderr).toBe(0);
        const { complete } = completeLines(Buffer.from(text).subarray(0, keep));
        expect(complete).toBeGreaterThan(1);
        const file = fileEnding(run.report!, 'var/log/syslog');
        expect(file?.lines, JSON.stringify(file)).toBeGreaterThanOrEqual(complete);
        expect(file!.lines).toBeLessThanOrEqual(complete + 1);
        expect(run.report!.warnings.some((w) => /unexpected end|ends or is corrupt|cut/.test(w.title))).toBe(true);
      });
    }
  }
});
