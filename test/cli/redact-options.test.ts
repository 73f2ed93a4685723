import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { redactSettings, writeRedactionMap } from '../../src/cli/redact-options.js';
import { UsageError } from '../../src/cli/exit-codes.js';
import { tempDir } from '../ingest/ingest-harness.js';

describe('redact options', () => {
  it('are off without any --redact option, and any companion flag turns them on', () => {
    expect(redactSettings({}, {})).toBeUndefined();
    expect(redactSettings({}, { LOGSIFT_REDACT_KEY: 'k' })).toBeUndefined();
    expect(redactSettings({ 'redact-term': ['acme'] }, {})?.redactor.text('acme-prod')).toBe('term-1-prod');
    expect(redactSettings({ 'redact-map': '/tmp/x.json' }, {})?.mapFile).toBe('/tmp/x.json');
  });

  it('reads terms one per line, skipping blanks and # comments', () => {
    const file = join(tempDir(), 'terms.txt');
    writeFileSync(file, '# customer\nAcme Corp\r\n\n  falcon  \n');
    const settings = redactSettings({ redact: true, 'redact-terms': file }, {})!;
    expect(settings.redactor.text('acme corp runs falcon; customer stays')).toBe('term-1 runs term-2; customer stays');
  });

  it('a missing terms file or an empty key is a usage error naming it', () => {
    expect(() => redactSettings({ 'redact-terms': '/nonexistent/terms.txt' }, {})).toThrow(UsageError);
    expect(() => redactSettings({ 'redact-terms': '/nonexistent/terms.txt' }, {})).toThrow(/--redact-terms \/nonexistent\/terms\.txt: cannot read it \(ENOENT\)/);
    expect(() => redactSettings({ redact: true, 'redact-key': '' }, {})).toThrow(/--redact-key/);
  });

  it('writes the map readable by its owner only, also over an existing world-readable file', () => {
    const file = join(tempDir(), 'map.json');
    writeFileSync(file, 'old');
    chmodSync(file, 0o644);
    const { redactor } = redactSettings({ redact: true }, {})!;
    redactor.text('peer 10.1.2.3 and /home/alice/');
    writeRedactionMap(file, redactor);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const map = JSON.parse(readFileSync(file, 'utf8'));
    expect(map.ip).toEqual({ '10.1.2.3': 'ip-1' });
    expect(map.user).toEqual({ alice: 'user-1' });
    expect(Object.keys(map)).toEqual(['host', 'ip', 'user', 'email', 'mac', 'term']);
  });
});
