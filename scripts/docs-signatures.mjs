// Regenerates docs/signatures.md from patterns/**/*.yaml, the lifecycle table in patterns/context/ aside (run after `npm run build`: it uses dist/).
import { readFileSync, writeFileSync } from 'node:fs';
import fg from 'fast-glob';
import { parse } from 'yaml';
import { signatureSchema } from '../dist/patterns/signature-schema.js';
import { signaturesDoc } from '../dist/patterns/signatures-doc.js';
import { parseStandaloneLine } from '../dist/formats/index.js';

const paths = (await fg('patterns/**/*.{yaml,yml}', { ignore: ['patterns/context/**'] })).sort();
const files = paths.map((path) => {
  const result = signatureSchema.safeParse(parse(readFileSync(path, 'utf8')));
  if (!result.success) {
    console.error(`${path}: not a valid signature (run \`logsift patterns test\`)`);
    process.exit(1);
  }
  return { path, data: result.data };
});
writeFileSync('docs/signatures.md', signaturesDoc(files, parseStandaloneLine));
console.log(`docs/signatures.md: ${files.length} signatures`);
