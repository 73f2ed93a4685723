import type { CommandSpec, OptionSpecs } from '../option-specs.js';
import { INPUT_OPTIONS } from '../common-option-specs.js';

// What help, completion and the man page know of `logsift index`: data only, loaded at start-up for every command
// (the command table imports index.ts, which does the work, only when index runs).

const INDEX_PATH_OPTION = {
  index: {
    type: 'string', valueName: 'PATH|URL', completes: 'file', group: 'Index',
    description: 'the index: an SQLite file, default $XDG_DATA_HOME/logsift/known-incidents.sqlite, else ~/.local/share/logsift/known-incidents.sqlite (the folder is created); or a shared PostgreSQL database, postgres://USER@HOST:PORT/DB (the tables are created in it)',
  },
} as const satisfies OptionSpecs;

export const SEARCH_OPTIONS = {
  ...INDEX_PATH_OPTION,
  json: { type: 'boolean', group: 'Output', description: 'search: the filings as JSON ({ query, matches: [...] })' },
  help: { type: 'boolean', short: 'h', group: 'Other', description: 'this help' },
} as const satisfies OptionSpecs;

export const ADD_OPTIONS = {
  ...INDEX_PATH_OPTION,
  ticket: { type: 'string', valueName: 'ID', group: 'Index', description: 'add: required; printable text up to 200 characters, stored exactly as given (control characters, line breaks and bidi controls are refused)' },
  note: { type: 'string', valueName: 'TEXT', group: 'Index', description: 'add: up to 2000 characters, same rules' },
  patterns: { type: 'string', multiple: true, valueName: 'DIR', completes: 'directory', group: 'Analysis', description: 'add signature files when the input is a bundle' },
  jobs: { type: 'string', short: 'j', valueName: 'N', group: 'Analysis', description: 'worker threads when the input is a bundle' },
  ...INPUT_OPTIONS,
} as const satisfies OptionSpecs;

export const INDEX_COMMAND: CommandSpec = {
  name: 'index',
  summary: 'the known-incident index: file incidents under a ticket, find which ticket saw one before',
  usage: ['logsift index add <report.json|bundle> --ticket ID [--note TEXT] [--index PATH|URL]', 'logsift index search <fingerprint|signature> [--json] [--index PATH|URL]'],
  description: 'Incidents (and unrecognised error shapes) filed under the ticket they were handled in, by their host-independent fingerprint; "logsift <bundle> --index PATH" then says "seen before: ticket …" on each incident the index knows. A .json file is read as a logsift --format json report (schemaVersion 1-2); anything else is analysed first with analyse\'s input options. All of a report is filed, or nothing.',
  subcommands: [
    { name: 'add', summary: '<report.json|bundle> --ticket ID [--note TEXT]: file every incident of the report under the ticket' },
    { name: 'search', summary: '<fingerprint|signature> [--json]: the tickets that filed it' },
  ],
  options: { ...SEARCH_OPTIONS, ...ADD_OPTIONS },
  footer: 'Exit status: 0 filed / found, 1 search found nothing, 2 usage error (bad --ticket or --note), 3 the report or bundle could not be read (missing, not a logsift report, newer schemaVersion), 5 the index cannot be used (missing, damaged, not a logsift index, written by a newer logsift; a PostgreSQL server unreachable, refusing the login or without that database), 75 another writer holds the index (try again).\n',
};
