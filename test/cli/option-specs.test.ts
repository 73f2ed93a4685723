import { describe, expect, it } from 'vitest';
import { commandHelp, nearestWord, parseCommandLine, typoDistance, type OptionSpecs } from '../../src/cli/option-specs.js';
import { UsageError } from '../../src/cli/exit-codes.js';

const OPTIONS = {
  since: { type: 'string', valueName: 'TIME', description: 'from TIME' },
  host: { type: 'string', multiple: true, description: 'only this host' },
  'min-severity': { type: 'string', aliases: ['min-level'], description: 'at or above LEVEL' },
  json: { type: 'boolean', description: 'JSON' },
  output: { type: 'string', short: 'o', description: 'to FILE' },
} as const satisfies OptionSpecs;

describe('parseCommandLine over option specs', () => {
  it('reads an alias as its option, in both --name value and --name=value forms', () => {
    expect(parseCommandLine(['--min-level', 'warning'], OPTIONS).values['min-severity']).toBe('warning');
    expect(parseCommandLine(['--min-level=error', 'x'], OPTIONS).values['min-severity']).toBe('error');
  });

  it('takes a value that starts with a sign and a digit (--since -1h) as the value, not as an option', () => {
    const { values, positionals } = parseCommandLine(['b.tgz', '--since', '-1h', '-o', '-2d.txt'], OPTIONS);
    expect(values.since).toBe('-1h');
    expect(values.output).toBe('-2d.txt');
    expect(positionals).toEqual(['b.tgz']);
  });

  it('leaves everything after -- as positionals', () => {
    expect(parseCommandLine(['--', '--min-level', '-1h'], OPTIONS).positionals).toEqual(['--min-level', '-1h']);
  });

  it('still takes a plain parseArgs options object (a command not yet ported)', () => {
    expect(parseCommandLine(['--left', 'a', 'b'], { left: { type: 'string' } }).values.left).toBe('a');
  });

  it('turns parseArgs errors into one line with a guess and the help hint', () => {
    expect(() => parseCommandLine(['--jsno'], OPTIONS, 'diff')).toThrow(new UsageError('unknown option --jsno (did you mean --json?); run "logsift diff --help" for the options'));
    expect(() => parseCommandLine(['--json=yes'], OPTIONS)).toThrow(/^--json takes no value; run "logsift --help"/);
  });
});

describe('did-you-mean', () => {
  it('counts a swap of neighbouring letters as one edit', () => {
    expect(typoDistance('hots', 'host')).toBe(1);
    expect(typoDistance('hots', 'jobs')).toBe(2);
    expect(typoDistance('', 'abc')).toBe(3);
  });

  it('guesses only what is near enough, prefixes included', () => {
    expect(nearestWord('timelnie', ['analyze', 'timeline', 'patterns'])).toBe('timeline');
    expect(nearestWord('patt', ['analyze', 'timeline', 'patterns'])).toBe('patterns');
    expect(nearestWord('diff', ['analyze', 'timeline', 'patterns', 'completion'])).toBeUndefined();
  });
});

describe('help from specs', () => {
  it('lists each option with its short form, value name, description, aliases and repeatability', () => {
    const help = commandHelp({ name: 'demo', summary: 'a demo', usage: ['logsift demo <input>...'], options: OPTIONS });
    expect(help).toMatch(/^Usage: logsift demo <input>\.\.\.\n/);
    expect(help).toMatch(/--since TIME +from TIME\n/);
    expect(help).toMatch(/--host VALUE +only this host \(repeatable\)\n/);
    expect(help).toMatch(/--min-severity VALUE +at or above LEVEL \(alias: --min-level\)\n/);
    expect(help).toMatch(/-o, --output VALUE +to FILE\n/);
  });
});
