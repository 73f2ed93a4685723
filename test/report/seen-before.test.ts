import { describe, expect, it } from 'vitest';
import type { Sighting } from '../../src/model/incident.js';
import { buildReport, renderHtml, renderMarkdown, renderText } from '../../src/report/index.js';
import { seenBeforeText } from '../../src/report/report-phrases.js';
import { ROOT_ID, LOOP_ID, powerLossInput } from './fixtures.js';

const day = (iso: string) => Date.parse(iso);

describe('seen before', () => {
  const plain = buildReport(powerLossInput());
  const root = plain.incidents.find((i) => i.id === ROOT_ID)!;
  const sightings: Sighting[] = [
    { ticket: '4711', added: day('2025-03-02T09:14:00Z'), note: 'power cut' },
    { ticket: 'SUP-88', added: day('2025-04-10T16:00:00Z') },
  ];

  it('is attached by buildReport from a fingerprint map, newest first; [] on the others; absent without a map', () => {
    const report = buildReport({ ...powerLossInput(), seenBefore: new Map([[root.fingerprint!, sightings]]) });
    expect(report.incidents.find((i) => i.id === ROOT_ID)!.seenBefore).toEqual([sightings[1], sightings[0]]);
    for (const incident of report.incidents.filter((i) => i.id !== ROOT_ID)) expect(incident.seenBefore).toEqual([]);
    expect(plain.incidents.every((i) => i.seenBefore === undefined)).toBe(true);
  });

  it('reads ticket (day: note), newest first, then "and N more" past five', () => {
    expect(seenBeforeText([sightings[1]!, sightings[0]!])).toBe('ticket SUP-88 (2025-04-10), ticket 4711 (2025-03-02: power cut)');
    const many = Array.from({ length: 7 }, (_, n) => ({ ticket: `T-${n}`, added: day(`2025-01-0${n + 1}T00:00:00Z`) }));
    expect(seenBeforeText(many)).toMatch(/ticket T-4 \(2025-01-05\) and 2 more$/);
  });

  it('escapes what the index holds in every format: a ticket cannot inject markup or terminal controls', () => {
    const hostile: Sighting[] = [{ ticket: '<img src=x onerror=alert(1)> | **x**', added: day('2025-03-02T00:00:00Z'), note: 'a\u001b[2Jb' }];
    const report = buildReport({ ...powerLossInput(), seenBefore: new Map(plain.incidents.map((i) => [i.fingerprint!, hostile])) });
    expect(renderHtml(report)).not.toContain('<img src=x');
    expect(renderHtml(report)).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(renderText(report)).not.toContain('\u001b');
    const md = renderMarkdown(report);
    expect(md).toContain('- **Seen before:** ticket ');
    expect(md).not.toContain('<img');
    expect(report.incidents.find((i) => i.id === LOOP_ID)!.seenBefore).toEqual(hostile);
  });
});
