import { EXIT_STATUSES } from './exit-status-help.js';
import { groupedOptions, optionDescription, optionSynopsis, type CommandSpec } from './option-specs.js';

/** Text escaped for roff: backslashes, and a leading dot or quote that would read as a request. */
function roff(text: string): string {
  return text.replace(/\\/g, '\\e').replace(/-/g, '\\-').replace(/^([.'])/gm, '\\&$1');
}

/**
 * logsift(1), generated from the option specs help and completion use (`npm run docs:man` writes docs/logsift.1;
 * a test keeps the committed page equal to this). No date in it: the page changes only when the options do.
 */
export function manPage(commands: readonly CommandSpec[], version: string, extra: { readonly filesAndTimes: string }): string {
  const out = [
    `.TH LOGSIFT 1 "" "logsift ${roff(version)}" "User Commands"`,
    '.SH NAME',
    'logsift \\- offline log forensics for Kubernetes node bundles',
    '.SH SYNOPSIS',
    ...commands.flatMap((c) => c.usage.flatMap((u) => [`.B ${roff(u)}`, '.br'])),
    '.SH DESCRIPTION',
    roff(commands[0]?.description ?? ''),
    '.PP',
    `Without a command, ${roff(commands[0]?.name ?? 'analyze')} runs. The commands:`,
    ...commands.flatMap((c) => ['.TP', `.B ${roff(c.name)}${c.aliases?.length ? ` (${roff(c.aliases.join(', '))})` : ''}`, roff(c.summary)]),
  ];
  for (const c of commands) {
    out.push(`.SH ${roff(c.name.toUpperCase())} OPTIONS`);
    out.push(`.B ${roff(c.usage[0] ?? c.name)}`);
    if (c.description && c !== commands[0]) out.push('.PP', roff(c.description));
    if (c.subcommands?.length) {
      out.push('.PP', 'Commands:');
      for (const s of c.subcommands) out.push('.TP', `.B ${roff(s.name)}`, roff(s.summary));
    }
    for (const group of groupedOptions(c.options)) {
      out.push('.SS', roff(group.heading));
      for (const [name, spec] of group.options) out.push('.TP', `.B ${roff(optionSynopsis(name, spec))}`, roff(optionDescription(spec)));
    }
  }
  out.push('.SH TIMES AND FILES', ...extra.filesAndTimes.split('\n\n').flatMap((p, i) => [...(i ? ['.PP'] : []), roff(p)]));
  out.push('.SH EXIT STATUS');
  for (const [code, text] of EXIT_STATUSES) out.push('.TP', `.B ${code}`, roff(text));
  out.push('.SH SEE ALSO', 'The README of logsift; \\fBlogsift completion bash|zsh|fish\\fR for shell completion.');
  return `${out.join('\n')}\n`;
}
