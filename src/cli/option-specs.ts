import { parseArgs } from 'node:util';
import { UsageError } from './exit-codes.js';

/**
 * One command-line option: what `node:util` parseArgs needs (type, short, multiple) plus what help, completion and
 * the man page need. An options object of these is still a valid parseArgs `options` (extra keys are ignored), so a
 * command written as `parseCommandLine(args, { name: { type: 'string' } })` is ported by adding descriptions.
 */
export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  readonly short?: string;
  readonly multiple?: boolean;
  /** One line (help, man page, completion); an option not yet described is listed by name only. */
  readonly description?: string;
  /** How help names the value: TIME, FILE, LEVEL. */
  readonly valueName?: string;
  /** The values it takes, offered by completion (help shows them when there is no valueName). */
  readonly choices?: readonly string[];
  /** What completion offers as its value when it is not a fixed choice. */
  readonly completes?: 'file' | 'directory';
  /** Other long names accepted for it, documented as aliases (`--min-level` for `--min-severity`). */
  readonly aliases?: readonly string[];
  /** The heading help lists it under. */
  readonly group?: string;
}

export type OptionSpecs = Readonly<Record<string, OptionSpec>>;

/** A command as help, completion and the man page see it. */
export interface CommandSpec {
  readonly name: string;
  /** Other words that run it (`analyse`). */
  readonly aliases?: readonly string[];
  /** One line for the command list. */
  readonly summary: string;
  /** Usage lines, without the leading "Usage: ". */
  readonly usage: readonly string[];
  /** A paragraph under the usage. */
  readonly description?: string;
  readonly options: OptionSpecs;
  /** Sub-commands (`patterns list`), each with one line. */
  readonly subcommands?: readonly { readonly name: string; readonly summary: string }[];
  /** Free text after the options (exit statuses, notes). */
  readonly footer?: string;
}

/**
 * Parses a command's arguments against its options. Aliases are rewritten to their option first; an unknown option
 * or a missing value becomes one line naming the nearest known option and the command's `--help`.
 */
export function parseCommandLine<T extends OptionSpecs>(args: readonly string[], options: T, command?: string) {
  const rewritten = withAliasesResolved(args, options);
  try {
    return parseArgs({ args: rewritten, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(explainParseError(error as NodeJS.ErrnoException, options, command));
  }
}

/**
 * Aliases become their option; a value starting with a sign and a digit (`--since -1h`, `--until +2d`) is joined to
 * its option (`--since=-1h`), since parseArgs would take it for an option and report the value missing.
 */
function withAliasesResolved(args: readonly string[], options: OptionSpecs): string[] {
  const canonical = new Map<string, string>();
  for (const [name, spec] of Object.entries(options)) for (const alias of spec.aliases ?? []) canonical.set(alias, name);
  const shortNames = new Map(Object.entries(options).flatMap(([name, spec]) => (spec.short ? [[spec.short, name] as const] : [])));
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') {
      out.push(...args.slice(i));
      break;
    }
    let option: string | undefined;
    if (arg.startsWith('--')) {
      const equals = arg.indexOf('=');
      const name = arg.slice(2, equals < 0 ? undefined : equals);
      option = canonical.get(name) ?? name;
      if (equals >= 0) {
        out.push(`--${option}${arg.slice(equals)}`);
        continue;
      }
    } else if (/^-[^-]$/.test(arg)) {
      option = shortNames.get(arg[1]!);
    }
    const next = args[i + 1];
    if (option !== undefined && options[option]?.type === 'string' && next !== undefined && /^[+-]\d/.test(next)) {
      out.push(`--${option}=${next}`);
      i++;
      continue;
    }
    out.push(option !== undefined && arg.startsWith('--') ? `--${option}` : arg);
  }
  return out;
}

function explainParseError(error: NodeJS.ErrnoException, options: OptionSpecs, command?: string): string {
  const help = `run "logsift${command ? ` ${command}` : ''} --help" for the options`;
  const quoted = /'(-[^' ]*)/.exec(error.message)?.[1];
  if (error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && quoted) {
    const suggestion = nearestOption(quoted, options);
    return `unknown option ${quoted}${suggestion ? ` (did you mean ${suggestion}?)` : ''}; ${help}`;
  }
  if (error.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && quoted) {
    const name = quoted.replace(/^-+/, '');
    const spec = options[name] ?? Object.values(options).find((s) => s.short === name);
    if (spec?.type === 'boolean') return `${quoted} takes no value; ${help}`;
    return `${quoted} needs a value${spec?.valueName ? ` (${spec.valueName})` : ''}; ${help}`;
  }
  return `${error.message.split('\n')[0]!}; ${help}`;
}

/** The known option nearest to what was typed (edit distance at most a third of its length, at least 2). */
export function nearestOption(typed: string, options: OptionSpecs): string | undefined {
  const name = typed.replace(/^-+/, '').split('=')[0]!;
  const names = Object.entries(options).flatMap(([long, spec]) => [long, ...(spec.aliases ?? [])]);
  const best = nearestWord(name, names);
  return best === undefined ? undefined : `--${best}`;
}

/**
 * Edit distance counting a swap of two neighbouring letters as one edit (optimal string alignment): `--hots` is one
 * edit from `--host`, the commonest typo, where plain Levenshtein says two and ties it with `--jobs`.
 */
export function typoDistance(a: string, b: string): number {
  const rows: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = d;
    }
  }
  return rows[a.length]![b.length]!;
}

/** The candidate nearest to `typed`, when it is near enough to be a typo (or `typed` is a prefix of it). */
export function nearestWord(typed: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const d = candidate.startsWith(typed) && typed.length >= 3 ? 1 : typoDistance(typed.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(typed.length / 3)) ? best : undefined;
}

/** `--since TIME`, `-o, --output FILE`, `--format text|md|json|html`. */
export function optionSynopsis(name: string, spec: OptionSpec): string {
  const value = spec.type === 'string' ? ` ${spec.valueName ?? spec.choices?.join('|') ?? 'VALUE'}` : '';
  return `${spec.short ? `-${spec.short}, ` : ''}--${name}${value}`;
}

/** The option's description, with its aliases and repeatability. */
export function optionDescription(spec: OptionSpec): string {
  const notes = [
    ...(spec.multiple ? ['repeatable'] : []),
    ...(spec.aliases?.length ? [`alias: ${spec.aliases.map((a) => `--${a}`).join(', ')}`] : []),
  ];
  return `${spec.description ?? ''}${notes.length ? ` (${notes.join('; ')})` : ''}`;
}

/** The options, grouped under their headings in first-seen order. */
export function groupedOptions(options: OptionSpecs): { heading: string; options: [string, OptionSpec][] }[] {
  const groups = new Map<string, [string, OptionSpec][]>();
  for (const entry of Object.entries(options)) {
    const heading = entry[1].group ?? 'Options';
    const list = groups.get(heading) ?? [];
    list.push(entry);
    groups.set(heading, list);
  }
  return [...groups].map(([heading, list]) => ({ heading, options: list }));
}

/** `logsift <command> --help`, generated from the command's spec. */
export function commandHelp(command: CommandSpec, width = 100): string {
  const lines = [`Usage: ${command.usage[0] ?? `logsift ${command.name}`}`, ...command.usage.slice(1).map((u) => `       ${u}`), ''];
  if (command.description) lines.push(...wrap(command.description, width, ''), '');
  if (command.subcommands?.length) {
    lines.push('Commands:');
    const w = Math.max(...command.subcommands.map((s) => s.name.length)) + 2;
    for (const sub of command.subcommands) lines.push(...wrap(sub.summary, width, ' '.repeat(w + 2), `  ${sub.name.padEnd(w)}`));
    lines.push('');
  }
  const groups = groupedOptions(command.options);
  const synopses = groups.flatMap((g) => g.options.map(([name, spec]) => optionSynopsis(name, spec)));
  const column = Math.min(34, Math.max(...synopses.map((s) => s.length), 10) + 4);
  for (const group of groups) {
    lines.push(`${group.heading}:`);
    for (const [name, spec] of group.options) {
      const synopsis = `  ${optionSynopsis(name, spec)}`;
      const first = synopsis.length + 2 > column ? [synopsis] : [];
      const lead = first.length ? ' '.repeat(column) : synopsis.padEnd(column);
      lines.push(...first, ...wrap(optionDescription(spec), width, ' '.repeat(column), lead));
    }
    lines.push('');
  }
  if (command.footer) lines.push(command.footer.trimEnd(), '');
  return lines.join('\n').replace(/\n+$/, '\n');
}

/** Words wrapped at `width`; the first line starts with `lead` (default: `indent`). */
export function wrap(text: string, width: number, indent: string, lead = indent): string[] {
  const out: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = out.length === 0 ? lead : indent;
    let empty = true;
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      if (!empty && line.length + 1 + word.length > width) {
        out.push(line);
        line = indent;
        empty = true;
      }
      line += empty ? word : ` ${word}`;
      empty = false;
    }
    out.push(line.trimEnd());
  }
  return out;
}
