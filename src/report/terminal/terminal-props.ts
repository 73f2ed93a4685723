import type { ReportView } from '../report-view.js';

/** What every terminal section receives: the report's lookups, whether colour (and links) are on, the width. */
export interface SectionProps {
  readonly view: ReportView;
  readonly color: boolean;
  readonly width: number;
}
