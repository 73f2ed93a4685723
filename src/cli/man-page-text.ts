import { COMMANDS } from './command-table.js';
import { manPage } from './man-page.js';
import { TIME_FORMS_HELP } from './parse-time-option.js';
import { toolVersion } from './tool-version.js';

/** docs/logsift.1 as `npm run docs:man` writes it and test/cli/man-page.test.ts expects it. */
export function logsiftManPage(): string {
  return manPage(COMMANDS, toolVersion(), {
    filesAndTimes: [
      'Inputs are .tgz/.tar.gz/.tar/.gz/.tar.xz/.zst archives (nested too), directories, single files, or - for standard input. An input that does not exist is an error (exit 3) and nothing is analysed.',
      `--since and --until take ${TIME_FORMS_HELP}. Relative forms count from the time of the input's last event, not from the clock of the machine running logsift: a bundle is read days after it was collected. They cost one extra read of the input, and cannot be used with standard input. Wall times are in the --tz zone, else UTC. Invalid dates such as 2025-02-30 are refused.`,
      '--host matches host names whatever their case. A --host no input holds, or a time window outside the logs, is an error (exit 4) naming what the input holds. The report header names the active filters, and with --since/--until its time span is the window\'s.',
      'Timeline notes (assumptions, skipped files) are written to standard error only when it is a terminal or with --verbose, never with --quiet.',
    ].join('\n\n'),
  });
}
