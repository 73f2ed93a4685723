import type { CommandSpec, OptionSpecs } from '../option-specs.js';
import { INPUT_OPTIONS } from '../common-option-specs.js';

// What help, completion and the man page know of `logsift diff`: data only, loaded at start-up for every command
// (the command table imports diff.ts, which does the work, only when diff runs).

export const DIFF_OPTIONS = {
  format: { type: 'string', short: 'f', valueName: 'FORMAT', choices: ['text', 'md', 'json'], group: 'Output', description: 'text (default), md or json' },
  output: { type: 'string', short: 'o', valueName: 'FILE', completes: 'file', group: 'Output', description: 'write the comparison to FILE' },
  patterns: { type: 'string', multiple: true, valueName: 'DIR', completes: 'directory', group: 'Analysis', description: 'add signature files when a side is a bundle' },
  jobs: { type: 'string', short: 'j', valueName: 'N', group: 'Analysis', description: 'worker threads when a side is a bundle' },
  ...INPUT_OPTIONS,
} as const satisfies OptionSpecs;


export const DIFF_COMMAND: CommandSpec = {
  name: 'diff',
  summary: 'compare two reports or bundles: new, resolved, changed incidents by fingerprint',
  usage: ['logsift diff OLD NEW [options]'],
  description: 'Compares two analyses failure by failure: incidents are matched by fingerprint (the same failure on another host, day or pod is the same one), so a bundle from before a fix and one from after say what is new, what is resolved, and what changed (count, severity, hosts); also the unrecognised errors new and resolved, and each side\'s root cause. OLD and NEW are each a report written by "logsift <bundle> --format json" or a bundle (analysed on the fly, with the input options below).',
  options: DIFF_OPTIONS,
  footer: 'Exit status (like diff(1)): 0 no difference, 1 a difference (a new, resolved or changed incident, a new or resolved unrecognised error, another root cause), 2 usage error, 3 an input could not be read (not a report or bundle, a report from a newer logsift), 70 internal error (a bug in logsift).\n',
};

