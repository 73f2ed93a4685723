import type { Severity } from '../model/log-event.js';
import type { LogFormat, ParsedRecord, Payload, RecordTime } from './log-format.js';
import { createSingleLineParser } from './create-single-line-parser.js';
import { neverThrows } from './never-throws.js';
import { parseGoTime } from './parse-go-time.js';
import { readGoQuoted } from './read-go-quoted.js';
import { SKIMMED_FIELDS, SKIM_UNSURE, skimWorthy, type SkimUnsure } from './skim.js';

const LEVELS: Readonly<Record<string, Severity>> = {
  trace: 'debug',
  debug: 'debug',
  info: 'info',
  warning: 'warning',
  warn: 'warning',
  error: 'error',
  fatal: 'critical',
  panic: 'critical',
};

// The TTY formatter prints the level upper-cased and cut to 4 characters (logrus text_formatter.go).
const TTY_LEVELS: Readonly<Record<string, Severity>> = {
  TRAC: 'debug',
  DEBU: 'debug',
  INFO: 'info',
  WARN: 'warning',
  ERRO: 'error',
  FATA: 'critical',
  PANI: 'critical',
};

const TTY_HEAD = /^(TRAC|DEBU|INFO|WARN|ERRO|FATA|PANI)\[([^\]]{1,40})\] ?/;
const ANSI = /\x1b\[[0-9;]*m/g;
// Beyond this many candidate splits a TTY line is taken whole as the message, which keeps parsing linear.
const MAX_TTY_SPLITS = 16;

// Values are read the way strconv.Unquote reads them, octal escapes included.
const GO_QUOTED = { octal: true } as const;

/** Shaped as the `Payload` it becomes (same keys, same order), so the payload parser hands it on as is. */
interface Parsed {
  readonly format: 'logrus';
  readonly time: RecordTime | undefined;
  readonly severity: Severity | undefined;
  readonly component: string | undefined;
  readonly message: string;
  readonly fields: Record<string, string>;
}

function parsed(time: RecordTime | undefined, severity: Severity | undefined, component: string | undefined, message: string, fields: Record<string, string>): Parsed {
  return { format: 'logrus', time, severity, component, message, fields };
}

/** Parses ` k=v k="quoted" k=` pairs from `start` to the end; undefined when any token is not a pair. */
function readPairs(text: string, start: number): Record<string, string> | undefined {
  // Character codes rather than one-character strings: this loop reads every byte of every containerd line.
  const fields: Record<string, string> = {};
  let i = start;
  const n = text.length;
  for (;;) {
    i = skipBlanks(text, i);
    if (i >= n) return fields;
    const keyStart = i;
    i = endOfKey(text, i);
    if (i === keyStart || text.charCodeAt(i) !== 0x3d /* = */) return undefined;
    const key = text.slice(keyStart, i);
    i++;
    if (text.charCodeAt(i) === 0x22 /* " */) {
      const q = readGoQuoted(text, i, GO_QUOTED);
      if (!q) return undefined;
      fields[key] = q.value;
      i = q.end;
      if (i < n && text.charCodeAt(i) !== 0x20 && text.charCodeAt(i) !== 0x09) return undefined;
    } else {
      const valueStart = i;
      for (let c = text.charCodeAt(i); i < n && c !== 0x20 && c !== 0x09; c = text.charCodeAt(++i));
      fields[key] = text.slice(valueStart, i);
    }
  }
}

function fromPairs(fields: Record<string, string>): Parsed | undefined {
  const level = fields.level;
  const severity = level === undefined ? undefined : LEVELS[level.toLowerCase()];
  if (!severity || (fields.msg === undefined && fields.time === undefined)) return undefined;
  const time = fields.time === undefined ? undefined : parseGoTime(fields.time);
  const message = fields.msg ?? '';
  const rest: Record<string, string> = {};
  // for-in walks keys in the same order as Object.entries without allocating an array of pairs per line.
  for (const k in fields) {
    if (k === 'level' || k === 'msg' || (k === 'time' && time)) continue;
    rest[k] = fields[k];
  }
  // k0s names the wrapped process explicitly (`component=containerd`, k0sproject/k0s#1195).
  const component = rest.component || undefined;
  return parsed(time, severity, component, message, rest);
}

/** `readPairs` gave up, or the line needs the general path (`fromPairs` over every pair). */
const GENERAL = 0;

/**
 * `fromPairs(readPairs(text, 0))` in one pass, for the lines every containerd and k3s journal is made of: the
 * pairs other than `level`, `msg` and `time` go straight into the fields, with no object of all pairs to copy
 * from. A `time` that repeats or does not parse (it then stays a field, where it stood) takes the general path.
 */
function readLine(text: string): Parsed | undefined | typeof GENERAL {
  const fields: Record<string, string> = {};
  let level: string | undefined;
  let msg: string | undefined;
  let timeText: string | undefined;
  let time: RecordTime | undefined;
  let i = 0;
  const n = text.length;
  for (;;) {
    i = skipBlanks(text, i);
    if (i >= n) break;
    const keyStart = i;
    i = endOfKey(text, i);
    if (i === keyStart || text.charCodeAt(i) !== 0x3d /* = */) return undefined;
    const key = text.slice(keyStart, i);
    i++;
    let value: string;
    if (text.charCodeAt(i) === 0x22 /* " */) {
      const q = readGoQuoted(text, i, GO_QUOTED);
      if (!q) return undefined;
      value = q.value;
      i = q.end;
      if (i < n && text.charCodeAt(i) !== 0x20 && text.charCodeAt(i) !== 0x09) return undefined;
    } else {
      const valueStart = i;
      for (let c = text.charCodeAt(i); i < n && c !== 0x20 && c !== 0x09; c = text.charCodeAt(++i));
      value = text.slice(valueStart, i);
    }
    if (key === 'level') level = value;
    else if (key === 'msg') msg = value;
    else if (key === 'time') {
      if (timeText !== undefined) return GENERAL;
      timeText = value;
      time = parseGoTime(value);
      if (!time) return GENERAL;
    } else fields[key] = value;
  }
  const severity = level === undefined ? undefined : LEVELS[level.toLowerCase()];
  if (!severity || (msg === undefined && timeText === undefined)) return undefined;
  return parsed(time, severity, fields.component || undefined, msg ?? '', fields);
}

function parseTty(text: string, m: RegExpExecArray): Parsed {
  const severity = TTY_LEVELS[m[1]];
  const stamp = m[2];
  const time: RecordTime | undefined = /^\d+$/.test(stamp)
    ? { kind: 'process-relative', seconds: Number(stamp) }
    : parseGoTime(stamp);
  const body = text.slice(m[0].length);
  // `%-44s` pads the message and every field is written as ` k=v`, so fields always follow 2+ spaces.
  const gaps = /  +/g;
  let tries = 0;
  let g: RegExpExecArray | null;
  while ((g = gaps.exec(body)) !== null && tries < MAX_TTY_SPLITS) {
    tries++;
    const after = g.index + g[0].length;
    const fields = readPairs(body, after);
    if (fields) {
      return parsed(time, severity, undefined, body.slice(0, g.index).trim(), fields);
    }
  }
  return parsed(time, severity, undefined, body.trim(), {});
}

function parseLogrus(raw: string): Parsed | undefined {
  // CRLF files (collected on or via Windows) keep the `\r` in the line text.
  const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
  const text = line.includes('\x1b') ? line.replace(ANSI, '') : line;
  // Both heads are told by a character or a prefix before any regex runs: most messages handed to this payload
  // parser (klog, plain text) are neither, and it is asked first for every journal line.
  const tty = text.charCodeAt(4) === 0x5b /* [ */ ? TTY_HEAD.exec(text) : null;
  if (tty) return parseTty(text, tty);
  if (!text.startsWith('time=') && !text.startsWith('level=')) return undefined;
  const quick = readLine(text);
  if (quick !== GENERAL) return quick;
  const pairs = readPairs(text, 0);
  return pairs ? fromPairs(pairs) : undefined;
}

/**
 * What `parseLogrus` gives, without the message and fields (see formats/skim): the pairs are scanned as `readLine`
 * scans them, but only `level`, `time` and `component` are read. Unsure of the TTY form, of CRLF or colour codes, of
 * a value it needs that holds an escape, of what takes `readLine`'s general path, and of a `_SYSTEMD_UNIT` pair (the
 * event's component may come from that field).
 */
function skimLogrus(text: string): Parsed | undefined | SkimUnsure {
  const n = text.length;
  if (text.charCodeAt(n - 1) === 0x0d || text.includes('\x1b') || text.charCodeAt(4) === 0x5b /* [ */) return SKIM_UNSURE;
  if (!text.startsWith('time=') && !text.startsWith('level=')) return undefined;
  // Where the last `level` value is, read at the end (no substring for the usual spellings).
  let levelStart = -1;
  let levelEnd = -1;
  let sawMsg = false;
  let timeText: string | undefined;
  let time: RecordTime | undefined;
  let component: string | undefined;
  // The first backslash at or after the scan, found once per line and looked for again only once passed.
  let backslash = text.indexOf('\\');
  const tabbed = text.includes('\t');
  let i = 0;
  for (;;) {
    i = skipBlanks(text, i);
    if (i >= n) break;
    const keyStart = i;
    i = endOfKey(text, i);
    if (i === keyStart || text.charCodeAt(i) !== 0x3d /* = */) return undefined;
    const keyEnd = i;
    i++;
    let valueStart: number;
    let valueEnd: number;
    let escaped = false;
    if (text.charCodeAt(i) === 0x22 /* " */) {
      // Where `readGoQuoted` ends, without decoding: every escape it reads is a backslash and the character after
      // it, the longer ones (`\xNN`, `\uNNNN`, octal) going on with digits only, never a quote or a backslash.
      valueStart = i + 1;
      if (backslash !== -1 && backslash < valueStart) backslash = text.indexOf('\\', valueStart);
      let close = text.indexOf('"', valueStart);
      while (close !== -1 && backslash !== -1 && backslash < close) {
        escaped = true;
        const after = backslash + 2;
        if (close < after) close = text.indexOf('"', after);
        backslash = after > n ? -1 : text.indexOf('\\', after);
      }
      if (close === -1) return undefined;
      valueEnd = close;
      i = close + 1;
      if (i < n && text.charCodeAt(i) !== 0x20 && text.charCodeAt(i) !== 0x09) return undefined;
    } else {
      valueStart = i;
      if (tabbed) for (let c = text.charCodeAt(i); i < n && c !== 0x20 && c !== 0x09; c = text.charCodeAt(++i));
      else {
        // Bare values (ids, hashes) are most of a containerd line's bytes: a native search where no tab can end one.
        const space = text.indexOf(' ', i);
        i = space === -1 ? n : space;
      }
      valueEnd = i;
    }
    const keyLength = keyEnd - keyStart;
    if (keyLength === 5 && text.startsWith('level', keyStart)) {
      if (escaped) return SKIM_UNSURE;
      levelStart = valueStart;
      levelEnd = valueEnd;
    } else if (keyLength === 3 && text.startsWith('msg', keyStart)) sawMsg = true;
    else if (keyLength === 4 && text.startsWith('time', keyStart)) {
      if (timeText !== undefined || escaped) return SKIM_UNSURE;
      timeText = text.slice(valueStart, valueEnd);
      time = parseGoTime(timeText);
      if (!time) return SKIM_UNSURE;
    } else if (keyLength === 9 && text.startsWith('component', keyStart)) {
      if (escaped) return SKIM_UNSURE;
      component = text.slice(valueStart, valueEnd);
    } else if (keyLength === 13 && text.startsWith('_SYSTEMD_UNIT', keyStart)) return SKIM_UNSURE;
  }
  const severity = levelStart === -1 ? undefined : severityAt(text, levelStart, levelEnd);
  if (!severity || (!sawMsg && timeText === undefined)) return undefined;
  return parsed(time, severity, component || undefined, '', SKIMMED_FIELDS as Record<string, string>);
}

/**
 * `LEVELS[level.toLowerCase()]` of the level value at `text[start, end)`: the spellings logrus writes compared in
 * place, anything else looked up as `parseLogrus` looks it up.
 */
function severityAt(text: string, start: number, end: number): Severity | undefined {
  const length = end - start;
  if (length === 4 && text.startsWith('info', start)) return 'info';
  if (length === 5 && text.startsWith('debug', start)) return 'debug';
  if (length === 7 && text.startsWith('warning', start)) return 'warning';
  if (length === 5 && text.startsWith('error', start)) return 'error';
  return LEVELS[text.slice(start, end).toLowerCase()];
}

// Absent parts are undefined properties rather than spread-in optional ones: every record has one shape, and no
// temporary objects are built per line (consumers read the properties, never test for their presence).
function toRecord(p: Parsed, line: number, skimmedText?: string): ParsedRecord {
  return {
    type: 'record',
    format: 'logrus',
    line,
    lineCount: 1,
    time: p.time,
    severity: p.severity,
    component: p.component,
    message: p.message,
    fields: p.fields,
    skimmedText,
  };
}

export const logrus = {
  id: 'logrus',
  title: 'logrus text (containerd, k3s, docker)',
  sniff: neverThrows(
    (text: string): number => {
      if (typeof text !== 'string') return 0;
      if (/^time="\d{4}-\d\d-\d\d[T ][^"]*" level=[a-z]+ /.test(text)) return 0.95;
      if (/^level=(trace|debug|info|warning|warn|error|fatal|panic) /.test(text)) return 0.8;
      if (TTY_HEAD.test(text.includes('\x1b') ? text.replace(ANSI, '') : text)) return 0.9;
      return 0;
    },
    0,
  ),
  createParser: () =>
    createSingleLineParser(
      (line) => {
        const p = parseLogrus(line.text);
        return p ? toRecord(p, line.lineNumber) : undefined;
      },
      (line) => {
        const p = skimLogrus(line.text);
        if (p === SKIM_UNSURE || p === undefined || !skimWorthy(p.severity)) return SKIM_UNSURE;
        return toRecord(p, line.lineNumber, line.text);
      },
    ),
  parsePayload: neverThrows(
    (message: string): Payload | undefined => {
      return parseLogrus(message);
    },
    undefined,
  ),
  skimPayload: neverThrows((message: string): Payload | undefined | SkimUnsure => skimLogrus(message), SKIM_UNSURE),
  samples: [
    {
      // https://github.com/containerd/containerd/pull/9104 (containerd 1.x: plugin id quoted inside msg, +08:00 offset)
      lines: [
        'time="2023-09-24T23:18:06.488717812+08:00" level=info msg="loading plugin \\"io.containerd.service.v1.containers-service\\"..." type=io.containerd.service.v1',
      ],
      source: 'https://github.com/containerd/containerd/pull/9104',
      expect: {
        severity: 'info',
        message: 'loading plugin "io.containerd.service.v1.containers-service"...',
        time: { kind: 'instant', epochMs: Date.UTC(2023, 8, 24, 15, 18, 6) + 488.717812 },
        fields: { type: 'io.containerd.service.v1' },
      },
    },
    {
      // https://github.com/containerd/containerd/pull/10793 (containerd 2.x: constant msg, id moved to a field)
      lines: [
        'time="2024-10-08T00:18:58.439380523Z" level=info msg="loading plugin" id=io.containerd.grpc.v1.containers type=io.containerd.grpc.v1',
      ],
      source: 'https://github.com/containerd/containerd/pull/10793',
      expect: {
        time: { kind: 'instant', epochMs: Date.UTC(2024, 9, 8, 0, 18, 58) + 439.380523 },
        severity: 'info',
        message: 'loading plugin',
        fields: { id: 'io.containerd.grpc.v1.containers', type: 'io.containerd.grpc.v1' },
      },
    },
    {
      // https://gist.github.com/tdewitt/d76fec8a6dc56bcd1724f8b5fcb6e701 (empty bare value)
      lines: ['time="2019-06-28T16:41:33.005640836+01:00" level=info msg="starting containerd" revision= version=1.2.5+unknown'],
      source: 'https://gist.github.com/tdewitt/d76fec8a6dc56bcd1724f8b5fcb6e701',
      expect: { time: { kind: 'instant', epochMs: Date.UTC(2019, 5, 28, 15, 41, 33) + 5.640836 }, severity: 'info', message: 'starting containerd', fields: { revision: '', version: '1.2.5+unknown' } },
    },
    {
      // https://github.com/k3s-io/k3s/issues/4116 (k3s: seconds precision)
      lines: ['time="2021-11-23T00:22:28Z" level=info msg="Starting k3s v1.22.3+k3s1 (61a2aab2)"'],
      source: 'https://github.com/k3s-io/k3s/issues/4116',
      expect: {
        severity: 'info',
        message: 'Starting k3s v1.22.3+k3s1 (61a2aab2)',
        time: { kind: 'instant', epochMs: Date.UTC(2021, 10, 23, 0, 22, 28) },
      },
    },
    {
      // https://github.com/containerd/containerd/pull/2490 (TTY formatter)
      lines: [
        'INFO[2018-07-24T08:11:07.397856489Z] starting containerd                           revision=c3195155cacb361cd3549c4d78901b20aa19579a version=v1.1.0-203-gc3195155',
      ],
      source: 'https://github.com/containerd/containerd/pull/2490',
      expect: {
        time: { kind: 'instant', epochMs: Date.UTC(2018, 6, 24, 8, 11, 7) + 397.856489 },
        severity: 'info',
        message: 'starting containerd',
        fields: { revision: 'c3195155cacb361cd3549c4d78901b20aa19579a', version: 'v1.1.0-203-gc3195155' },
      },
    },
    {
      // https://github.com/containerd/containerd/pull/994 (pre-2018 TTY: seconds since process start)
      lines: ['INFO[0000] starting debug API...                         debug="/run/containerd/debug.sock" module=containerd'],
      source: 'https://github.com/containerd/containerd/pull/994',
      expect: {
        severity: 'info',
        message: 'starting debug API...',
        time: { kind: 'process-relative', seconds: 0 },
        fields: { debug: '/run/containerd/debug.sock', module: 'containerd' },
      },
    },
    {
      // https://github.com/k0sproject/k0s/issues/1195 (k0s wraps containerd's logrus line in its own msg)
      lines: [
        'time="2021-10-15 22:12:21" level=info msg="time=\\"2021-10-15T22:12:21.589575156Z\\" level=info msg=\\"loading plugin \\\\\\"io.containerd.service.v1.namespaces-service\\\\\\"...\\" type=io.containerd.service.v1" component=containerd',
      ],
      source: 'https://github.com/k0sproject/k0s/issues/1195',
      expect: {
        severity: 'info',
        message:
          'time="2021-10-15T22:12:21.589575156Z" level=info msg="loading plugin \\"io.containerd.service.v1.namespaces-service\\"..." type=io.containerd.service.v1',
        time: { kind: 'wall', wall: { year: 2021, month: 10, day: 15, hour: 22, minute: 12, second: 21, millis: 0 } },
        fields: { component: 'containerd' },
      },
    },
  ],
} satisfies LogFormat;

/** The index of the first character at or after `i` that is neither a space nor a tab. */
function skipBlanks(text: string, i: number): number {
  const n = text.length;
  for (let c = text.charCodeAt(i); i < n && (c === 0x20 || c === 0x09); c = text.charCodeAt(++i));
  return i;
}

/** Where a key starting at `i` ends: at its `=`, or at a blank or quote that makes the pair unreadable. */
function endOfKey(text: string, i: number): number {
  const n = text.length;
  for (let c = text.charCodeAt(i); i < n && c !== 0x3d && c !== 0x20 && c !== 0x22 && c !== 0x09; c = text.charCodeAt(++i));
  return i;
}
