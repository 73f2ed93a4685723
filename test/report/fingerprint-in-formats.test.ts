import { describe, expect, it } from 'vitest';
import { renderHtml, renderJson, renderMarkdown, renderTerminal, renderText } from '../../src/report/index.js';
import { withObservationAndUnrecognised } from './fixtures.js';

describe('fingerprints in every format', () => {
  const report = withObservationAndUnrecognised();
  const incidents = report.incidents.map((i) => i.fingerprint!);
  const templates = (report.unrecognised ?? []).map((u) => u.fingerprint!);

  it('are set on every incident, template and the root cause of a built report', () => {
    expect(incidents.length).toBeGreaterThan(2);
    for (const fp of incidents) expect(fp).toMatch(/^fp1:[a-z0-9-]+:[0-9a-f]{12}$/);
    expect(templates.length).toBeGreaterThan(0);
    for (const fp of templates) expect(fp).toMatch(/^fp1:template:[0-9a-f]{12}$/);
    expect(report.rootCause?.fingerprint).toBe(report.incidents.find((i) => i.id === report.rootCause?.incident)?.fingerprint);
  });

  it('are printed in text, markdown and HTML in full', () => {
    for (const out of [renderText(report, { width: 100 }), renderMarkdown(report), renderHtml(report)]) {
      for (const fp of [...incidents, ...templates]) expect(out).toContain(fp);
    }
  });

  it('are in JSON on incidents, unrecognised entries and the root cause', () => {
    const json = JSON.parse(renderJson(report));
    expect(json.incidents.map((i: { fingerprint: string }) => i.fingerprint)).toEqual(incidents);
    expect(json.unrecognised.map((u: { fingerprint: string }) => u.fingerprint)).toEqual(templates);
    expect(json.rootCause.fingerprint).toBe(report.rootCause!.fingerprint);
  });

  it('show on the terminal: in full for the root cause and templates, the 12 hex on other incident cards', async () => {
    const out = (await renderTerminal(report, { width: 160, color: false })).replace(/\s+/g, ' ');
    expect(out).toContain(`fingerprint ${report.rootCause!.fingerprint}`);
    for (const fp of templates) expect(out).toContain(fp);
    for (const i of report.incidents.filter((x) => x.id !== report.rootCause!.incident)) expect(out).toContain(`fingerprint ${i.fingerprint!.slice(-12)}`);
  });
});
