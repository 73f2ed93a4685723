import type { CommandSpec, OptionSpecs } from '../option-specs.js';

// What help, completion and the man page know of `logsift completion`: data only, loaded at start-up for every command
// (the command table imports completion.ts, which does the work, only when completion runs).

export const COMPLETION_OPTIONS = {
  help: { type: 'boolean', short: 'h', description: 'this help' },
} as const satisfies OptionSpecs;


export const COMPLETION_COMMAND: CommandSpec = {
  name: 'completion',
  summary: 'a shell completion script for bash, zsh or fish',
  usage: ['logsift completion bash|zsh|fish'],
  description: 'Prints the script on stdout. bash: source <(logsift completion bash). zsh: source <(logsift completion zsh), or save it as _logsift in your $fpath. fish: logsift completion fish > ~/.config/fish/completions/logsift.fish.',
  subcommands: [
    { name: 'bash', summary: 'bash 4+ (bash-completion not required)' },
    { name: 'zsh', summary: 'zsh, via compdef' },
    { name: 'fish', summary: 'fish 3+' },
  ],
  options: COMPLETION_OPTIONS,
};

