import type { Report } from '../model/report.js';
import type { RenderTerminalOptions } from './terminal/render-terminal.js';
export { buildReport } from './build-report.js';
export type { ReportInput, ReportSignature } from './report-input.js';
export { renderJson } from './render-json.js';
export { renderText, type RenderTextOptions } from './render-text.js';
export { renderMarkdown } from './render-markdown.js';
export { renderHtml } from './render-html.js';
export type { TerminalReportProps } from './terminal/TerminalReport.js';
export type { RenderTerminalOptions } from './terminal/render-terminal.js';
export { sanitizeLines, sanitizeText } from './sanitize-text.js';

/**
 * The rich terminal report. ink and React load only when it is asked for: they cost ~0.4 s and ~45 MB at start-up,
 * which every piped, JSON, Markdown or HTML run would otherwise pay.
 */
export async function renderTerminal(report: Report, options: RenderTerminalOptions = {}): Promise<string> {
  const terminal = await import('./terminal/render-terminal.js');
  return terminal.renderTerminal(report, options);
}
export { diffReports, type ReportDiff, type ComparableReport, type IncidentGroup, type ChangedIncident, type TemplateGroup } from './diff-reports.js';
export { renderDiffText, renderDiffMarkdown, renderDiffJson, diffSummary, DIFF_SCHEMA_VERSION } from './render-diff.js';
export { readJsonReport, looksLikeJsonReport, READABLE_SCHEMA_VERSIONS } from './read-json-report.js';
