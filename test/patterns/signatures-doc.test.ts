import { readFileSync } from 'node:fs';
import fg from 'fast-glob';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { signatureSchema } from '../../src/patterns/signature-schema.js';
import { signaturesDoc } from '../../src/patterns/signatures-doc.js';
import { parseStandaloneLine } from '../../src/formats/index.js';

const paths = fg.sync('patterns/**/*.{yaml,yml}', { ignore: ['patterns/context/**'] }).sort();
const files = paths.map((path) => ({ path, data: signatureSchema.parse(parse(readFileSync(path, 'utf8'))) }));

describe('docs/signatures.md', () => {
  it('is in step with the signature files (regenerate with `npm run docs:signatures`)', () => {
    expect(readFileSync('docs/signatures.md', 'utf8')).toBe(signaturesDoc(files, parseStandaloneLine));
  });

  it('records, for every rule of every shipped signature, the releases that print it and an upstream source', () => {
    const missing = files.flatMap(({ path, data }) =>
      data.match.flatMap((rule, i) => (rule.versions && rule.source ? [] : [`${path}: match[${i}]`])),
    );
    expect(missing).toEqual([]);
  });

  it('escapes table cells so a regex with | cannot break the table', () => {
    const doc = signaturesDoc([{ path: 'x.yaml', data: { ...files[0]!.data, match: [{ regex: 'a|b', versions: 'v1', source: 'https://example.test/x' }] } }], parseStandaloneLine);
    expect(doc).toContain('`a\\|b`');
  });
});
