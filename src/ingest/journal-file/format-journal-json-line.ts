/*
 * One entry as `journalctl -o json` prints it (systemd src/shared/logs-show.c, output_json; format described in
 * https://github.com/systemd/systemd/blob/main/docs/JOURNAL_EXPORT_FORMATS.md): values are strings when they are
 * printable UTF-8, else arrays of byte numbers; a field that repeats becomes an array of its values.
 */

export interface JournalJsonEntry {
  readonly seqnumId: string;
  readonly seqnum: bigint;
  readonly realtime: bigint;
  readonly monotonic: bigint;
  readonly bootId: string;
  readonly xorHash: bigint;
  /** `[name, JSON text of the value]` in the entry's item order, values made by `journalJsonValue`. */
  readonly fields: readonly (readonly [string, string])[];
}

// ignoreBOM keeps a leading U+FEFF in the text instead of silently dropping it from the value.
const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Fields journalctl prints from the entry header, so data fields of the same name are not printed again. */
export const HEADER_FIELDS: ReadonlySet<string> = new Set(['__CURSOR', '__REALTIME_TIMESTAMP', '__MONOTONIC_TIMESTAMP', '_BOOT_ID']);

/** The JSON text of one value: a string, an array of byte numbers, or null for a value left out. */
export function journalJsonValue(value: Uint8Array | null): string {
  if (value === null) return 'null';
  const text = printable(value);
  return text !== undefined ? JSON.stringify(text) : `[${value.join(',')}]`;
}

/** Built as text from per-field pieces: the same DATA objects recur in most entries, so the reader caches the pieces. */
export function formatJournalJsonLine(entry: JournalJsonEntry): string {
  const grouped = new Map<string, string[]>();
  for (const [name, json] of entry.fields) {
    // journalctl prints the boot id from the entry header and suppresses the _BOOT_ID data field.
    if (HEADER_FIELDS.has(name)) continue;
    const list = grouped.get(name);
    if (list) list.push(json);
    else grouped.set(name, [json]);
  }
  let out = `{"__CURSOR":${JSON.stringify(cursor(entry))},"__REALTIME_TIMESTAMP":"${entry.realtime}","__MONOTONIC_TIMESTAMP":"${entry.monotonic}","_BOOT_ID":"${entry.bootId}"`;
  for (const [name, values] of grouped) out += `,${JSON.stringify(name)}:${values.length === 1 ? values[0] : `[${values.join(',')}]`}`;
  return `${out}}`;
}

/** The `s=…;i=…;b=…;m=…;t=…;x=…` cursor journalctl prints (sd_journal_get_cursor). */
export function cursor(entry: Omit<JournalJsonEntry, 'fields'>): string {
  return `s=${entry.seqnumId};i=${entry.seqnum.toString(16)};b=${entry.bootId};m=${entry.monotonic.toString(16)};t=${entry.realtime.toString(16)};x=${entry.xorHash.toString(16)}`;
}

/** The text when systemd's utf8_is_printable would accept the bytes (valid UTF-8, no control characters but tab and newline). */
export function printable(bytes: Uint8Array): string | undefined {
  // Most values are ASCII: checked byte by byte, then decoded at once (the code point walk below is for the rest).
  let ascii = true;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b >= 0x7f) {
      if (b === 0x7f) return undefined;
      ascii = false;
      break;
    }
    if (b < 0x20 && b !== 0x09 && b !== 0x0a) return undefined;
  }
  if (ascii) return strictUtf8.decode(bytes);
  let text: string;
  try {
    text = strictUtf8.decode(bytes);
  } catch {
    return undefined;
  }
  for (const char of text) {
    const c = char.codePointAt(0)!;
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a) || (c >= 0x7f && c <= 0x9f)) return undefined;
    // systemd's unichar_is_valid also rejects these non-characters.
    if ((c >= 0xfdd0 && c <= 0xfdef) || (c & 0xfffe) === 0xfffe) return undefined;
  }
  return text;
}
