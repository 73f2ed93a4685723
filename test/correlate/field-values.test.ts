import { describe, expect, it } from 'vitest';
import { correlateMatches } from '../../src/correlate/index.js';
import { match, signature } from './correlate-fixtures.js';
import { buildReport, renderHtml, renderMarkdown, renderText } from '../../src/report/index.js';
import { naturalCompare } from '../../src/model/natural-compare.js';
import { powerLossInput } from '../report/fixtures.js';

const library = [signature('sandbox-recovery', { severity: 'critical', role: 'cause' })];

describe('captured field values', () => {
  it('sort numbers by value and say how many more there were when cut', () => {
    const matches = Array.from({ length: 63 }, (_, i) => match('sandbox-recovery', new Date(Date.UTC(2025, 2, 14, 10, 0, i)).toISOString(), 'node-a', { counter: String(63 - i) }));
    const [incident] = correlateMatches(matches, library).incidents;
    expect(incident!.fields['counter']).toEqual(Array.from({ length: 20 }, (_, i) => String(i + 1)));
    expect(incident!.fieldsOmitted).toEqual({ counter: 43 });
  });

  it('sort mixed names naturally, then by code point', () => {
    expect(['pod-10', 'pod-2', 'pod-1', 'Pod-3', '007', '7', '10'].sort(naturalCompare)).toEqual(['007', '7', '10', 'Pod-3', 'pod-1', 'pod-2', 'pod-10']);
  });

  it('every format shows the cut as +N more', () => {
    const input = powerLossInput();
    const [first, ...rest] = input.analysis.incidents;
    const root = rest.find((i) => i.id === input.analysis.rootCause!.incident)!;
    const withCounter = { ...root, fields: { ...root.fields, counter: ['10', '2', '1'] }, fieldsOmitted: { counter: 43 } };
    const report = buildReport({ ...input, analysis: { ...input.analysis, incidents: [first!, ...rest.map((i) => (i === root ? withCounter : i))] } });
    expect(report.incidents.find((i) => i.id === root.id)!.fields['counter']).toEqual(['1', '2', '10']);
    expect(renderText(report)).toContain('counter=1, 2, 10 +43 more');
    expect(renderMarkdown(report)).toContain('`1`, `2`, `10` +43 more');
    expect(renderHtml(report)).toContain('<code>10</code> <span class="muted">+43 more</span>');
  });
});
