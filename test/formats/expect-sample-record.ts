import { expect } from 'vitest';
import type { FormatSample, ParsedRecord } from '../../src/formats/log-format.js';

/** Checks a parsed record against what its format's sample says it must yield: each value the sample names must match. */
export function expectSampleRecord(r: ParsedRecord, want: FormatSample['expect']): void {
  if (want.severity) expect(r.severity).toBe(want.severity);
  if (want.message !== undefined) expect(r.message).toBe(want.message);
  if (want.host !== undefined) expect(r.host).toBe(want.host);
  if (want.unit !== undefined) expect(r.unit).toBe(want.unit);
  if (want.pid !== undefined) expect(r.pid).toBe(want.pid);
  if (want.time) expect(r.time).toEqual(want.time);
  if (want.fields) expect(r.fields).toMatchObject(want.fields);
}
