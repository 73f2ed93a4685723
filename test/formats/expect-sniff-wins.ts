import { expect } from 'vitest';
import type { LogFormat } from '../../src/formats/log-format.js';

/** `format` claims `line` with more than `atLeast`, and each of `others` scores it lower, so detection picks `format`. */
export function expectSniffWins(format: Pick<LogFormat, 'sniff'>, line: string, others: readonly LogFormat[], atLeast = 0.5): void {
  const own = format.sniff(line);
  expect(own).toBeGreaterThan(atLeast);
  for (const other of others) expect(other.sniff(line), other.id).toBeLessThan(own);
}
