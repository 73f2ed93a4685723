import type { CommandSpec, OptionSpecs } from '../option-specs.js';
import { EXIT_STATUS_HELP } from '../exit-status-help.js';
import { INPUT_OPTIONS, OUTPUT_OPTIONS, REDACT_OPTIONS, SEVERITY_VALUES } from '../common-option-specs.js';

// What help, completion and the man page know of `logsift timeline`: data only, loaded at start-up for every command
// (the command table imports timeline.ts, which does the work, only when timeline runs).

export const TIMELINE_OPTIONS = {
  format: { type: 'string', short: 'f', valueName: 'FORMAT', choices: ['text', 'json'], group: 'Output', description: 'text (one line per event) or json (one JSON event per line); default: from the -o extension (.json), else text' },
  json: { type: 'boolean', group: 'Output', description: 'same as --format json; keys: timestamp, timestampQuality, host, component, unit, pid, severity, message, fields, format, bootId, origin {file, line}, and alsoIn with --dedupe' },
  output: OUTPUT_OPTIONS.output,
  dedupe: { type: 'boolean', group: 'Output', description: 'show a line seen in several copies (journal, syslog, the service\'s own file) once, naming the other copies ("also in: …")' },
  component: { type: 'string', multiple: true, valueName: 'NAME', group: 'Filters', description: 'only this component: containerd, kubelet, k3s, kubelite, kernel, systemd, …' },
  'min-severity': { type: 'string', valueName: 'LEVEL', choices: [...SEVERITY_VALUES, 'debug'], aliases: ['min-level'], group: 'Filters', description: 'only events at or above LEVEL: critical, error, warning, info, debug' },
  grep: { type: 'string', valueName: 'REGEX', group: 'Filters', description: 'only events whose message or a field matches REGEX (case-insensitive)' },
  ...REDACT_OPTIONS,
  ...INPUT_OPTIONS,
} as const satisfies OptionSpecs;

export const TIMELINE_COMMAND: CommandSpec = {
  name: 'timeline',
  summary: 'the merged timeline of every event, oldest first',
  usage: ['logsift timeline <input>... [options]'],
  description: 'Prints the merged, normalised timeline of every event in the inputs, oldest first. Notes (assumptions, skipped files) go to stderr only when it is a terminal or with --verbose, never with --quiet.',
  options: TIMELINE_OPTIONS,
  footer: `Time marks in text output: * year inferred, ~ zone assumed, + relative to boot, no time shown = none on the line.\n\n${EXIT_STATUS_HELP}`,
};
