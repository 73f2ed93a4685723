import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/cli/diagnostics-logger.js';

/** What no terminal sink may print raw: C1 controls (8-bit CSI/OSC/ST), line separators, bidi controls. */
const UNSAFE = /[\u0080-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
const HOSTILE_NAME = 'bundle.tgz:var/log/evil\u009b31m\u202eexe.log\u009d0;title\u009c';

async function logged(isTTY: boolean): Promise<string> {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (chunk: Buffer) => {
    text += chunk.toString('utf8');
  });
  const logger = createLogger(true, { sink: { stream, isTTY } });
  logger.debug({ file: HOSTILE_NAME, nested: { reason: `damaged ${HOSTILE_NAME}` }, list: [HOSTILE_NAME] }, 'file');
  logger.debug(`read ${HOSTILE_NAME}`);
  await new Promise((resolve) => setImmediate(resolve));
  return text;
}

describe('--verbose diagnostics', () => {
  it('as JSON lines (stderr not a terminal): quoted names carry no raw C1 or bidi controls and stay valid JSON', async () => {
    const text = await logged(false);
    const records = text.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(records).toHaveLength(2);
    expect(text).not.toMatch(UNSAFE);
    // 8-bit CSI/OSC sequences are taken out whole (as colour codes in log text are); bidi controls shown visibly.
    expect(records[0]!['file']).toBe('bundle.tgz:var/log/evil\\u{202e}exe.log');
    expect(JSON.stringify(records[0]!['nested'])).toContain('\\\\u{202e}');
    expect(records[1]!['msg']).toContain('evil');
  });

  it('prettified on a terminal: the same, whatever colours pino-pretty adds', async () => {
    const text = await logged(true);
    expect(text).toContain('evil');
    expect(text).not.toMatch(UNSAFE);
    expect(text).toContain('\\u{202e}');
  });
});
