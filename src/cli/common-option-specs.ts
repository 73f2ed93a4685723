import type { OptionSpecs } from './option-specs.js';

// The option specs more than one command takes. Data only, with no imports that do work: the command table loads
// every command's spec at start-up (help, completion, the man page), and a spec must not pull in what runs it.

export const TIME_FORMS_HELP =
  'absolute ("2025-06-02 09:00", 2025-06-02T09:00:00Z, 2025-06-02, @1748855700), a time of the last day ("14:25"), ' +
  'or relative to the input\'s last event ("-1h", "-30min", "+2d", "1 hour ago", yesterday, today, now)';

/** The levels --min-severity and --fail-on take. */
export const SEVERITY_VALUES = ['critical', 'error', 'warning', 'info'] as const;

/** What every reading command takes: the inputs, filters and limits. */
export const INPUT_OPTIONS = {
  since: { type: 'string', valueName: 'TIME', group: 'Filters', description: `only events at or after TIME: ${TIME_FORMS_HELP}; wall times in --tz, else UTC` },
  until: { type: 'string', valueName: 'TIME', group: 'Filters', description: 'only events at or before TIME (same forms as --since)' },
  host: { type: 'string', multiple: true, valueName: 'NAME', group: 'Filters', description: 'only this host (case-insensitive); a name no input holds is an error (exit 4) naming the hosts present' },
  tz: { type: 'string', valueName: 'ZONE', group: 'Input', description: 'zone for local-time logs and for --since/--until wall times, e.g. Europe/Berlin or +02:00' },
  include: { type: 'string', multiple: true, valueName: 'GLOB', group: 'Input', description: 'read only the files whose path in the input matches GLOB' },
  exclude: { type: 'string', multiple: true, valueName: 'GLOB', group: 'Input', description: 'skip the files matching GLOB' },
  'max-depth': { type: 'string', valueName: 'N', group: 'Input', description: 'open archives nested at most N deep (default 4)' },
  'max-line-bytes': { type: 'string', valueName: 'SIZE', group: 'Input', description: 'cut longer lines there, flagged truncated (default 1M; K/M/G suffixes)' },
  'max-total-bytes': { type: 'string', valueName: 'SIZE', group: 'Input', description: 'stop after SIZE decompressed bytes in all (default 64G)' },
  'max-ratio': { type: 'string', valueName: 'N', group: 'Input', description: 'stop a compressed stream expanding more than N times (a decompression bomb; default 1000)' },
  'max-members': { type: 'string', valueName: 'N', group: 'Input', description: 'read at most N archive members (default 200000)' },
  'max-lines': { type: 'string', valueName: 'N', group: 'Input', description: 'read at most N lines of each input; the rest is listed as skipped (default 100000000)' },
  'max-input-bytes': { type: 'string', valueName: 'SIZE', group: 'Input', description: 'decompress at most SIZE bytes of each input; the rest is listed as skipped (default 16G)' },
  'max-hosts': { type: 'string', valueName: 'N', group: 'Input', description: 'read the files of at most N hosts of each input; those of further hosts are listed as skipped (default 10000)' },
  'max-files-per-host': { type: 'string', valueName: 'N', group: 'Input', description: 'read at most N files of each host of an input; the rest are listed as skipped (default 50000)' },
  quiet: { type: 'boolean', short: 'q', group: 'Other', description: 'no progress or notes on stderr' },
  verbose: { type: 'boolean', short: 'v', group: 'Other', description: 'diagnostics on stderr (and notes even when stderr is not a terminal)' },
  'no-color': { type: 'boolean', group: 'Output', description: 'no colours (also NO_COLOR=1)' },
  help: { type: 'boolean', short: 'h', group: 'Other', description: 'this help' },
} as const satisfies OptionSpecs;

export const REPORT_FORMATS = ['text', 'md', 'json', 'html'] as const;

/** What every command that writes a report takes. */
export const OUTPUT_OPTIONS = {
  format: {
    type: 'string', short: 'f', valueName: 'FORMAT', choices: REPORT_FORMATS, group: 'Output',
    description: 'text, md, json or html; default: from the -o extension (.html/.htm, .md, .json, .txt), else a rich terminal report on a TTY and text when piped',
  },
  json: { type: 'boolean', group: 'Output', description: 'same as --format json' },
  output: { type: 'string', short: 'o', valueName: 'FILE', completes: 'file', group: 'Output', description: 'write to FILE instead of stdout' },
} as const satisfies OptionSpecs;

/** `--redact` and its companions, taken by analyze and timeline. */
export const REDACT_OPTIONS = {
  redact: { type: 'boolean', group: 'Redaction', description: 'replace IPs, host names, users, emails, MACs, tokens, keys and passwords (for a ticket; README "Redaction"); any --redact-… option turns it on' },
  'redact-key': { type: 'string', valueName: 'KEY', group: 'Redaction', description: 'stable pseudonyms across reports (HMAC of the original; also LOGSIFT_REDACT_KEY)' },
  'redact-term': { type: 'string', multiple: true, valueName: 'WORD', group: 'Redaction', description: 'also replace this word (whole word, any case)' },
  'redact-terms': { type: 'string', valueName: 'FILE', completes: 'file', group: 'Redaction', description: 'also replace the words in FILE, one per line' },
  'redact-map': { type: 'string', valueName: 'FILE', completes: 'file', group: 'Redaction', description: 'write original → pseudonym as JSON (mode 0600), for the engineer only' },
} as const satisfies OptionSpecs;
