import type { DecodedJournalEntry, JournalEntryHead } from '../../model/log-line.js';
import { isEnvelopeKey } from '../../patterns/is-envelope-key.js';
import { cursor, formatJournalJsonLine, HEADER_FIELDS, printable, type JournalJsonEntry } from './format-journal-json-line.js';

/*
 * An entry's fields decoded straight to text, to the very values the journal-json format would read back from the
 * `journalctl -o json` line of the entry (src/formats/journal-json.ts): printable values as they are, other MESSAGE
 * bytes as lossy UTF-8 and other binary values as hex, left-out values listed as omitted. Rendering that line and
 * parsing it again cost most of the time of reading a binary journal; the line is still rendered on request.
 */

/** One DATA object's field, decoded once and shared by every entry that refers to it. */
export interface DecodedField {
  readonly name: string;
  /** The value as text; null when it was left out (larger than the limit). */
  readonly value: string | null;
  /** The raw bytes of a value that is not printable UTF-8 (`-o json` prints those as an array of numbers). */
  readonly binary?: Uint8Array;
  /**
   * What of this field a signature's match text can hold, as bytes for the raw-byte prefilter: a MESSAGE value, or
   * `NAME=value` for a name that is no journal envelope key (see patterns/match-text-of). Absent for other fields.
   */
  readonly matchBytes?: Uint8Array;
  /** True when the prefilter cannot judge this field from bytes (a binary or left-out value the match text reads). */
  readonly alwaysMatchable?: boolean;
}

// As the journal-json format reads a byte array back: a leading BOM is dropped, invalid sequences become U+FFFD.
const lossyUtf8 = new TextDecoder('utf-8', { fatal: false });

/**
 * The field `name=value` decoded; `value` null for a value left out. `payload` is the whole `name=value` of the DATA
 * object, which the prefilter reads for a field outside the envelope.
 */
export function decodeField(name: string, value: Uint8Array | null, payload?: Uint8Array): DecodedField {
  const matched = name === 'MESSAGE' || !isEnvelopeKey(name);
  if (value === null) return matched ? { name, value: null, alwaysMatchable: true } : { name, value: null };
  const text = printable(value);
  if (text !== undefined) {
    if (!matched) return { name, value: text };
    // A name with a space breaks the prefilter's premise that only a space before a key joins two literal pieces.
    if (name.includes(' ')) return { name, value: text, alwaysMatchable: true };
    // A copy (not `slice`, which a Buffer answers with a view): the block the bytes were read from is reused.
    const matchBytes = new Uint8Array(name === 'MESSAGE' ? value : (payload ?? Buffer.concat([Buffer.from(`${name}=`, 'latin1'), value])));
    return { name, value: text, matchBytes };
  }
  // MESSAGE bytes are mostly text in a legacy encoding, so they stay readable; other binary fields become hex.
  const binary = new Uint8Array(value); // a copy: the block it was read from is dropped later
  return { name, value: name === 'MESSAGE' ? lossyUtf8.decode(binary) : hex(binary), binary, ...(matched ? { alwaysMatchable: true } : {}) };
}

/** The entry header fields journalctl prints itself (and so the data fields of those names are not printed). */
export type JournalEntryHeader = Omit<JournalJsonEntry, 'fields'>;

/**
 * The entry's values: the header's cursor, timestamps and boot id first, then each field in order of first
 * appearance with its values in order (as the keys and arrays of the JSON line), left-out values as omitted.
 *
 * Most entries' events need only their head (time, host, identifier, priority, boot id) and MESSAGE: those are picked
 * from the fields here (`head`), and the cursor and the map of every value are built only when `values` is first read.
 */
export function decodeJournalEntry(header: JournalEntryHeader, fields: readonly DecodedField[]): DecodedJournalEntry {
  let message: string | undefined;
  let sourceRealtime: string | undefined;
  let hostname: string | undefined;
  let identifier: string | undefined;
  let comm: string | undefined;
  let pid: string | undefined;
  let syslogPid: string | undefined;
  let priority: string | undefined;
  for (let i = 0; i < fields.length; i++) {
    const field = fields[i]!;
    const value = field.value;
    if (value === null) {
      if (HEADER_FIELDS.has(field.name)) continue;
      return eagerEntry(header, fields);
    }
    switch (field.name) {
      case 'MESSAGE':
        message = message === undefined ? value : `${message}\n${value}`;
        break;
      case '_SOURCE_REALTIME_TIMESTAMP':
        sourceRealtime ??= value;
        break;
      case '_HOSTNAME':
        hostname ??= value;
        break;
      case 'SYSLOG_IDENTIFIER':
        identifier ??= value;
        break;
      case '_COMM':
        comm ??= value;
        break;
      case '_PID':
        pid ??= value;
        break;
      case 'SYSLOG_PID':
        syslogPid ??= value;
        break;
      case 'PRIORITY':
        priority ??= value;
        break;
    }
  }
  const head: JournalEntryHead = {
    realtimeMs: microsToEpochMs(header.realtime),
    sourceRealtime,
    hostname,
    identifier,
    comm,
    pid,
    syslogPid,
    priority,
    bootId: header.bootId,
    message: message ?? '',
  };
  return new HeadedJournalEntry(header, fields, head);
}

/**
 * An entry whose map of every value is built when `values` is first read. A class (a getter on the prototype): an
 * object literal with an own getter costs V8 microseconds to make, and a journal is hundreds of thousands of entries.
 * A structured clone copies no prototype getter: the worker hand-over sends `cloneableJournalEntry` of it instead.
 */
class HeadedJournalEntry implements DecodedJournalEntry {
  private built: Map<string, string[]> | undefined;
  readonly omitted = EMPTY;
  constructor(
    private readonly header: JournalEntryHeader,
    readonly items: readonly DecodedField[],
    readonly head: JournalEntryHead,
  ) {}

  get values(): Map<string, string[]> {
    return (this.built ??= eagerEntry(this.header, this.items).values as Map<string, string[]>);
  }

  headerValue(index: number): string {
    return headerValue(this.header, index);
  }
}

/** The value `eagerEntry` puts under the index-th of `__CURSOR`, `__REALTIME_TIMESTAMP`, `__MONOTONIC_TIMESTAMP`, `_BOOT_ID`. */
function headerValue(header: JournalEntryHeader, index: number): string {
  switch (index) {
    case 0: {
      const entryCursor = cursor(header);
      entryCursor.charCodeAt(0); // flattens the string built by concatenation: events keep it
      return entryCursor;
    }
    case 1:
      return header.realtime.toString();
    case 2:
      return header.monotonic.toString();
    case 3:
      return header.bootId;
    default:
      throw new RangeError(`journal entry header value ${index} does not exist`);
  }
}

/** The entry as plain data (its values built), for a structured clone (a worker hand-over). */
export function cloneableJournalEntry(entry: DecodedJournalEntry): DecodedJournalEntry {
  return entry.head === undefined ? { values: entry.values, omitted: entry.omitted } : { values: entry.values, omitted: entry.omitted, head: entry.head };
}

/** µs as epoch ms with the µs as the fraction, as journal-json reads the decimal text of the same number. */
function microsToEpochMs(micros: bigint): number {
  const exact = Number(micros);
  // Whole ms and the µs apart, as the text is split; in doubles while exact (any real time), else in bigints.
  if (exact <= Number.MAX_SAFE_INTEGER) {
    const fraction = exact % 1000;
    return (exact - fraction) / 1000 + fraction / 1000;
  }
  return Number(micros / 1000n) + Number(micros % 1000n) / 1000;
}

/** Every value, in a map, at once. */
function eagerEntry(header: JournalEntryHeader, fields: readonly DecodedField[]): DecodedJournalEntry {
  const values = new Map<string, string[]>([
    ['__CURSOR', [headerValue(header, 0)]],
    ['__REALTIME_TIMESTAMP', [headerValue(header, 1)]],
    ['__MONOTONIC_TIMESTAMP', [headerValue(header, 2)]],
    ['_BOOT_ID', [headerValue(header, 3)]],
  ]);
  let anyOmitted = false;
  for (const field of fields) {
    if (HEADER_FIELDS.has(field.name)) continue;
    if (field.value === null) {
      anyOmitted = true;
      break;
    }
    const list = values.get(field.name);
    if (list) list.push(field.value);
    else values.set(field.name, [field.value]);
  }
  if (!anyOmitted) return { values, omitted: EMPTY };
  return withOmitted(values, fields);
}

/**
 * The rare entry with a left-out value: values grouped by field first, as the JSON line groups them, so a field is
 * keyed where its group is even when its first value is the one left out.
 */
function withOmitted(values: Map<string, string[]>, fields: readonly DecodedField[]): DecodedJournalEntry {
  for (const name of [...values.keys()]) if (!HEADER_FIELDS.has(name)) values.delete(name);
  const groups = new Map<string, (string | null)[]>();
  for (const field of fields) {
    if (HEADER_FIELDS.has(field.name)) continue;
    const group = groups.get(field.name);
    if (group) group.push(field.value);
    else groups.set(field.name, [field.value]);
  }
  const omitted: string[] = [];
  for (const [name, group] of groups) {
    for (const value of group) {
      if (value === null) {
        omitted.push(name);
        continue;
      }
      const list = values.get(name);
      if (list) list.push(value);
      else values.set(name, [value]);
    }
  }
  return { values, omitted };
}

/** The entry as one `journalctl -o json` line. */
export function renderJournalJsonLine(header: JournalEntryHeader, fields: readonly DecodedField[]): string {
  return formatJournalJsonLine({ ...header, fields: fields.map((f) => [f.name, jsonValueOf(f)] as const) });
}

function jsonValueOf(field: DecodedField): string {
  if (field.value === null) return 'null';
  return field.binary ? `[${field.binary.join(',')}]` : JSON.stringify(field.value);
}

const EMPTY: readonly string[] = [];

function hex(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += b.toString(16).padStart(2, '0');
  return out;
}
