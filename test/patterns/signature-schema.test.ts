import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { checkExamples, createLibrary, parseSignatureText, signatureSchema } from '../../src/patterns/index.js';
import { plainEvent } from './plain-event.js';

const readme = readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), '../../patterns/README.md'), 'utf8');

/** Every property name anywhere in the schema, from zod's own JSON Schema rendering. */
function schemaKeys(node: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(node)) node.forEach((n) => schemaKeys(n, out));
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === 'properties' && value && typeof value === 'object') Object.keys(value).forEach((k) => out.add(k));
      schemaKeys(value, out);
    }
  }
  return out;
}

function readmeExample(): string {
  const m = /## A complete example\s+```yaml\n([\s\S]*?)```/.exec(readme);
  if (!m) throw new Error('patterns/README.md has no "A complete example" yaml block');
  return m[1];
}

describe('signature schema and patterns/README.md', () => {
  it('documents every key of the schema', () => {
    const keys = [...schemaKeys(z.toJSONSchema(signatureSchema))];
    expect(keys.length).toBeGreaterThan(25);
    expect(keys.filter((k) => !readme.includes(`\`${k}\``))).toEqual([]);
  });

  it('has a complete example that validates and uses every top-level key', () => {
    const text = readmeExample();
    const { signature, diagnostics } = parseSignatureText(text, 'patterns/containerd/containerd-sandbox-recovery-failed.yaml');
    expect(diagnostics).toEqual([]);
    const topKeys = Object.keys(signatureSchema.shape);
    expect(topKeys.filter((k) => !new RegExp(`^${k}:`, 'm').test(text))).toEqual([]);
    const results = checkExamples(createLibrary([signature!]), (line) => plainEvent(line));
    expect(results.filter((r) => !r.ok)).toEqual([]);
  });

  it('rejects unknown keys at any depth, naming the path', () => {
    const text = readmeExample().replace('    ignore_case: false', '    ignorecase: false');
    const { signature, diagnostics } = parseSignatureText(text, 'x/containerd-sandbox-recovery-failed.yaml');
    expect(signature).toBeUndefined();
    expect(diagnostics.map((d) => d.title)).toEqual(['x/containerd-sandbox-recovery-failed.yaml: match[0].ignorecase: Unrecognized key: "ignorecase"']);
  });
});
