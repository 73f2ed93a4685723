import type { Report } from '../../model/report.js';
import type { Redactor } from './redactor.js';
import { redactValue } from './redact-value.js';

/**
 * The report with every string redacted: evidence, paths, hosts, titles, explanations, templates, warnings,
 * coverage, activity labels. Runs before any renderer, so no output format (HTML's SVG included) can show an
 * original. Signature ids, severities, counts and times are unchanged, so the root cause and chain read the same.
 */
export function redactReport(report: Report, redactor: Redactor): Report {
  // Every host of the report is known before the first line is read: a host named in an earlier evidence line
  // than its own files still gets its pseudonym.
  for (const host of report.hosts) redactor.addHost(host);
  for (const host of report.coverage.hosts) redactor.addHost(host.host);
  return redactValue(report, redactor);
}
