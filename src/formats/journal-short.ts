import type { LogLine } from '../model/log-line.js';
import type { FormatSample, LineParser, LogFormat, ParseOutput, ParsedMarker, ParsedRecord, ParserStep, RecordTime, WallTime } from './log-format.js';
import { guardParser } from './guard-parser.js';
import { isRegexSpace } from './is-regex-space.js';
import { readIsoDateTime, twoDigits } from './time/iso-date-time.js';
import { utcDateTime } from './time/utc-date-time.js';
import { neverThrows } from './never-throws.js';
import { ACCEPTED_NOTHING, NO_OUTPUT, REFUSED } from './parser-steps.js';

/*
 * journalctl's text outputs (`short`, `short-precise`, `short-iso`, `short-iso-precise`, `short-full`,
 * `short-monotonic`, `short-unix`, with or without `--no-hostname`) and the RFC3164/rsyslog files that share their
 * shape. Layout follows systemd src/shared/logs-show.c (`output_short`): time, ` host`, ` ident[pid]: `, message;
 * continuation lines of a multi-line message are indented to the message column.
 */

const FORMAT_ID = 'journal-short';

// `%b` is printed in the collector's locale (input-formats.md §C2): glibc abbreviated month names for the locales
// seen in bundles. Keys are lower-cased with a trailing dot removed; CJK/Korean `N月`/`N월` are matched by regex.
const MONTHS: ReadonlyMap<string, number> = new Map(
  (
    [
      ['jan feb mar apr may jun jul aug sep oct nov dec', 'en'],
      ['jan feb mär apr mai jun jul aug sep okt nov dez', 'de'],
      ['janv févr mars avr mai juin juil août sept oct nov déc', 'fr'],
      ['ene feb mar abr may jun jul ago sep oct nov dic', 'es'],
      ['led úno bře dub kvě čvn čvc srp zář říj lis pro', 'cs'],
      ['gen feb mar apr mag giu lug ago set ott nov dic', 'it'],
      ['jan fev mar abr mai jun jul ago set out nov dez', 'pt'],
      ['jan feb mrt apr mei jun jul aug sep okt nov dec', 'nl'],
      ['sty lut mar kwi maj cze lip sie wrz paź lis gru', 'pl'],
      ['янв фев мар апр мая июн июл авг сен окт ноя дек', 'ru'],
    ] as const
  ).flatMap(([names]) => names.split(' ').map((name, i) => [name, i + 1] as [string, number])),
);

// Other glibc spellings of the same months (fr_FR prints `avril` in full; ru nominative `май`).
const EXTRA_MONTHS: ReadonlyMap<string, number> = new Map([
  ['avril', 4],
  ['май', 5],
]);

const CJK_MONTH = /^(\d{1,2})[月월]$/;

/** Month number for a `%b` token in any shipped locale; undefined for an unknown token. */
function monthOf(token: string): number | undefined {
  const cjk = CJK_MONTH.exec(token);
  if (cjk) {
    const m = Number(cjk[1]);
    return m >= 1 && m <= 12 ? m : undefined;
  }
  const key = token.toLowerCase().replace(/\.$/, '');
  return MONTHS.get(key) ?? EXTRA_MONTHS.get(key);
}

// `short`/`short-precise` (and RFC3164): `%b %d %H:%M:%S[.%06u]`; `%d` is space-padded by rsyslog (`Mar  4`), and
// ja_JP's `%b` itself starts with a space (` 3月`).
const SHORT_TIME = /^ ?(\S{1,8}) {1,2}(\d{1,2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))? /;
// `short-iso`, `short-iso-precise`, rsyslog RFC3339 and `snap logs`: offset `+0200` (systemd < 255), `+02:00`, `Z`.
const ISO_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:?\d{2})? /;
// `short-full`: format_timestamp(), locale-independent weekday, a zone abbreviation (or a numeric one like `+04`).
const FULL_TIME = /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) (\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))? ([A-Za-z][A-Za-z0-9]{0,5}|[+-]\d{2}(?::?\d{2})?) /;
// `short-monotonic` (`[%5llu.%06llu]`); `short-delta` adds ` <%5llu.%06llu>` (or `*` before it when unreliable).
const MONOTONIC_TIME = /^\[ *(\d{1,10})\.(\d{6})(?: [ *]?<[ \d.]+>)?\] /;
const UNIX_TIME = /^(\d{9,11})\.(\d{6}) /;

// `ident[pid]: ` / `ident: `; the identifier is any run of non-blanks (systemd prints SYSLOG_IDENTIFIER verbatim).
const KERNEL_MONOTONIC = /^\[ *(\d+\.\d+)\] ?/;
const CRI_STREAM = /^(?:stdout|stderr) [PF](?::\S*)? /;

const BOOT_MARKER = /^-- Boot ([0-9a-f]{32}) --$/;
const REBOOT_MARKER = /^-- Reboot --$/;
const BEGIN_MARKER = /^-- (?:Logs begin at|Journal begins at) (.+?), (?:end at|ends at) (.+?)\.? --$/;
const NO_ENTRIES_MARKER = /^-- No entries --$/;
// `-x` catalog blocks: every line starts with `-- ` and blank catalog lines are `--` alone; `--show-cursor` too.
const OTHER_MARKER = /^--(?: .*)?$/;
const MARKER_TIME = /^(?:[A-Z][a-z]{2} )?(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?(?: (\S+))?$/;

function fractionMillis(digits: string | undefined): number {
  if (!digits) return 0;
  return Number(digits.slice(0, 6).padEnd(6, '0')) / 1000;
}

function validClock(month: number, day: number, hour: number, minute: number, second: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= 31 && hour <= 23 && minute <= 59 && second <= 60;
}

/** Offset in minutes for `Z`, `+0200`, `+02:00`, `+04`; undefined when unparseable. */
function offsetOf(zone: string): number | undefined {
  if (zone === 'Z') return 0;
  const m = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone);
  if (!m) return undefined;
  const minutes = Number(m[2]) * 60 + Number(m[3] ?? '0');
  return m[1] === '-' ? -minutes : minutes;
}

/** `short-full` and marker zones: UTC/GMT/Z are offset 0, numeric zones are read, abbreviations are only kept. */
function zoneParts(zone: string): Pick<WallTime, 'offsetMinutes' | 'zoneAbbreviation'> {
  if (/^(?:UTC|GMT|Z)$/.test(zone)) return { offsetMinutes: 0, zoneAbbreviation: zone };
  const numeric = offsetOf(zone);
  if (numeric !== undefined) return { offsetMinutes: numeric };
  return { zoneAbbreviation: zone };
}

/*
 * What `readTime` read besides the time it returns, valid right after it returned one (module state rather than an
 * object per line): the index just past the time and its separating space, and whether the prefix is ISO-style (those
 * never take the free-text fallback: CRI and `docker logs -t` lines start the same way).
 */
let timeEnd = 0;
let timeStrict = false;

/** `time`, with where it ended and how strict its shape is left in `timeEnd` and `timeStrict`. */
function timeUpTo(time: RecordTime, end: number, strict: boolean): RecordTime {
  timeEnd = end;
  timeStrict = strict;
  return time;
}

/** Scratch for `readIsoDateTime` (no allocation per line). */
const isoFields = new Int32Array(6);

/** `10^(6 - digits)`: what a fraction of `digits` (≤ 6) digits is multiplied by to count microseconds. */
const MICRO_SCALE = [1e6, 1e5, 1e4, 1e3, 100, 10, 1];

/**
 * Month numbers of the three-letter ASCII `%b` names, keyed by their lower-cased character codes: the same answers
 * as `monthOf` (built from its table), without the token's substring, lower-casing and regex per line.
 */
const ASCII_MONTHS: ReadonlyMap<number, number> = new Map(
  [...MONTHS].filter(([name]) => /^[a-z]{3}$/.test(name)).map(([name, month]) => [name.charCodeAt(0) * 65536 + name.charCodeAt(1) * 256 + name.charCodeAt(2), month]),
);

function isAsciiLetter(code: number): boolean {
  const lower = code | 0x20;
  return lower >= 0x61 && lower <= 0x7a;
}

/**
 * The microseconds of `.digits ` at `i` (1..6 digits, then a space) as `fractionMillis` reads them; sets `fractionEnd`
 * to the index after the space. -1 when the text there has another shape.
 */
let fractionEnd = 0;
function microsAt(text: string, i: number, maxDigits: number): number {
  let value = 0;
  let j = i;
  for (let d = text.charCodeAt(j) - 48; d >= 0 && d <= 9; d = text.charCodeAt(j) - 48) {
    // fractionMillis keeps the first six digits of a longer fraction.
    if (j - i < 6) value = value * 10 + d;
    j++;
  }
  const count = j - i;
  if (count === 0 || count > maxDigits) return -1;
  fractionEnd = j;
  return value * MICRO_SCALE[count < 6 ? count : 6]!;
}

/**
 * `Mar 13 14:31:07[.000037] ` (journald `short`/`short-precise`, RFC3164) read by character positions: SHORT_TIME's
 * shape with an ASCII month name. Undefined for anything else, which then takes the regexes.
 */
function shortTimeFast(text: string): RecordTime | undefined {
  const c0 = text.charCodeAt(0);
  const c1 = text.charCodeAt(1);
  const c2 = text.charCodeAt(2);
  if (!isAsciiLetter(c0) || !isAsciiLetter(c1) || !isAsciiLetter(c2) || text.charCodeAt(3) !== 0x20) return undefined;
  const month = ASCII_MONTHS.get((c0 | 0x20) * 65536 + (c1 | 0x20) * 256 + (c2 | 0x20));
  if (month === undefined) return undefined;
  // `%d` is space-padded by rsyslog (`Mar  4`).
  const dayTens = text.charCodeAt(4);
  const dayUnits = text.charCodeAt(5) - 48;
  if (!(dayUnits >= 0 && dayUnits <= 9)) return undefined;
  let day: number;
  if (dayTens === 0x20) day = dayUnits;
  else if (dayTens >= 0x30 && dayTens <= 0x39) day = (dayTens - 48) * 10 + dayUnits;
  else return undefined;
  if (text.charCodeAt(6) !== 0x20 || text.charCodeAt(9) !== 0x3a || text.charCodeAt(12) !== 0x3a) return undefined;
  const hour = twoDigits(text, 7);
  const minute = twoDigits(text, 10);
  const second = twoDigits(text, 13);
  if (hour < 0 || minute < 0 || second < 0) return undefined;
  let micros = 0;
  let end: number;
  const after = text.charCodeAt(15);
  if (after === 0x20) end = 16;
  else if (after === 0x2e) {
    micros = microsAt(text, 16, 6);
    if (micros < 0 || text.charCodeAt(fractionEnd) !== 0x20) return undefined;
    end = fractionEnd + 1;
  } else return undefined;
  if (!validClock(month, day, hour, minute, second)) return undefined;
  const wall: WallTime = { month, day, hour, minute, second, millis: micros / 1000 };
  return timeUpTo({ kind: 'wall', wall }, end, false);
}

/**
 * `2025-03-13T14:31:07[.000919][+00:00|+0000|Z] ` (`short-iso`, rsyslog RFC3339) read by character positions: ISO_TIME's
 * shape. Undefined for anything else, which then takes the regexes.
 */
function isoTimeFast(text: string): RecordTime | undefined {
  if (!readIsoDateTime(text, isoFields)) return undefined;
  const year = isoFields[0]!, month = isoFields[1]!, day = isoFields[2]!, hour = isoFields[3]!, minute = isoFields[4]!, second = isoFields[5]!;
  let i = 19;
  let micros = 0;
  if (text.charCodeAt(i) === 0x2e) {
    micros = microsAt(text, 20, 9);
    if (micros < 0) return undefined;
    i = fractionEnd;
  }
  let offset: number | undefined;
  const z = text.charCodeAt(i);
  if (z === 0x5a /* Z */) {
    offset = 0;
    i++;
  } else if (z === 0x2b || z === 0x2d) {
    const oh = twoDigits(text, i + 1);
    const colon = text.charCodeAt(i + 3) === 0x3a ? 1 : 0;
    const om = twoDigits(text, i + 3 + colon);
    if (oh < 0 || om < 0) return undefined;
    const minutes = oh * 60 + om;
    offset = z === 0x2d ? -minutes : minutes;
    i += 5 + colon;
  }
  if (text.charCodeAt(i) !== 0x20) return undefined;
  if (!validClock(month, day, hour, minute, second)) return undefined;
  const millis = micros / 1000;
  if (offset === undefined) return timeUpTo({ kind: 'wall', wall: { year, month, day, hour, minute, second, millis } }, i + 1, true);
  // The same sum as the regex path's, so the instant is the same double.
  const epochMs = utcDateTime(year, month, day, hour, minute, second) + millis - offset * 60_000;
  return timeUpTo({ kind: 'instant', epochMs }, i + 1, true);
}

function readTime(text: string): RecordTime | undefined {
  const c = text.charCodeAt(0);
  const fast = c >= 0x30 && c <= 0x39 ? isoTimeFast(text) : shortTimeFast(text);
  if (fast !== undefined) return fast;
  if (c === 0x5b /* [ */) {
    const m = MONOTONIC_TIME.exec(text);
    if (!m) return undefined;
    return timeUpTo({ kind: 'monotonic', seconds: Number(`${m[1]}.${m[2]}`) }, m[0].length, true);
  }
  if (c >= 0x30 && c <= 0x39) {
    const iso = ISO_TIME.exec(text);
    if (iso) {
      const [, y, mo, d, h, mi, s, frac, zone] = iso;
      const wall: WallTime = { year: Number(y), month: Number(mo), day: Number(d), hour: Number(h), minute: Number(mi), second: Number(s), millis: fractionMillis(frac) };
      if (!validClock(wall.month, wall.day, wall.hour, wall.minute, wall.second)) return undefined;
      const offset = zone === undefined ? undefined : offsetOf(zone);
      if (zone !== undefined && offset === undefined) return undefined;
      if (offset === undefined) return timeUpTo({ kind: 'wall', wall }, iso[0].length, true);
      const epochMs = Date.UTC(wall.year!, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second) + wall.millis - offset * 60_000;
      return timeUpTo({ kind: 'instant', epochMs }, iso[0].length, true);
    }
    const unix = UNIX_TIME.exec(text);
    if (unix) {
      return timeUpTo({ kind: 'instant', epochMs: Number(unix[1]) * 1000 + Number(unix[2]) / 1000 }, unix[0].length, true);
    }
  }
  const full = FULL_TIME.exec(text);
  if (full) {
    const [, y, mo, d, h, mi, s, frac, zone] = full;
    const wall: WallTime = { year: Number(y), month: Number(mo), day: Number(d), hour: Number(h), minute: Number(mi), second: Number(s), millis: fractionMillis(frac), ...zoneParts(zone!) };
    if (!validClock(wall.month, wall.day, wall.hour, wall.minute, wall.second)) return undefined;
    return timeUpTo({ kind: 'wall', wall }, full[0].length, false);
  }
  const short = SHORT_TIME.exec(text);
  if (short) {
    const month = monthOf(short[1]!);
    if (month === undefined) return undefined;
    const wall: WallTime = { month, day: Number(short[2]), hour: Number(short[3]), minute: Number(short[4]), second: Number(short[5]), millis: fractionMillis(short[6]) };
    if (!validClock(wall.month, wall.day, wall.hour, wall.minute, wall.second)) return undefined;
    return timeUpTo({ kind: 'wall', wall }, short[0].length, false);
  }
  return undefined;
}

/*
 * How the part after the time was read by `readBody` (and so `readHeader`), valid right after it returned true: module
 * state rather than two objects per line. The message is the rest of the line from `bodyColumn`, the column
 * continuation lines are indented to; `bodyConfidence` feeds sniff.
 */
let bodyHost: string | undefined;
let bodyUnit: string | undefined;
let bodyPid: number | undefined;
let bodyColumn = 0;
let bodyConfidence = 0;

/*
 * The host and identifier read last: a file repeats them line after line, so the same text is handed out again
 * instead of a new substring per line (and later compares of the two are then of one string).
 */
let lastHost = '';
let lastUnit = '';

function hostAt(text: string, start: number, end: number): string {
  if (end - start !== lastHost.length || !text.startsWith(lastHost, start)) lastHost = text.slice(start, end);
  return lastHost;
}

function unitAt(text: string, start: number, end: number): string {
  if (end - start !== lastUnit.length || !text.startsWith(lastUnit, start)) lastUnit = text.slice(start, end);
  return lastUnit;
}

function bodyRead(host: string | undefined, unit: string | undefined, pid: number | undefined, column: number, confidence: number): true {
  bodyHost = host;
  bodyUnit = unit;
  bodyPid = pid;
  bodyColumn = column;
  bodyConfidence = confidence;
  return true;
}

/*
 * Where IDENT matched at the position `identAt` was asked about: the unit's end, the pid (undefined without one) and
 * the index after `: `. Module state rather than a match array: it is read at once, before the next call.
 */
let identUnitEnd = 0;
let identPid: number | undefined;
let identEnd = 0;

/**
 * IDENT (`^(\S+?)(?:\[(\d{1,10})\])?:(?: |$)`) at `from`, by characters: the shortest run of non-blanks followed by an
 * optional `[digits]`, a colon and a space or the end. Every journal line has one; the regex cost a match array and
 * three substrings per line.
 */
function identAt(text: string, from: number): boolean {
  const n = text.length;
  for (let j = from + 1; j <= n; j++) {
    if (isRegexSpace(text.charCodeAt(j - 1))) return false;
    const c = text.charCodeAt(j);
    if (c === 0x5b /* [ */) {
      let k = j + 1;
      let pid = 0;
      for (let d = text.charCodeAt(k) - 48; d >= 0 && d <= 9; d = text.charCodeAt(k) - 48) {
        pid = pid * 10 + d;
        k++;
      }
      const count = k - j - 1;
      if (count >= 1 && count <= 10 && text.charCodeAt(k) === 0x5d && text.charCodeAt(k + 1) === 0x3a) {
        const after = k + 2;
        if (after === n || text.charCodeAt(after) === 0x20) {
          identUnitEnd = j;
          identPid = pid;
          identEnd = after === n ? n : after + 1;
          return true;
        }
      }
    } else if (c === 0x3a /* : */) {
      const after = j + 1;
      if (after === n || text.charCodeAt(after) === 0x20) {
        identUnitEnd = j;
        identPid = undefined;
        identEnd = after === n ? n : after + 1;
        return true;
      }
    }
  }
  return false;
}

/**
 * `[INFO]`, `[FATAL]`: a level in brackets where a host name would be. No host name is written so (brackets are not
 * allowed in one); `2019-04-17T00:18:44.486Z [FATAL] plugin/loop: …` (CoreDNS 1.4–1.6) is a timestamped application
 * line, whose level and plugin the host and identifier columns would otherwise swallow.
 */
function isBracketedLevel(text: string, start: number, end: number): boolean {
  if (end - start < 5 || end - start > 10 || text.charCodeAt(start) !== 0x5b || text.charCodeAt(end - 1) !== 0x5d) return false;
  for (let i = start + 1; i < end - 1; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x41 || c > 0x5a) return false;
  }
  return true;
}

function readBody(text: string, start: number, strict: boolean): boolean {
  // Positions in `text` rather than slices of it: the host, unit and message are the only substrings kept.
  if ((text.startsWith('stdout ', start) || text.startsWith('stderr ', start)) && CRI_STREAM.test(text.slice(start))) return false;
  const space = text.indexOf(' ', start);
  const tokenEnd = space < 0 ? text.length : space;
  // `--no-hostname` (and `snap logs`): the identifier follows the time directly; a host name never ends with `:`.
  if (tokenEnd > start && text.charCodeAt(tokenEnd - 1) === 0x3a && identAt(text, start)) {
    return bodyRead(undefined, unitAt(text, start, identUnitEnd), identPid, identEnd, identPid === undefined ? 0.75 : 0.85);
  }
  if (space > start && !isBracketedLevel(text, start, space)) {
    const afterHost = space + 1;
    if (identAt(text, afterHost)) {
      return bodyRead(hostAt(text, start, space), unitAt(text, afterHost, identUnitEnd), identPid, identEnd, identPid === undefined ? 0.85 : 0.95);
    }
    if (!strict) return bodyRead(hostAt(text, start, space), undefined, undefined, afterHost, 0.5);
  }
  return false;
}

/** The time of a line with a journal header, the rest of the header left in the `body…` state; undefined for another line. */
function readHeader(text: string): RecordTime | undefined {
  const time = readTime(text);
  if (!time || !readBody(text, timeEnd, timeStrict)) return undefined;
  // A raw dmesg line (`[    1.2] usb 1-1: new device`) has the monotonic shape; only a journal-looking identifier counts.
  if (time.kind === 'monotonic' && bodyPid === undefined && bodyUnit !== 'kernel') bodyConfidence = Math.min(bodyConfidence, 0.25);
  return time;
}

function markerTime(text: string): RecordTime | undefined {
  const m = MARKER_TIME.exec(text.trim());
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  const wall: WallTime = { year: Number(y), month: Number(mo), day: Number(d), hour: Number(h), minute: Number(mi), second: Number(s), millis: fractionMillis(frac), ...(zone ? zoneParts(zone) : {}) };
  if (!validClock(wall.month, wall.day, wall.hour, wall.minute, wall.second)) return undefined;
  return { kind: 'wall', wall };
}

function readMarker(text: string, line: number): ParsedMarker | undefined {
  if (!text.startsWith('--')) return undefined;
  const boot = BOOT_MARKER.exec(text);
  if (boot) return { type: 'marker', marker: 'boot', line, bootId: boot[1] };
  if (REBOOT_MARKER.test(text)) return { type: 'marker', marker: 'boot', line };
  if (NO_ENTRIES_MARKER.test(text)) return { type: 'marker', marker: 'no-entries', line };
  const begin = BEGIN_MARKER.exec(text);
  if (begin) {
    const b = markerTime(begin[1]!);
    const e = markerTime(begin[2]!);
    return { type: 'marker', marker: 'logs-begin', line, ...(b ? { begin: b } : {}), ...(e ? { end: e } : {}) };
  }
  if (OTHER_MARKER.test(text)) return { type: 'marker', marker: 'other', line };
  return undefined;
}

function markerScore(text: string): number {
  if (BOOT_MARKER.test(text) || BEGIN_MARKER.test(text) || REBOOT_MARKER.test(text) || NO_ENTRIES_MARKER.test(text)) return 0.95;
  if (/^-- (?:Subject|Defined-By|Support|Documentation|cursor): /.test(text)) return 0.8;
  return 0;
}

/** A record still open to continuation lines: its message and line count grow until the next header closes it. */
type OpenRecord = { -readonly [K in keyof ParsedRecord]: ParsedRecord[K] };

/** The fields of a record with none of its own: shared, frozen (events never write to their fields). */
const NO_FIELDS: Record<string, string> = Object.freeze({}) as Record<string, string>;

function createJournalShortParser(): LineParser {
  // The open record is the record handed on when it closes (one object per line, not a draft and a copy); a
  // continuation line's text waits in `more` and joins the message then.
  let pending: OpenRecord | undefined;
  let pendingColumn = 0;
  let more: string[] | undefined;
  let bootId: string | undefined;

  const take = (): readonly ParseOutput[] => {
    if (!pending) return NO_OUTPUT;
    const done = pending;
    if (more !== undefined) done.message = `${done.message}\n${more.join('\n')}`;
    pending = undefined;
    more = undefined;
    return [done];
  };

  const pushText = (line: LogLine): ParserStep => {
    const text = line.text;
    const first = text.charCodeAt(0);
    const indented = first === 0x20 || first === 0x09;
    if (indented && pending) {
      // ja_JP `%b` (` 3月`) also starts with a space, so a full header wins over a continuation.
      const header = first === 0x20 && /^ \d{1,2}月 /.test(text) ? readHeader(text) : undefined;
      if (!header) {
        let cut = 0;
        while (cut < pendingColumn && cut < text.length && text.charCodeAt(cut) === 0x20) cut++;
        (more ??= []).push(text.slice(cut));
        pending.lineCount++;
        return ACCEPTED_NOTHING;
      }
    }
    const marker = readMarker(text, line.lineNumber);
    if (marker) {
      const out = take();
      if (marker.marker === 'boot') bootId = marker.bootId;
      return { accepted: true, out: [...out, marker] };
    }
    const time = readHeader(text);
    if (!time) return REFUSED;
    const out = take();
    let fields = NO_FIELDS;
    let message = text.slice(bodyColumn);
    if (bodyUnit === 'kernel') {
      // kern.log keeps the kernel's own monotonic stamp after `kernel:`; it pairs wall and boot-relative time.
      const k = KERNEL_MONOTONIC.exec(message);
      if (k) {
        fields = { kernelMonotonic: k[1]! };
        message = message.slice(k[0].length);
      }
    }
    pending = {
      type: 'record',
      format: FORMAT_ID,
      line: line.lineNumber,
      lineCount: 1,
      time,
      // Absent parts stay undefined properties: one record shape, no temporary objects per line.
      host: bodyHost,
      unit: bodyUnit,
      pid: bodyPid,
      message,
      fields,
      bootId,
      hasPayload: true,
    };
    pendingColumn = bodyColumn;
    return out === NO_OUTPUT ? ACCEPTED_NOTHING : { accepted: true, out };
  };

  return guardParser({ push: pushText, flush: take }, () => {
    pending = undefined;
    more = undefined;
  });
}

const sniff = neverThrows((text: string): number => {
  if (text.startsWith('--')) return markerScore(text);
  return readHeader(text) ? bodyConfidence : 0;
}, 0);

const samples: readonly FormatSample[] = [
  {
    // https://github.com/kubernetes/kubernetes/issues/54760
    lines: ['Oct 29 13:16:06 centos02 kubelet[4919]: I1029 13:16:06.471446    4919 kuberuntime_manager.go:751] Back-off 5m0s restarting failed container=alpine pod=alpine-368057524-bgt0m_default(cc89ef7c-bc47-11e7-85ce-901b0edee6b6)'],
    source: 'https://github.com/kubernetes/kubernetes/issues/54760',
    expect: {
      host: 'centos02',
      unit: 'kubelet',
      pid: 4919,
      time: { kind: 'wall', wall: { month: 10, day: 29, hour: 13, minute: 16, second: 6, millis: 0 } },
      payloadFormat: 'klog',
    },
  },
  {
    // https://github.com/k3s-io/k3s/issues/1545 (zh_CN locale month)
    lines: ['3月 16 03:31:09 master1 systemd[1]: k3s.service: main process exited, code=exited, status=1/FAILURE'],
    source: 'https://github.com/k3s-io/k3s/issues/1545',
    expect: {
      host: 'master1',
      unit: 'systemd',
      pid: 1,
      time: { kind: 'wall', wall: { month: 3, day: 16, hour: 3, minute: 31, second: 9, millis: 0 } },
      message: 'k3s.service: main process exited, code=exited, status=1/FAILURE',
    },
  },
  {
    // https://github.com/systemd/systemd/pull/22719 (`--no-hostname`, Czech locale)
    lines: ['led 30 22:13:54 systemd-journald[981]: System Journal (/var/log/journal/1588e1d9d0b74acdbaada907b163b837) is 4.1G, max 4.0G, 0B free.'],
    source: 'https://github.com/systemd/systemd/pull/22719',
    expect: {
      unit: 'systemd-journald',
      pid: 981,
      time: { kind: 'wall', wall: { month: 1, day: 30, hour: 22, minute: 13, second: 54, millis: 0 } },
      message: 'System Journal (/var/log/journal/1588e1d9d0b74acdbaada907b163b837) is 4.1G, max 4.0G, 0B free.',
    },
  },
  {
    // https://github.com/bottlerocket-os/bottlerocket/pull/2900 (short-precise)
    lines: ['Mar 14 10:12:31.545053 localhost kernel: Using GB pages for direct mapping'],
    source: 'https://github.com/bottlerocket-os/bottlerocket/pull/2900',
    expect: {
      host: 'localhost',
      unit: 'kernel',
      time: { kind: 'wall', wall: { month: 3, day: 14, hour: 10, minute: 12, second: 31, millis: 545.053 } },
      message: 'Using GB pages for direct mapping',
    },
  },
  {
    // https://github.com/systemd/systemd/pull/29134 (short-iso-precise before v255)
    lines: ['2023-09-08T17:20:30.655028+0200 tarta r710_fan_controller.sh[20911]: Highest drive temperature: 43 Celcius.'],
    source: 'https://github.com/systemd/systemd/pull/29134',
    expect: {
      host: 'tarta',
      unit: 'r710_fan_controller.sh',
      pid: 20911,
      time: { kind: 'instant', epochMs: Date.UTC(2023, 8, 8, 15, 20, 30) + 655.028 },
      message: 'Highest drive temperature: 43 Celcius.',
    },
  },
  {
    // https://opensource.com/article/20/7/systemd-calendar-timespans (short-full)
    lines: ['Fri 2020-06-26 12:51:39 EDT testvm1.both.org chronyd[827]: Selected source 192.168.0.52'],
    source: 'https://opensource.com/article/20/7/systemd-calendar-timespans',
    expect: {
      host: 'testvm1.both.org',
      unit: 'chronyd',
      pid: 827,
      time: { kind: 'wall', wall: { year: 2020, month: 6, day: 26, hour: 12, minute: 51, second: 39, millis: 0, zoneAbbreviation: 'EDT' } },
      message: 'Selected source 192.168.0.52',
    },
  },
  {
    // https://github.com/systemd/systemd/issues/24950 (short-monotonic)
    lines: ['[    1.241863] archlinux systemd[1]: Reached target System Initialization.'],
    source: 'https://github.com/systemd/systemd/issues/24950',
    expect: { host: 'archlinux', unit: 'systemd', pid: 1, time: { kind: 'monotonic', seconds: 1.241863 }, message: 'Reached target System Initialization.' },
  },
  {
    // https://github.com/canonical/microk8s/issues/4342 (`snap logs`: ISO UTC, no host)
    lines: ['2023-12-16T04:14:34Z systemd[1]: Started Service for snap application microk8s.daemon-kubelite.'],
    source: 'https://github.com/canonical/microk8s/issues/4342',
    expect: { unit: 'systemd', pid: 1, time: { kind: 'instant', epochMs: Date.UTC(2023, 11, 16, 4, 14, 34) }, message: 'Started Service for snap application microk8s.daemon-kubelite.' },
  },
  {
    // https://github.com/docker/for-linux/issues/1001 (kern.log with the kernel's monotonic stamp)
    lines: ['May 15 23:01:53 ubuntu-s-1vcpu-2gb-ams3-01 kernel: [  152.700479] Memory cgroup out of memory: Kill process 4142 (python3) score 68 or sacrifice child'],
    source: 'https://github.com/docker/for-linux/issues/1001',
    expect: {
      time: { kind: 'wall', wall: { month: 5, day: 15, hour: 23, minute: 1, second: 53, millis: 0 } },
      host: 'ubuntu-s-1vcpu-2gb-ams3-01',
      unit: 'kernel',
      fields: { kernelMonotonic: '152.700479' },
      message: 'Memory cgroup out of memory: Kill process 4142 (python3) score 68 or sacrifice child',
    },
  },
];

export const journalShort = {
  id: FORMAT_ID,
  title: 'journalctl short/short-precise/short-iso/short-full/short-monotonic/short-unix and RFC3164 syslog files',
  sniff,
  createParser: createJournalShortParser,
  samples,
} satisfies LogFormat;
