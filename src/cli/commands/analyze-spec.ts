import type { CommandSpec, OptionSpecs } from '../option-specs.js';
import { EXIT_STATUS_HELP } from '../exit-status-help.js';
import { INPUT_OPTIONS, OUTPUT_OPTIONS, REDACT_OPTIONS, SEVERITY_VALUES } from '../common-option-specs.js';

// What help, completion and the man page know of `logsift analyze`: data only, loaded at start-up for every command
// (the command table imports analyze.ts, which does the work, only when analyze runs).

export const ANALYZE_OPTIONS = {
  ...OUTPUT_OPTIONS,
  patterns: { type: 'string', multiple: true, valueName: 'DIR', completes: 'directory', group: 'Analysis', description: 'add signature files (same id overrides a shipped one)' },
  strict: { type: 'boolean', group: 'Analysis', description: 'a broken signature file is an error, not a warning' },
  'min-severity': {
    type: 'string', valueName: 'LEVEL', choices: SEVERITY_VALUES, aliases: ['min-level'], group: 'Analysis',
    description: 'hide incidents below LEVEL, except those in the root cause\'s chain (shown whole: a warning can start the failure); above info, hide the below-threshold observations too',
  },
  'fail-on': { type: 'string', valueName: 'LEVEL', choices: SEVERITY_VALUES, group: 'Analysis', description: 'exit 1 when an incident at or above LEVEL is found' },
  jobs: {
    type: 'string', short: 'j', valueName: 'N', group: 'Analysis',
    description: 'worker threads for parsing and matching; 0 = none; default: none on one or two cores, else one per core but one (at most 4) for inputs over 8 MB',
  },
  brief: { type: 'boolean', group: 'Output', description: 'md: only the summary, the root cause and the incident table (fits a ticket)' },
  'tz-display': {
    type: 'string', valueName: 'ZONE', group: 'Output',
    description: 'local, utc or a zone: the zone times are shown in; default local: each host\'s own zone where the bundle tells it (UTC beside it in the summary); JSON stays UTC',
  },
  index: {
    type: 'string', valueName: 'PATH|URL', completes: 'file', group: 'Analysis',
    description: 'a known-incident index, an SQLite file or postgres://USER@HOST:PORT/DB: "seen before: ticket …" on each incident it holds (logsift index --help)',
  },
  ...REDACT_OPTIONS,
  ...INPUT_OPTIONS,
} as const satisfies OptionSpecs;

export const ANALYZE_COMMAND: CommandSpec = {
  name: 'analyze',
  aliases: ['analyse'],
  summary: 'root cause, incidents, evidence and the fix (the default command)',
  usage: ['logsift [analyze] <input>... [options]'],
  description: 'Reads every log in the inputs (.tgz/.tar.gz/.tar/.gz/.tar.xz/.zst, directories, files, - for stdin), finds known incidents, follows cause → effect, and reports the root cause with its evidence and the fix.',
  options: ANALYZE_OPTIONS,
  footer: EXIT_STATUS_HELP,
};
