import type { CommandSpec, OptionSpecs } from '../option-specs.js';

// What help, completion and the man page know of `logsift patterns`: data only, loaded at start-up for every command
// (the command table imports patterns.ts, which does the work, only when patterns runs).

export const PATTERNS_OPTIONS = {
  patterns: { type: 'string', multiple: true, valueName: 'DIR', completes: 'directory', description: 'add signature files after the shipped library' },
  json: { type: 'boolean', description: 'JSON output (list, show, test)' },
  strict: { type: 'boolean', description: 'a broken signature file is an error, not a warning' },
  'from-line': { type: 'string', valueName: 'LINE', description: 'new: the log line to draft a signature for' },
  'from-template': { type: 'string', valueName: 'FINGERPRINT', description: 'new: the unrecognised template (its fingerprint, fp1:template:… or the hash) of --report to draft a signature for' },
  report: { type: 'string', valueName: 'FILE', completes: 'file', description: 'new: the --format json report that lists the --from-template template' },
  id: { type: 'string', valueName: 'ID', description: 'new: the draft\'s id (kebab-case)' },
  output: { type: 'string', short: 'o', valueName: 'FILE', completes: 'file', description: 'new: write the draft to FILE (never overwrites)' },
  help: { type: 'boolean', short: 'h', description: 'this help' },
} as const satisfies OptionSpecs;

export const PATTERNS_COMMAND: CommandSpec = {
  name: 'patterns',
  summary: 'the signature library: list, show, test, lint, new',
  usage: ['logsift patterns <list|show|test|lint|new> [options]'],
  subcommands: [
    { name: 'list', summary: 'the signatures: id, severity, role, component, title' },
    { name: 'show', summary: 'ID: one signature in full: explanation, remediation, runbook, examples' },
    { name: 'test', summary: '[DIR...]: every example of every signature must match / not match as declared' },
    { name: 'lint', summary: '[DIR...]: schema, missing remediation or runbook, risky regexes, overlaps, duplicate ids' },
    { name: 'new', summary: "--from-line 'LINE' | --from-template FINGERPRINT --report FILE [--id ID] [-o FILE]: a ready-to-edit signature for a line or a report's unrecognised template, its words as literals, its variables masked" },
  ],
  options: PATTERNS_OPTIONS,
  footer: 'Exit status: 0 all good, 1 a test or lint failed, 2 usage error, 70 internal error.\n',
};
