import type { JournalEntryHead, JournalEntryItem } from '../model/log-line.js';
import type { Severity } from '../model/log-event.js';
import type { FormatSample, LogFormat, ParsedRecord, RecordTime } from './log-format.js';
import { createSingleLineParser } from './create-single-line-parser.js';
import { prioritySeverities } from './priority-severities.js';

/*
 * `journalctl -o json` / `-o json-seq`: one object per line (systemd docs/JOURNAL_EXPORT_FORMATS.md). Values are
 * strings; non-UTF-8 or non-printable values are arrays of byte numbers, repeated fields are arrays, and values
 * over 4096 bytes are `null` unless `--all` was given.
 */

const FORMAT_ID = 'journal-json';

/** One journal entry's fields, already decoded to text, shared by the JSON and export readers. */
export interface JournalEntry {
  /** Field name → its values in order (a field may repeat within an entry). */
  readonly values: ReadonlyMap<string, readonly string[]>;
  /** Fields journalctl left out (`null` in JSON: larger than 4096 bytes without `--all`). */
  readonly omitted: readonly string[];
  /** The values the record's head reads, when the reader picked them out already (a binary journal's entry). */
  readonly head?: JournalEntryHead;
  /** A binary journal entry's fields as decoded, in item order, and its header values (see model/log-line). */
  readonly items?: readonly JournalEntryItem[];
  headerValue?(index: number): string;
}

const MICROS = /^\d{1,20}$/;

/** Epoch ms from a µs decimal string, split as text so the µs digits survive (1741962322860763 → 1741962322860.763). */
export function microsToEpochMs(micros: string): number | undefined {
  const length = micros.length;
  // Up to 15 digits (any real time) the number is exact in a double, and so are its whole ms and last three digits:
  // read digit by digit, without the regex and the two slices (a journal asks this of every entry).
  if (length >= 1 && length <= 15) {
    let value = 0;
    for (let i = 0; i < length; i++) {
      const digit = micros.charCodeAt(i) - 48;
      if (digit < 0 || digit > 9) return undefined;
      value = value * 10 + digit;
    }
    const fraction = value % 1000;
    return (value - fraction) / 1000 + fraction / 1000;
  }
  if (!MICROS.test(micros)) return undefined;
  const whole = micros.length > 3 ? Number(micros.slice(0, -3)) : 0;
  const fraction = Number(micros.slice(-3)) / 1000;
  return whole + fraction;
}

function first(entry: JournalEntry, key: string): string | undefined {
  const v = entry.values.get(key);
  return v && v.length > 0 ? v[0] : undefined;
}

function integer(text: string | undefined): number | undefined {
  if (text === undefined || !/^\d{1,10}$/.test(text)) return undefined;
  return Number(text);
}

/**
 * Maps journal fields to a record the way journalctl's short output picks them (systemd logs-show.c): time from
 * `_SOURCE_REALTIME_TIMESTAMP` else `__REALTIME_TIMESTAMP`, identifier from `SYSLOG_IDENTIFIER` else `_COMM`, pid
 * from `_PID` else `SYSLOG_PID`. Every field but MESSAGE is kept under its journal name.
 */
export function journalEntryToRecord(entry: JournalEntry, format: string, line: number, lineCount: number): ParsedRecord {
  if (entry.head !== undefined) return headRecord(entry, entry.head, format, line, lineCount);
  const fields = fieldsOf(entry);
  const source = first(entry, '_SOURCE_REALTIME_TIMESTAMP');
  const realtime = first(entry, '__REALTIME_TIMESTAMP');
  const epochMs = (source !== undefined ? microsToEpochMs(source) : undefined) ?? (realtime !== undefined ? microsToEpochMs(realtime) : undefined);
  const time: RecordTime | undefined = epochMs === undefined ? undefined : { kind: 'instant', epochMs };
  const priority = integer(first(entry, 'PRIORITY'));
  const severity = priority !== undefined && priority <= 7 ? prioritySeverities[priority] : undefined;
  const host = first(entry, '_HOSTNAME');
  const unit = first(entry, 'SYSLOG_IDENTIFIER') ?? first(entry, '_COMM');
  const pid = integer(first(entry, '_PID')) ?? integer(first(entry, 'SYSLOG_PID'));
  const bootId = first(entry, '_BOOT_ID');
  return {
    type: 'record',
    format,
    line,
    lineCount,
    ...(time ? { time } : {}),
    ...(host !== undefined ? { host } : {}),
    ...(unit !== undefined ? { unit } : {}),
    ...(pid !== undefined ? { pid } : {}),
    ...(severity !== undefined ? { severity } : {}),
    message: (entry.values.get('MESSAGE') ?? []).join('\n'),
    fields,
    ...(bootId !== undefined ? { bootId } : {}),
    hasPayload: true,
  };
}

/**
 * The same record from the entry's head (a binary journal's entry): its fields object is made only if read, since
 * most events of a journal are light ones (formats/skim), which drop it. Keys in the same order, an absent value
 * left undefined.
 */
function headRecord(entry: JournalEntry, head: JournalEntryHead, format: string, line: number, lineCount: number): ParsedRecord {
  return new HeadRecord(entry, head, format, line, lineCount);
}

/**
 * A class, its `fields` a getter on the prototype: an object literal with an own getter costs V8 microseconds to
 * make, once per journal entry. `toJSON` gives the record's keys in the order above, `fields` among them.
 */
class HeadRecord implements ParsedRecord {
  readonly type = 'record';
  readonly time: RecordTime;
  readonly host: string | undefined;
  readonly unit: string | undefined;
  readonly pid: number | undefined;
  readonly severity: Severity | undefined;
  readonly message: string;
  private builtFields: Record<string, string> | undefined;
  readonly bootId: string;
  readonly hasPayload = true;
  readonly lightWithoutPayload = true;

  constructor(
    private readonly entry: JournalEntry,
    head: JournalEntryHead,
    readonly format: string,
    readonly line: number,
    readonly lineCount: number,
  ) {
    this.time = { kind: 'instant', epochMs: (head.sourceRealtime !== undefined ? microsToEpochMs(head.sourceRealtime) : undefined) ?? head.realtimeMs };
    this.host = head.hostname;
    this.unit = head.identifier ?? head.comm;
    const priority = integer(head.priority);
    this.pid = integer(head.pid) ?? integer(head.syslogPid);
    this.severity = priority !== undefined && priority <= 7 ? prioritySeverities[priority] : undefined;
    this.message = head.message;
    this.bootId = head.bootId;
  }

  get fields(): Record<string, string> {
    return (this.builtFields ??= fieldsOf(this.entry));
  }

  toJSON(): ParsedRecord {
    const { type, format, line, lineCount, time, host, unit, pid, severity, message, fields, bootId, hasPayload, lightWithoutPayload } = this;
    return { type, format, line, lineCount, time, host, unit, pid, severity, message, fields, bootId, hasPayload, lightWithoutPayload };
  }
}

/**
 * Every field but MESSAGE under its journal name (a repeated field's values joined by newlines), and `omittedFields`.
 * An entry has 20–30 fields: an object given them one keyed store at a time turns into a hash table past 16
 * properties in V8 (about 1.3 KB each, slower to walk), and matched events are kept until the report. So each
 * sequence of names (a journal has a few dozen) gets a function returning an object literal of those names, made
 * once: its objects are fast-mode objects of one shape, and it makes them several times faster than stores (or a
 * spread of a template) do when entries of many shapes alternate.
 */
function fieldsOf(entry: JournalEntry): Record<string, string> {
  if (entry.items !== undefined && entry.omitted.length === 0) {
    const fields = fieldsOfItems(entry, entry.items);
    if (fields !== undefined) return fields;
  }
  let node = FIELD_SHAPES;
  const values: string[] = [];
  for (const [key, list] of entry.values) {
    if (key === 'MESSAGE') continue;
    const next = childShape(node, key);
    // A hostile file could name fields without end: past the bound, objects are built the plain way. An own
    // `__proto__` would set the prototype in a literal; the plain way drops it, as before.
    if (next === undefined) return plainFieldsOf(entry);
    node = next;
    values.push(list.length === 1 ? list[0]! : list.join('\n'));
  }
  if (entry.omitted.length === 0) return (node.make ??= shapeMaker(node, false))(values);
  values.push(entry.omitted.join(','));
  return (node.makeWithOmitted ??= shapeMaker(node, true))(values);
}

/** The names `values` keys a binary journal entry's header values by, first, in this order (see `headerValue`). */
const HEADER_NAMES: readonly string[] = ['__CURSOR', '__REALTIME_TIMESTAMP', '__MONOTONIC_TIMESTAMP', '_BOOT_ID'];
const HEADER_NAME_SET: ReadonlySet<string> = new Set(HEADER_NAMES);
let headerShape: FieldShape | undefined;

/**
 * The same object as the map's way gives, read straight from a binary journal entry's decoded items (no map of
 * every value, no array per value: most whole events of a journal are made this way): the header values, then each
 * data field but MESSAGE and the header's own names, in item order. Undefined when a data field repeats or was left
 * out: the map's grouping of them decides then.
 */
function fieldsOfItems(entry: JournalEntry, items: readonly JournalEntryItem[]): Record<string, string> | undefined {
  if (entry.headerValue === undefined) return undefined;
  if (headerShape === undefined) {
    let node: FieldShape | undefined = FIELD_SHAPES;
    for (let i = 0; node !== undefined && i < HEADER_NAMES.length; i++) node = childShape(node, HEADER_NAMES[i]!);
    if (node === undefined) return undefined;
    headerShape = node;
  }
  let node = headerShape;
  const values: string[] = [entry.headerValue(0), entry.headerValue(1), entry.headerValue(2), entry.headerValue(3)];
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    const name = item.name;
    if (name === 'MESSAGE' || HEADER_NAME_SET.has(name)) continue;
    const value = item.value;
    if (value === null) return undefined;
    const next = childShape(node, name);
    if (next === undefined || next.repeats) return undefined;
    node = next;
    values.push(value);
  }
  return (node.make ??= shapeMaker(node, false))(values);
}

type MakeFields = (values: readonly string[]) => Record<string, string>;

/** A node of the tree of field-name sequences: the path from the root to it is the sequence. */
interface FieldShape {
  readonly next: Map<string, FieldShape>;
  readonly parent: FieldShape | undefined;
  /** The last name of the sequence ('' at the root). */
  readonly key: string;
  /** Whether a name occurs twice in the sequence (only the items' way reaches such a node, and never makes it). */
  readonly repeats: boolean;
  make?: MakeFields;
  makeWithOmitted?: MakeFields;
}

const FIELD_SHAPES: FieldShape = { next: new Map(), parent: undefined, key: '', repeats: false };
const MAX_SHAPE_NODES = 16_384;
let shapeNodes = 0;

/** The node of `node`'s sequence followed by `key`, made when new; undefined past the bound or for `__proto__`. */
function childShape(node: FieldShape, key: string): FieldShape | undefined {
  const known = node.next.get(key);
  if (known !== undefined) return known;
  if (shapeNodes >= MAX_SHAPE_NODES || key === '__proto__') return undefined;
  let repeats = node.repeats;
  for (let at: FieldShape | undefined = node; !repeats && at !== undefined && at.parent !== undefined; at = at.parent) repeats = at.key === key;
  shapeNodes++;
  const made: FieldShape = { next: new Map(), parent: node, key, repeats };
  node.next.set(key, made);
  return made;
}

/** `(v) => ({ "NAME": v[0], … })` for the names of `node`'s sequence (a JSON string is a JavaScript string literal). */
function shapeMaker(node: FieldShape, omitted: boolean): MakeFields {
  const keys: string[] = [];
  for (let at: FieldShape | undefined = node; at !== undefined && at.parent !== undefined; at = at.parent) keys.push(at.key);
  keys.reverse();
  // A field named omittedFields is overwritten in its place, as a second store of the key would.
  if (omitted) keys.push('omittedFields');
  return new Function('v', `return {${keys.map((key, i) => `${JSON.stringify(key)}: v[${i}]`).join(', ')}};`) as MakeFields;
}

/** The same fields, one store at a time (an own `__proto__` key is dropped, as such a store does). */
function plainFieldsOf(entry: JournalEntry): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [key, values] of entry.values) {
    if (key !== 'MESSAGE') fields[key] = values.join('\n');
  }
  if (entry.omitted.length > 0) fields['omittedFields'] = entry.omitted.join(',');
  return fields;
}

const utf8 = new TextDecoder('utf-8', { fatal: false });

function isByteArray(value: unknown): value is number[] {
  return Array.isArray(value) && value.every((b) => typeof b === 'number' && Number.isInteger(b) && b >= 0 && b <= 255);
}

function hex(bytes: readonly number[]): string {
  return bytes.map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** MESSAGE bytes are text in a legacy encoding more often than not, so they stay readable; other fields become hex. */
function bytesToText(key: string, bytes: readonly number[]): string {
  return key === 'MESSAGE' ? utf8.decode(new Uint8Array(bytes)) : hex(bytes);
}

const JOURNAL_KEYS = ['__CURSOR', '__REALTIME_TIMESTAMP', '__MONOTONIC_TIMESTAMP', '_BOOT_ID', 'MESSAGE'];

/** Reads one `-o json` line into an entry; undefined when it is not a journal object. */
function readJsonEntry(text: string): JournalEntry | undefined {
  // json-seq (RFC 7464) puts 0x1E before every record.
  const body = text.replace(/^\x1e/, '').trim();
  if (!body.startsWith('{')) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return undefined;
  const object = parsed as Record<string, unknown>;
  if (!JOURNAL_KEYS.some((k) => k in object)) return undefined;
  const values = new Map<string, string[]>();
  const omitted: string[] = [];
  const add = (key: string, value: unknown): void => {
    let text: string | undefined;
    if (typeof value === 'string') text = value;
    else if (value === null) omitted.push(key);
    else if (isByteArray(value)) text = bytesToText(key, value);
    else if (typeof value === 'number' || typeof value === 'boolean') text = String(value);
    else text = JSON.stringify(value);
    if (text === undefined) return;
    const list = values.get(key);
    if (list) list.push(text);
    else values.set(key, [text]);
  };
  for (const [key, value] of Object.entries(object)) {
    // A repeated field is an array of its values; a lone byte array is one binary value.
    if (Array.isArray(value) && !isByteArray(value)) for (const v of value) add(key, v);
    else add(key, value);
  }
  return { values, omitted };
}

const JOURNAL_ANCHOR_KEY = /"__(?:REALTIME_TIMESTAMP|CURSOR)"\s*:/;

function sniff(text: string): number {
  if (typeof text !== 'string') return 0;
  const body = text.charCodeAt(0) === 0x1e ? text.slice(1) : text;
  if (!body.trimStart().startsWith('{')) return 0;
  // journalctl before systemd v240 printed `{ "__CURSOR" : "…", … }`, with spaces around every colon.
  const head = body.slice(0, 2048);
  if (JOURNAL_ANCHOR_KEY.test(head)) return 1;
  if (/"MESSAGE"\s*:/.test(head) && /"(?:_HOSTNAME|PRIORITY|SYSLOG_IDENTIFIER)"\s*:/.test(head)) return 0.8;
  return 0;
}

const samples: readonly FormatSample[] = [
  {
    // test/fixtures/journal/incident-default.jsonl line 1 (journalctl 252 `-o json`)
    lines: [
      '{"__CURSOR":"s=980afa53b2b2410892fdca8bb7b73226;i=1;b=b1e7c3a0d5f84c2e9a6b0d1f2e3c4a5b;m=0;t=63047512d52c0;x=594b1b8780b963a3","_SOURCE_MONOTONIC_TIMESTAMP":"0","__MONOTONIC_TIMESTAMP":"0","SYSLOG_IDENTIFIER":"kernel","_BOOT_ID":"b1e7c3a0d5f84c2e9a6b0d1f2e3c4a5b","_TRANSPORT":"kernel","_HOSTNAME":"k3s-node-03","SYSLOG_FACILITY":"0","__REALTIME_TIMESTAMP":"1741932723000000","MESSAGE":"Linux version 6.1.0-31-amd64 (debian-kernel@lists.debian.org) (gcc-12 (Debian 12.2.0-14) 12.2.0, GNU ld (GNU Binutils for Debian) 2.40) #1 SMP PREEMPT_DYNAMIC Debian 6.1.128-1 (2025-02-07)","_MACHINE_ID":"4f6c0e2a9b3d4e1f8a7b6c5d4e3f2a1b","PRIORITY":"5"}',
    ],
    source: 'test/fixtures/journal/incident-default.jsonl',
    expect: {
      host: 'k3s-node-03',
      unit: 'kernel',
      severity: 'info',
      time: { kind: 'instant', epochMs: 1741932723000 },
      message: 'Linux version 6.1.0-31-amd64 (debian-kernel@lists.debian.org) (gcc-12 (Debian 12.2.0-14) 12.2.0, GNU ld (GNU Binutils for Debian) 2.40) #1 SMP PREEMPT_DYNAMIC Debian 6.1.128-1 (2025-02-07)',
      fields: { _TRANSPORT: 'kernel', _BOOT_ID: 'b1e7c3a0d5f84c2e9a6b0d1f2e3c4a5b' },
    },
  },
  {
    // journalctl before v240 (`{ "KEY" : "value", … }`): lnav test/logfile_journald.json, tstack/lnav@73e902f7 (BSD-2)
    lines: [
      '{ "__CURSOR" : "s=e991dd5775894620914f2f7126aae6c1;i=372a;b=0dc874d3fbd44bdbb6fbcfaa27481492;m=24ea327;t=573f280a663fd;x=9ceeb77ef4331563", "__REALTIME_TIMESTAMP" : "1534860261221373", "__MONOTONIC_TIMESTAMP" : "38708007", "_BOOT_ID" : "0dc874d3fbd44bdbb6fbcfaa27481492", "PRIORITY" : "1", "_MACHINE_ID" : "1234567890abcdef1234567890abcdef", "_HOSTNAME" : "imx6ul-medusa", "SYSLOG_FACILITY" : "3", "_UID" : "0", "_GID" : "0", "_SYSTEMD_SLICE" : "system.slice", "_CAP_EFFECTIVE" : "3fffffffff", "_TRANSPORT" : "stdout", "_STREAM_ID" : "d6422e98dfb24d128e274f917f04362f", "SYSLOG_IDENTIFIER" : "python", "_PID" : "184", "_COMM" : "python", "_EXE" : "/usr/bin/python2.7", "_CMDLINE" : "/usr/bin/python -u /usr/bin/medusa/GpsLocator/GpsLocator.py", "_SYSTEMD_CGROUP" : "/system.slice/medusa-GpsLocator.service", "_SYSTEMD_UNIT" : "medusa-GpsLocator.service", "_SYSTEMD_INVOCATION_ID" : "e8fb03c1b8bf47b8ac2fc82f9870fd57", "MESSAGE" : "GPS Reference longitude: 7.358143333" }',
    ],
    source: 'https://github.com/tstack/lnav/blob/73e902f7d81d5c81446d02a30e550cff4005d0aa/test/logfile_journald.json',
    expect: {
      host: 'imx6ul-medusa',
      unit: 'python',
      pid: 184,
      severity: 'critical',
      time: { kind: 'instant', epochMs: 1534860261221.373 },
      message: 'GPS Reference longitude: 7.358143333',
      fields: { _BOOT_ID: '0dc874d3fbd44bdbb6fbcfaa27481492' },
    },
  },
];

export const journalJson = {
  id: FORMAT_ID,
  title: 'journalctl -o json / json-seq',
  sniff,
  createParser: () =>
    createSingleLineParser((line) => {
      // An entry of a binary journal comes decoded by ingest, with the very values its JSON line would give.
      const entry = line.journalEntry ?? readJsonEntry(line.text);
      return entry ? journalEntryToRecord(entry, FORMAT_ID, line.lineNumber, 1) : undefined;
    }),
  samples,
} satisfies LogFormat;
