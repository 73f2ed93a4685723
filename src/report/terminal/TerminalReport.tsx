import type { ReactElement } from 'react';
import { Box } from 'ink';
import type { Report } from '../../model/report.js';
import { reportView } from '../report-view.js';
import { ActivityTimeline } from './ActivityTimeline.js';
import { BelowThreshold } from './BelowThreshold.js';
import { CauseChain } from './CauseChain.js';
import { CoverageSummary } from './CoverageSummary.js';
import { Header } from './Header.js';
import { IncidentList } from './IncidentList.js';
import { RootCause } from './RootCause.js';
import { Summary } from './Summary.js';
import { UnrecognisedList } from './UnrecognisedList.js';
import { WarningList } from './WarningList.js';

export interface TerminalReportProps {
  readonly report: Report;
  /** Columns to lay out for; default 100. */
  readonly width?: number;
  /** Colours by severity and OSC 8 runbook links; false writes no escape sequence at all. Default true. */
  readonly color?: boolean;
  /** `--tz-display`: `local` (default), `utc`, or a zone name. */
  readonly displayZone?: string;
}

/** The report as an ink tree: header, root cause box, chain, other incidents, unrecognised errors,
 * matches seen below threshold, timeline, coverage, warnings. */
export function TerminalReport(props: TerminalReportProps): ReactElement {
  const width = Math.max(40, Math.floor(props.width ?? 100));
  const section = { view: reportView(props.report, { displayZone: props.displayZone }), color: props.color ?? true, width };
  return (
    <Box flexDirection="column" width={width}>
      <Summary {...section} />
      <Header {...section} />
      <RootCause {...section} />
      <CauseChain {...section} />
      <IncidentList {...section} />
      <UnrecognisedList {...section} />
      <BelowThreshold {...section} />
      <ActivityTimeline {...section} />
      <CoverageSummary {...section} />
      <WarningList {...section} />
    </Box>
  );
}
