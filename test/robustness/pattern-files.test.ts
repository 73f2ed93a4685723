import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli/run-cli.js';
import { runJson, scratchDir } from './fixtures.js';

const DEMO = 'samples/k3s-power-loss.tgz';
const expected = JSON.parse(readFileSync('samples/k3s-power-loss.expected.json', 'utf8')) as { incidents: string[] };

/** A valid signature file with one replaceable part. */
function signature(id: string, { regex = "'user marker line'", extra = '' }: { regex?: string; extra?: string } = {}): string {
  return [
    `id: ${id}`,
    `title: user signature ${id}`,
    'severity: warning',
    'role: symptom',
    'match:',
    `  - regex: ${regex}`,
    extra,
    'summary: A user signature.',
    'explanation: Written by a support engineer.',
    "remediation: ['Nothing to do.']",
    'runbook: https://github.com/k3s-io/k3s/issues/11973',
    'examples:',
    "  match: [{ line: 'user marker line' }]",
    "  no_match: ['something else']",
  ].filter((line) => line !== '').join('\n') + '\n';
}

/** Each broken file, the diagnostic code it must get, and the field (or YAML line) the message must name. */
const BROKEN: { file: string; text: string; code: string; names: RegExp }[] = [
  { file: 'malformed-yaml.yaml', text: signature('malformed-yaml').replace("summary: A user signature.", 'summary: "unterminated'), code: 'patterns.bad-yaml', names: /malformed-yaml\.yaml:\d+:\d+: YAML syntax error/ },
  { file: 'bad-regex.yaml', text: signature('bad-regex', { regex: "'stored sandbox (?<id>[0-9a-f]+'" }), code: 'patterns.bad-regex', names: /bad-regex\.yaml: match\[0\]\.regex: Invalid regular expression/ },
  { file: 'lookahead.yaml', text: signature('lookahead', { regex: "'sandbox (?=\\w)\\w+$'" }), code: 'patterns.bad-regex', names: /lookahead\.yaml: match\[0\]\.regex: lookahead .*linear-time regex engine/ },
  { file: 'backreference.yaml', text: signature('backreference', { regex: "'sandbox (\\w)\\1'" }), code: 'patterns.bad-regex', names: /backreference\.yaml: match\[0\]\.regex: backreferences .*linear-time regex engine/ },
  { file: 'unknown-field.yaml', text: signature('unknown-field', { extra: 'component: containerd' }), code: 'patterns.schema', names: /unknown-field\.yaml: component: Unrecognized key/ },
  { file: 'not-a-map.yaml', text: '- id: not-a-map\n- title: a list, not a signature\n', code: 'patterns.schema', names: /not-a-map\.yaml: / },
  { file: 'empty.yaml', text: '', code: 'patterns.schema', names: /empty\.yaml: / },
  {
    file: 'alias-bomb.yaml',
    text: `${signature('alias-bomb')}a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\ng: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n`,
    code: 'patterns.bad-yaml',
    names: /alias-bomb\.yaml: YAML cannot be read/,
  },
  { file: 'binary.yaml', text: '\u0000\u0001\u0002PK\u0003\u0004\u00ff\u00fe garbage', code: 'patterns.schema', names: /binary\.yaml: Invalid input/ },
];

describe('broken signature files in --patterns DIR', () => {
  let dir: string;
  beforeAll(() => {
    dir = scratchDir();
    for (const { file, text } of BROKEN) writeFileSync(join(dir, file), text);
    // The same id twice in one directory: the second file is left out.
    mkdirSync(join(dir, 'a'));
    mkdirSync(join(dir, 'b'));
    writeFileSync(join(dir, 'a', 'dup-sig.yaml'), signature('dup-sig'));
    writeFileSync(join(dir, 'b', 'dup-sig.yaml'), signature('dup-sig'));
    writeFileSync(join(dir, 'good-one.yaml'), signature('good-one', { regex: "'Failed to run CRI service'" }));
  });

  it('gives each broken file one warning naming the file and field, and still finds the shipped incidents', async () => {
    const run = await runJson([DEMO, '--patterns', dir]);
    expect(run.status).toBe(0);
    const report = run.report!;
    for (const { file, code, names } of BROKEN) {
      const about = report.warnings.filter((w) => w.where?.file === join(dir, file));
      expect(about, file).toHaveLength(1);
      expect(about[0].code, file).toBe(code);
      expect(about[0].title, file).toMatch(names);
      expect(about[0].title.startsWith(join(dir, file)), file).toBe(true);
      expect(about[0].title, file).not.toContain('\n');
    }
    const duplicate = report.warnings.filter((w) => w.code === 'patterns.duplicate-id');
    expect(duplicate).toHaveLength(1);
    expect(duplicate[0].title).toBe(`${join(dir, 'b', 'dup-sig.yaml')}: id: duplicate id 'dup-sig', already defined in ${join(dir, 'a', 'dup-sig.yaml')}`);
    const found = report.incidents.map((i) => i.signature);
    for (const id of expected.incidents) expect(found).toContain(id);
    // The good user file beside the broken ones is loaded and matches.
    expect(found).toContain('good-one');
  }, 20_000);

  it('exits 2 with --strict, one stderr line per broken file and no report', async () => {
    const run = await runCli([DEMO, '--patterns', dir, '--strict', '--format', 'json', '--quiet']);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    const lines = run.stderr.trim().split('\n');
    for (const { file } of BROKEN) expect(lines.filter((l) => l.includes(join(dir, file))), file).toHaveLength(1);
    expect(lines.every((l) => l.startsWith('logsift: '))).toBe(true);
    expect(lines).toHaveLength(BROKEN.length + 1);
  }, 20_000);

  it('warns about a --patterns directory that does not exist and still analyses', async () => {
    const missing = join(dir, 'no-such-dir');
    const run = await runJson([DEMO, '--patterns', missing]);
    expect(run.status).toBe(0);
    expect(run.report!.warnings.find((w) => w.code === 'patterns.dir-missing')?.title).toBe(`${missing}: pattern directory not found or not readable`);
    expect(run.report!.incidents.map((i) => i.signature)).toContain('containerd-sandbox-recovery-failed');
  }, 20_000);
});
