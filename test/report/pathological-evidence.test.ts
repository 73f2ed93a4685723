import { describe, expect, it } from 'vitest';
import { formatEventLine } from '../../src/report/render-timeline-event.js';
import type { LogEvent } from '../../src/model/index.js';
import { buildReport, renderHtml, renderJson, renderMarkdown, renderTerminal, renderText } from '../../src/report/index.js';
import { powerLossInput, withRootEvidenceText } from './fixtures.js';

/**
 * Evidence a hostile bundle can put in front of a renderer, each under the 1 MiB line limit: renderers must
 * never recurse or spread over something this size (a spread of 400,000 backtick runs overflowed the stack).
 */
const PATHOLOGICAL: Record<string, string> = {
  'a million backtick runs': '`a'.repeat(500_000),
  'one 1 MiB backtick run': '`'.repeat(1024 * 1024 - 1),
  'a 1 MiB word': 'x'.repeat(1024 * 1024 - 1),
  'a million short words': 'a '.repeat(500_000),
  '300,000 markup characters': '<|*_[]>&"\''.repeat(30_000),
  '150,000 controls': '\u009b\u202e\u0000'.repeat(50_000),
};

describe('renderers on pathological evidence', () => {
  for (const [name, text] of Object.entries(PATHOLOGICAL)) {
    it(`finish on ${name}`, async () => {
      const report = withRootEvidenceText(text);
      for (const [format, output] of [
        ['text', renderText(report, { width: 100 })],
        ['html', renderHtml(report)],
        ['json', renderJson(report)],
      ] as const) {
        expect(output.length, format).toBeGreaterThan(text.length / 4);
      }
      // Markdown is pasted into tickets with a size limit: the line is cut there, saying how much is left out.
      const md = renderMarkdown(report);
      expect(md).toMatch(/… \(\d+ more characters\)/);
      expect(Buffer.byteLength(md)).toBeLessThan(60 * 1024);
      const line = formatEventLine({ ...someEvent(), message: text });
      expect(line.length).toBeGreaterThan(0);
    }, 120_000);
  }

  it('the terminal report finishes on a million backtick runs', async () => {
    const out = await renderTerminal(withRootEvidenceText('`a'.repeat(500_000)), { width: 100, color: false });
    expect(out).toContain('ROOT CAUSE');
  }, 120_000);

  it('finish with 5,000 hosts (a scan per host made this quadratic)', () => {
    const input = powerLossInput();
    const files = Array.from({ length: 5_000 }, (_, i) => ({ ...input.files[0], path: `host-${i}/var/log/syslog`, host: `host-${i}` }));
    const activity = files.map((f) => ({ host: f.host, start: Date.UTC(2025, 2, 14, 14, 0), events: 1, errors: 0 }));
    const report = buildReport({ ...input, files, activity });
    for (const output of [renderText(report, { width: 100 }), renderHtml(report), renderJson(report)]) {
      expect(output).toContain('host-4999');
    }
    // Markdown keeps to its paste budget and names the sections 5,000 hosts pushed out.
    const md = renderMarkdown(report);
    expect(Buffer.byteLength(md)).toBeLessThan(60 * 1024);
    expect(md).toMatch(/Left out to keep this report pasteable: .*Timeline/);
  }, 120_000);
});

function someEvent(): LogEvent {
  return {
    timestamp: Date.UTC(2025, 2, 14, 14, 25, 31),
    timeQuality: 'exact',
    host: 'node-1',
    component: 'k3s',
    severity: 'error',
    message: '',
    fields: {},
    format: 'syslog',
    origin: { bundle: 'b.tgz', member: 'var/log/syslog', line: 1 },
  } as LogEvent;
}
