import type { Report } from '../model/report.js';

/**
 * The stretch of time around the incidents worth a zoomed picture, or undefined when the analysis made none
 * (no incidents, or the incidents already fill a quarter of the span, so zooming would show nothing new).
 */
export function incidentWindow(report: Report): { start: number; end: number } | undefined {
  const zoom = report.incidentActivity;
  return zoom && zoom.buckets.length > 0 ? { start: zoom.start, end: zoom.end } : undefined;
}
