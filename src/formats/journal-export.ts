import type { LogLine } from '../model/log-line.js';
import type { FormatSample, LineParser, LogFormat, ParseOutput, ParserStep } from './log-format.js';
import { guardParser } from './guard-parser.js';
import { journalEntryToRecord } from './journal-json.js';

/*
 * `journalctl -o export` (systemd docs/JOURNAL_EXPORT_FORMATS.md): an entry is `KEY=value` lines ended by a blank
 * line; a value with control characters or invalid UTF-8 is written binary-safe as `KEY\n`, a little-endian 64-bit
 * length, the raw bytes and `\n`. This reader only sees lines already split on `\n` and decoded as UTF-8 (invalid
 * bytes became U+FFFD), so a binary value may span lines and its length may be unreadable: the length is used when
 * its 8 bytes decoded cleanly, otherwise the value runs until the next line that starts a field or ends the entry.
 */

const FORMAT_ID = 'journal-export';

const TEXT_FIELD = /^([A-Z_][A-Z0-9_]*)=/;
const BINARY_FIELD = /^[A-Z_][A-Z0-9_]*$/;
// The fields journalctl writes first in every entry.
const NEXT_ENTRY = /^(__CURSOR|__REALTIME_TIMESTAMP)=/;
const REPLACEMENT = 0xfffd;
// A prefix whose text spans more lines than this is damage, not a length with newline bytes in it.
const MAX_PREFIX_LINES = 4;
// Bounds one binary value when its length is unreadable, so a damaged stream cannot swallow the member.
const MAX_GUESSED_VALUE_LINES = 10_000;
// journald refuses larger fields (DATA_SIZE_MAX, 768 MiB), so a bigger length is a damaged prefix.
const MAX_FIELD_BYTES = 768 * 1024 * 1024;

interface Entry {
  readonly line: number;
  lineCount: number;
  readonly values: Map<string, string[]>;
}

interface BinaryField {
  readonly key: string;
  /** Text of the length prefix collected so far (newline bytes in the length appear as `\n`). */
  prefix?: string;
  prefixLines: number;
  /** Set once the prefix is read: the value text, and its byte length bounds (U+FFFD stands for 1 to 3 bytes). */
  value?: string;
  minBytes: number;
  maxBytes: number;
  valueLines: number;
  /** Byte length from a cleanly decoded prefix; undefined when the prefix was damaged. */
  length?: number;
  /** The value may end at the current line boundary; the next line decides. */
  mayEnd: boolean;
  /** The last value line was empty (a candidate entry separator). */
  lastLineBlank: boolean;
  /** The value was cut short because the next entry visibly began inside it. */
  cut: boolean;
}

function byteBounds(text: string): { min: number; max: number } {
  let replaced = 0;
  for (let i = text.indexOf('\ufffd'); i >= 0; i = text.indexOf('\ufffd', i + 1)) replaced++;
  const bytes = Buffer.byteLength(text, 'utf8') - 3 * replaced;
  return { min: bytes + replaced, max: bytes + 3 * replaced };
}

/** Hex of the value's bytes as far as they survived decoding: a byte lost to U+FFFD is written `??`. */
function binaryHex(text: string): string {
  let out = '';
  for (const ch of text) {
    if (ch.codePointAt(0) === REPLACEMENT) out += '??';
    else out += Buffer.from(ch, 'utf8').toString('hex');
  }
  return out;
}

function looksLikeFieldStart(text: string): boolean {
  return text === '' || TEXT_FIELD.test(text) || BINARY_FIELD.test(text);
}

/** Where a damaged prefix ends: real lengths have zero high bytes, so the prefix ends with that run of NULs. */
function damagedPrefixEnd(prefix: string): number | undefined {
  const nul = prefix.indexOf('\0');
  if (nul >= 0 && nul < 8) {
    let end = nul;
    while (end < prefix.length && prefix.charCodeAt(end) === 0 && end < 8) end++;
    return end < prefix.length ? end : undefined;
  }
  let bytes = 0;
  let i = 0;
  while (i < prefix.length && bytes < 8) {
    const code = prefix.charCodeAt(i);
    bytes += code === REPLACEMENT || code < 0x80 ? 1 : Buffer.byteLength(prefix[i]!, 'utf8');
    i++;
  }
  return bytes >= 8 ? i : undefined;
}

function createJournalExportParser(): LineParser {
  let entry: Entry | undefined;
  let binary: BinaryField | undefined;

  const addValue = (key: string, value: string): void => {
    if (!entry) return;
    const list = entry.values.get(key);
    if (list) list.push(value);
    else entry.values.set(key, [value]);
  };

  const finishBinary = (): void => {
    if (!binary) return;
    const b = binary;
    binary = undefined;
    const value = b.value ?? '';
    // MESSAGE stays readable text; other binary fields are bytes, written as hex like the JSON reader does.
    addValue(b.key, b.key === 'MESSAGE' ? value : binaryHex(value));
    // Say which values were guessed or cut short, so nobody mistakes them for exact bytes.
    if (b.cut || b.length === undefined || b.minBytes > b.length || b.maxBytes < b.length) addValue('damagedFields', b.key);
  };

  const takeEntry = (): ParseOutput[] => {
    finishBinary();
    if (!entry) return [];
    const done = entry;
    entry = undefined;
    return [journalEntryToRecord({ values: done.values, omitted: [] }, FORMAT_ID, done.line, done.lineCount)];
  };

  /** Decides at a line boundary whether the binary value is complete. */
  const settle = (): void => {
    const b = binary!;
    if (b.length === undefined) {
      b.mayEnd = true;
    } else if (b.maxBytes < b.length) {
      b.mayEnd = false;
    } else if (b.minBytes >= b.length) {
      finishBinary();
    } else {
      b.mayEnd = true;
    }
  };

  const startValue = (b: BinaryField, valueText: string): void => {
    b.value = valueText;
    const bounds = byteBounds(valueText);
    b.minBytes = bounds.min;
    b.maxBytes = bounds.max;
    b.valueLines = 1;
    settle();
  };

  const readPrefix = (b: BinaryField, text: string): void => {
    b.prefix = b.prefix === undefined ? text : `${b.prefix}\n${text}`;
    b.prefixLines++;
    const prefix = b.prefix;
    const head = prefix.slice(0, 8);
    let clean = true;
    for (let i = 0; i < head.length; i++) if (head.charCodeAt(i) >= 0x80) clean = false;
    if (clean && prefix.length >= 8) {
      let length = 0;
      for (let i = 7; i >= 0; i--) length = length * 256 + prefix.charCodeAt(i);
      if (length <= MAX_FIELD_BYTES) {
        b.length = length;
        startValue(b, prefix.slice(8));
        return;
      }
    }
    if (clean && prefix.length < 8 && b.prefixLines < MAX_PREFIX_LINES) return;
    const end = damagedPrefixEnd(prefix);
    if (end === undefined && b.prefixLines < MAX_PREFIX_LINES) return;
    startValue(b, prefix.slice(end ?? Math.min(8, prefix.length)));
  };

  const pushText = (line: LogLine): ParserStep => {
    const text = line.text;
    if (binary && entry) {
      const b = binary;
      if (b.value === undefined) {
        entry.lineCount++;
        readPrefix(b, text);
        return { accepted: true, out: [] };
      }
      if (b.lastLineBlank && NEXT_ENTRY.test(text)) {
        // A blank line and then an entry's first field: a length that decoded cleanly but was wrong (damaged
        // bytes) must not swallow the entries after it. The blank line ended this entry.
        b.value = b.value.slice(0, -1);
        b.cut = true;
        const out = takeEntry();
        entry = { line: line.lineNumber, lineCount: 1, values: new Map() };
        addValue(NEXT_ENTRY.exec(text)![1]!, text.slice(text.indexOf('=') + 1));
        return { accepted: true, out };
      }
      if (b.mayEnd && (looksLikeFieldStart(text) || b.valueLines >= MAX_GUESSED_VALUE_LINES)) {
        finishBinary();
      } else {
        entry.lineCount++;
        const bounds = byteBounds(text);
        b.value += `\n${text}`;
        b.minBytes += 1 + bounds.min;
        b.maxBytes += 1 + bounds.max;
        b.valueLines++;
        b.lastLineBlank = text === '';
        settle();
        return { accepted: true, out: [] };
      }
    }
    if (text === '') {
      if (!entry) return { accepted: true, out: [] };
      entry.lineCount++;
      return { accepted: true, out: takeEntry() };
    }
    const field = TEXT_FIELD.exec(text);
    if (field) {
      // Address fields (`__CURSOR`, `__REALTIME_TIMESTAMP`) occur once per entry: a second one means the blank line
      // between two entries was lost (a cut or concatenated stream), so the new entry starts here.
      const out = entry && field[1]!.startsWith('__') && entry.values.has(field[1]!) ? takeEntry() : [];
      entry ??= { line: line.lineNumber, lineCount: 0, values: new Map() };
      entry.lineCount++;
      addValue(field[1]!, text.slice(field[0].length));
      return { accepted: true, out };
    }
    if (BINARY_FIELD.test(text)) {
      entry ??= { line: line.lineNumber, lineCount: 0, values: new Map() };
      entry.lineCount++;
      binary = { key: text, prefixLines: 0, minBytes: 0, maxBytes: 0, valueLines: 0, mayEnd: false, lastLineBlank: false, cut: false };
      return { accepted: true, out: [] };
    }
    return { accepted: false, out: [] };
  };

  return guardParser({ push: pushText, flush: takeEntry }, () => {
    entry = undefined;
    binary = undefined;
  });
}

function sniff(text: string): number {
  if (typeof text !== 'string') return 0;
  if (text.startsWith('__CURSOR=') || /^__REALTIME_TIMESTAMP=\d+$/.test(text)) return 1;
  if (/^__(?:MONOTONIC_TIMESTAMP|SEQNUM|SEQNUM_ID)=/.test(text) || /^_BOOT_ID=[0-9a-f]{32}$/.test(text)) return 0.9;
  if (/^_?[A-Z][A-Z0-9_]*=/.test(text)) return 0.5;
  return 0;
}

const samples: readonly FormatSample[] = [
  {
    // test/fixtures/journal/incident-default.export lines 1-13, the first entry (journalctl 252 `-o export`)
    lines: [
      '__CURSOR=s=980afa53b2b2410892fdca8bb7b73226;i=1;b=b1e7c3a0d5f84c2e9a6b0d1f2e3c4a5b;m=0;t=63047512d52c0;x=594b1b8780b963a3',
      '__REALTIME_TIMESTAMP=1741932723000000',
      '__MONOTONIC_TIMESTAMP=0',
      '_BOOT_ID=b1e7c3a0d5f84c2e9a6b0d1f2e3c4a5b',
      '_TRANSPORT=kernel',
      'PRIORITY=5',
      'SYSLOG_FACILITY=0',
      'SYSLOG_IDENTIFIER=kernel',
      '_SOURCE_MONOTONIC_TIMESTAMP=0',
      'MESSAGE=Linux version 6.1.0-31-amd64 (debian-kernel@lists.debian.org) (gcc-12 (Debian 12.2.0-14) 12.2.0, GNU ld (GNU Binutils for Debian) 2.40) #1 SMP PREEMPT_DYNAMIC Debian 6.1.128-1 (2025-02-07)',
      '_MACHINE_ID=4f6c0e2a9b3d4e1f8a7b6c5d4e3f2a1b',
      '_HOSTNAME=k3s-node-03',
      '',
    ],
    source: 'test/fixtures/journal/incident-default.export',
    expect: {
      host: 'k3s-node-03',
      unit: 'kernel',
      severity: 'info',
      time: { kind: 'instant', epochMs: 1741932723000 },
      message: 'Linux version 6.1.0-31-amd64 (debian-kernel@lists.debian.org) (gcc-12 (Debian 12.2.0-14) 12.2.0, GNU ld (GNU Binutils for Debian) 2.40) #1 SMP PREEMPT_DYNAMIC Debian 6.1.128-1 (2025-02-07)',
    },
  },
];

export const journalExport = {
  id: FORMAT_ID,
  title: 'journalctl -o export',
  sniff,
  createParser: createJournalExportParser,
  samples,
} satisfies LogFormat;
