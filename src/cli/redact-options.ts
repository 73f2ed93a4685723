import { closeSync, fchmodSync, openSync, readFileSync, writeSync } from 'node:fs';
import { createRedactor, type Redactor } from '../report/redact/index.js';
import { UsageError } from './exit-codes.js';

export { REDACT_OPTIONS } from './common-option-specs.js';

export interface RedactSettings {
  readonly redactor: Redactor;
  readonly mapFile?: string;
}

/** The redactor the command line asks for, or undefined without any --redact option. Reads the terms file. */
export function redactSettings(values: Record<string, unknown>, env: Readonly<Record<string, string | undefined>>): RedactSettings | undefined {
  const terms = [...((values['redact-term'] as string[] | undefined) ?? [])];
  const termsFile = values['redact-terms'] as string | undefined;
  const mapFile = values['redact-map'] as string | undefined;
  const flagKey = values['redact-key'] as string | undefined;
  // A term or map without --redact still means "redact": silently leaving the report unredacted would leak.
  const wanted = Boolean(values['redact']) || flagKey !== undefined || terms.length > 0 || termsFile !== undefined || mapFile !== undefined;
  if (!wanted) return undefined;
  if (termsFile !== undefined) {
    let text: string;
    try {
      text = readFileSync(termsFile, 'utf8');
    } catch (error) {
      throw new UsageError(`--redact-terms ${termsFile}: cannot read it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
    }
    for (const line of text.split(/\r?\n/)) if (line.trim() !== '' && !line.trimStart().startsWith('#')) terms.push(line.trim());
  }
  const key = flagKey ?? env['LOGSIFT_REDACT_KEY'];
  if (key === '') throw new UsageError('--redact-key: the key is empty');
  return { redactor: createRedactor({ key, terms }), mapFile };
}

/** Writes the redaction map readable by its owner only (0600, also when the file existed before). */
export function writeRedactionMap(file: string, redactor: Redactor): void {
  const fd = openSync(file, 'w', 0o600);
  try {
    fchmodSync(fd, 0o600);
    writeSync(fd, `${JSON.stringify(redactor.map(), null, 2)}\n`);
  } finally {
    closeSync(fd);
  }
}
