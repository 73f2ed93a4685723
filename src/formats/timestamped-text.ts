import type { Severity } from '../model/log-event.js';
import type { LineParser, LogFormat, ParsedRecord, RecordTime, WallTime } from './log-format.js';
import { capnslog } from './capnslog.js';
import { cri } from './cri.js';
import { dmesgHuman } from './dmesg-human.js';
import { dmesg } from './dmesg.js';
import { createContinuedParser } from './create-continued-parser.js';
import { journalShort } from './journal-short.js';
import { monthNames } from './month-names.js';
import { neverThrows } from './never-throws.js';
import { syslog } from './syslog.js';
import { zapConsole } from './zap-console.js';
import { isValidClock } from './time/is-valid-clock.js';

/*
 * Application log lines that open with a timestamp and have no other structure the specific formats know:
 * Hadoop/Zookeeper/log4j/Python logging (`2015-10-18 18:01:47,978 INFO …`), juju, cloud-init, dpkg, OpenStack, Go's
 * `log` package (`2009/11/10 23:00:00 …`), Spark (`17/06/09 20:10:40 …`), HDFS (`081109 203615 …`), epoch seconds or
 * milliseconds, ctime (`Sun Dec 04 04:47:44 2005`), logcat (`03-17 16:13:38.811`, no year), Tomcat
 * (`12-Jan-2023 10:00:00.123`), java.util.logging (`Jan 12, 2023 10:00:00 AM`), and the access-log time
 * `[10/Oct/2000:13:55:36 -0700]` near the start of the line. The shapes follow lnav's built-in formats
 * (tstack/lnav src/formats/*.json) and Loghub's samples. Indented lines and Java/Python exception lines that follow a
 * stamped line belong to it. The level word near the stamp (`INFO`, `[error]`, `Warning`) gives the severity.
 */

const MONTHS = monthNames.join('|');
const MONTH_NUMBER: Readonly<Record<string, number>> = Object.fromEntries(monthNames.map((m, i) => [m, i + 1]));

/** What a leading stamp gave: the time and how many characters of the line it took (0 when it is not a prefix). */
interface Stamp {
  readonly time: RecordTime;
  readonly length: number;
  /** True when a specific format (CRI `kubectl logs --timestamps`) has the better claim to this shape. */
  readonly weak?: boolean;
}

interface Shape {
  readonly pattern: RegExp;
  read(m: RegExpExecArray): Stamp | undefined;
}

const EPOCH_MIN_SECONDS = 946_684_800; // 2000-01-01
const EPOCH_MAX_SECONDS = 4_102_444_800; // 2100-01-01

function fractionMillis(digits: string | undefined): number {
  return digits ? Number(`0.${digits}`) * 1000 : 0;
}

function offsetOf(zone: string | undefined): number | undefined {
  if (zone === undefined) return undefined;
  if (zone === 'Z' || zone === 'UTC' || zone === 'GMT') return 0;
  const m = /^([+-])(\d{2}):?(\d{2})$/.exec(zone);
  if (!m) return undefined;
  const minutes = Number(m[2]) * 60 + Number(m[3]);
  return m[1] === '-' ? -minutes : minutes;
}

function wall(parts: { year?: number; month: number; day: number; hour: number; minute: number; second: number; millis: number; offsetMinutes?: number }, length: number, weak = false): Stamp | undefined {
  if (!isValidClock(parts.month, parts.day, parts.hour, parts.minute, parts.second)) return undefined;
  const w: WallTime = {
    ...(parts.year !== undefined ? { year: parts.year } : {}),
    month: parts.month,
    day: parts.day,
    hour: parts.hour,
    minute: parts.minute,
    second: parts.second,
    millis: parts.millis,
    ...(parts.offsetMinutes !== undefined ? { offsetMinutes: parts.offsetMinutes } : {}),
  };
  return { time: { kind: 'wall', wall: w }, length, ...(weak ? { weak } : {}) };
}

const n = Number;

/** Leading-stamp shapes, most common first; each is anchored at the line start (after an optional `[`). */
const SHAPES: readonly Shape[] = [
  {
    // 2015-10-18 18:01:47,978 · 2017-05-16 00:00:00.008 · 2025-01-24T07:00:30,139 · 2009/11/10 23:00:00 · 2022-01-01T10:00:00+02:00
    pattern: /^\[?(\d{4})([-/])(\d{2})\2(\d{2})([T ])(\d{2}):(\d{2}):(\d{2})(?:[.,:](\d{1,9}))?(?: ?(Z|[+-]\d{2}:?\d{2}|UTC|GMT)(?![\w:]))?\]?/,
    read: (m) =>
      wall(
        { year: n(m[1]), month: n(m[3]), day: n(m[4]), hour: n(m[6]), minute: n(m[7]), second: n(m[8]), millis: fractionMillis(m[9]), offsetMinutes: offsetOf(m[10]) },
        m[0].length,
        // `<RFC 3339> <text>` is also `kubectl logs --timestamps`, which CRI reads.
        m[5] === 'T' && m[10] !== undefined && m[0][0] !== '[',
      ),
  },
  {
    // 20171223-22:15:29:606 (Loghub HealthApp) · 20230102 150405
    pattern: /^(\d{4})(\d{2})(\d{2})[-T ](\d{2}):?(\d{2}):?(\d{2})(?:[.,:](\d{1,9}))?(?![\d:])/,
    read: (m) => wall({ year: n(m[1]), month: n(m[2]), day: n(m[3]), hour: n(m[4]), minute: n(m[5]), second: n(m[6]), millis: fractionMillis(m[7]) }, m[0].length),
  },
  {
    // 17/06/09 20:10:40 (Spark, log4j `yy/MM/dd HH:mm:ss`)
    pattern: /^(\d{2})\/(\d{2})\/(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:[.,](\d{1,9}))?(?![\d:])/,
    read: (m) => wall({ year: 2000 + n(m[1]), month: n(m[2]), day: n(m[3]), hour: n(m[4]), minute: n(m[5]), second: n(m[6]), millis: fractionMillis(m[7]) }, m[0].length),
  },
  {
    // 081109 203615 (HDFS, `yyMMdd HHmmss`)
    pattern: /^(\d{2})(\d{2})(\d{2}) (\d{2})(\d{2})(\d{2})(?= )/,
    read: (m) => wall({ year: 2000 + n(m[1]), month: n(m[2]), day: n(m[3]), hour: n(m[4]), minute: n(m[5]), second: n(m[6]), millis: 0 }, m[0].length),
  },
  {
    // 1428634687123 (epoch milliseconds) · 1534860261 / 1534860261.221373 (epoch seconds)
    pattern: /^(\d{13}|\d{10})(?:\.(\d{1,9}))?(?=[\s,;|\]]|$)/,
    read: (m) => {
      const seconds = m[1]!.length === 13 ? n(m[1]) / 1000 : n(m[1]) + (m[2] ? n(`0.${m[2]}`) : 0);
      if (seconds < EPOCH_MIN_SECONDS || seconds >= EPOCH_MAX_SECONDS) return undefined;
      return { time: { kind: 'instant', epochMs: Math.round(seconds * 1_000_000) / 1000 }, length: m[0].length };
    },
  },
  {
    // Sun Dec 04 04:47:44 2005 (ctime; `[…]` in Apache error logs)
    pattern: new RegExp(String.raw`^\[?(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) (${MONTHS}) +(\d{1,2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))? (\d{4})\]?`),
    read: (m) => wall({ year: n(m[7]), month: MONTH_NUMBER[m[1]!]!, day: n(m[2]), hour: n(m[3]), minute: n(m[4]), second: n(m[5]), millis: fractionMillis(m[6]) }, m[0].length),
  },
  {
    // 12-Jan-2023 10:00:00.123 (Tomcat)
    pattern: new RegExp(String.raw`^(\d{2})-(${MONTHS})-(\d{4}) (\d{2}):(\d{2}):(\d{2})(?:[.,](\d{1,9}))?`),
    read: (m) => wall({ year: n(m[3]), month: MONTH_NUMBER[m[2]!]!, day: n(m[1]), hour: n(m[4]), minute: n(m[5]), second: n(m[6]), millis: fractionMillis(m[7]) }, m[0].length),
  },
  {
    // Jan 12, 2023 10:00:00 AM (java.util.logging SimpleFormatter)
    pattern: new RegExp(String.raw`^(${MONTHS}) (\d{1,2}), (\d{4}) (\d{1,2}):(\d{2}):(\d{2}) ([AP]M)`),
    read: (m) => {
      const hour12 = n(m[4]);
      if (hour12 < 1 || hour12 > 12) return undefined;
      const hour = (hour12 % 12) + (m[7] === 'PM' ? 12 : 0);
      return wall({ year: n(m[3]), month: MONTH_NUMBER[m[1]!]!, day: n(m[2]), hour, minute: n(m[5]), second: n(m[6]), millis: 0 }, m[0].length);
    },
  },
  {
    // 03-17 16:13:38.811 (Android logcat `threadtime`, no year)
    pattern: /^(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})\.(\d{3})(?= )/,
    read: (m) => wall({ month: n(m[1]), day: n(m[2]), hour: n(m[3]), minute: n(m[4]), second: n(m[5]), millis: n(m[6]) }, m[0].length),
  },
];

/** Common/combined access-log time, which follows the client address: `… [10/Oct/2000:13:55:36 -0700] "GET …`. */
const ACCESS_LOG_TIME = new RegExp(String.raw`\[(\d{2})/(${MONTHS})/(\d{4}):(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))? ([+-]\d{4})\]`);
/** How far into the line the access-log time may sit (client address, ident, user). */
const ACCESS_LOG_HEAD = 160;

function readStamp(text: string): Stamp | undefined {
  const first = text.charCodeAt(0);
  // Every shape opens with a digit, `[`, or a month/day name: one test rejects most other lines.
  const opensLikeStamp = (first >= 48 && first <= 57) || first === 91 || (first >= 65 && first <= 90);
  if (opensLikeStamp) {
    const head = text.length > 64 ? text.slice(0, 64) : text;
    for (const shape of SHAPES) {
      const m = shape.pattern.exec(head);
      if (!m) continue;
      const stamp = shape.read(m);
      if (stamp) return stamp;
    }
  }
  const access = ACCESS_LOG_TIME.exec(text.length > ACCESS_LOG_HEAD ? text.slice(0, ACCESS_LOG_HEAD) : text);
  if (!access) return undefined;
  return wall(
    { year: n(access[3]), month: MONTH_NUMBER[access[2]!]!, day: n(access[1]), hour: n(access[4]), minute: n(access[5]), second: n(access[6]), millis: fractionMillis(access[7]), offsetMinutes: offsetOf(access[8]) },
    0,
  );
}

/** Formats that own some stamped lines outright: a line one of them claims is never this format's. */
const SPECIFIC: readonly LogFormat[] = [cri, journalShort, syslog, capnslog, dmesgHuman, dmesg, zapConsole];
const SPECIFIC_CLAIM = 0.5;

function ownedBySpecificFormat(text: string): boolean {
  for (const format of SPECIFIC) if (format.sniff(text) >= SPECIFIC_CLAIM) return true;
  return false;
}

const LEVELS: Readonly<Record<string, Severity>> = {
  TRACE: 'debug',
  DEBUG: 'debug',
  DBG: 'debug',
  FINE: 'debug',
  FINER: 'debug',
  FINEST: 'debug',
  INFO: 'info',
  INF: 'info',
  NOTICE: 'info',
  CONFIG: 'info',
  WARN: 'warning',
  WARNING: 'warning',
  WRN: 'warning',
  ERROR: 'error',
  ERR: 'error',
  SEVERE: 'error',
  CRIT: 'critical',
  CRITICAL: 'critical',
  FATAL: 'critical',
  PANIC: 'critical',
  EMERG: 'critical',
  ALERT: 'critical',
};
/** Words of the first few tokens after the stamp (`148 INFO dfs…`, `- INFO  [Quorum…`, `util.py[DEBUG]:`). */
const TOKEN = /[A-Za-z]+/g;
const LEVEL_SEARCH_CHARS = 48;
const LEVEL_SEARCH_TOKENS = 4;

/**
 * The level word among the first tokens after the stamp: upper case (`WARN`), capitalised (`Info`, Windows CBS) or
 * lower case inside brackets (`[error]`, Apache). A lower-case word in running text (`error connecting`) is not a level.
 */
function levelOf(rest: string): Severity | undefined {
  const head = rest.slice(0, LEVEL_SEARCH_CHARS);
  TOKEN.lastIndex = 0;
  for (let i = 0; i < LEVEL_SEARCH_TOKENS; i++) {
    const m = TOKEN.exec(head);
    if (!m) return undefined;
    const word = m[0];
    const upper = word.toUpperCase();
    const severity = LEVELS[upper];
    if (severity === undefined) continue;
    if (word === upper || word === upper[0] + upper.slice(1).toLowerCase()) return severity;
    if (head[m.index - 1] === '[' && head[m.index + word.length] === ']') return severity;
  }
  return undefined;
}

/** Lines that continue the record above them: indented lines, Java `Caused by:`/`... N more`, exception headers, Python tracebacks. */
const CONTINUATION = /^(?:[ \t]+\S|Caused by: |\.\.\. \d+ (?:more|common frames omitted)|Traceback \(most recent call last\):|[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+(?:Exception|Error|Throwable)(?::|$))/;
/** A record joins at most this many lines, so one unstamped flood cannot grow without bound. */
const MAX_RECORD_LINES = 1000;
/** Separators between the stamp and the message (`2012-07-02 10:22:40,672:DEBUG:`, `… - INFO`). */
const LEADING_SEPARATORS = /^[\s,|:-]+/;

interface Pending {
  readonly line: number;
  readonly time: RecordTime;
  readonly severity: Severity | undefined;
  readonly parts: string[];
}

function startOf(text: string, lineNumber: number): Pending | undefined {
  const body = text.endsWith('\r') ? text.slice(0, -1) : text;
  const stamp = readStamp(body);
  if (!stamp || ownedBySpecificFormat(body)) return undefined;
  const rest = stamp.length > 0 ? body.slice(stamp.length).replace(LEADING_SEPARATORS, '') : body;
  return { line: lineNumber, time: stamp.time, severity: levelOf(rest), parts: [rest] };
}

function toRecord(p: Pending): ParsedRecord {
  return {
    type: 'record',
    format: 'timestamped-text',
    line: p.line,
    lineCount: p.parts.length,
    time: p.time,
    ...(p.severity ? { severity: p.severity } : {}),
    message: p.parts.join('\n'),
    fields: {},
    // The text after the stamp may be JSON, logfmt or klog: the payload formats get a look at it.
    hasPayload: p.parts.length === 1,
  };
}

function createTimestampedTextParser(): LineParser {
  return createContinuedParser<Pending>({
    startOf: (line) => startOf(line.text, line.lineNumber),
    continuationOf: (pending) => pending.parts,
    continues: CONTINUATION,
    maxContinuation: MAX_RECORD_LINES,
    toRecord,
  });
}

/** Lower than every specific format's claim; `weak` shapes stay under CRI's score for `kubectl logs --timestamps`. */
const SCORE = 0.55;
const WEAK_SCORE = 0.4;
const ACCESS_LOG_SCORE = 0.5;

const sniff = neverThrows((text: string): number => {
  if (typeof text !== 'string') return 0;
  const stamp = readStamp(text);
  if (!stamp || ownedBySpecificFormat(text)) return 0;
  if (stamp.weak) return WEAK_SCORE;
  return stamp.length === 0 ? ACCESS_LOG_SCORE : SCORE;
}, 0);

/** Plain application lines that open with (or, for access logs, carry near the start) a recognisable timestamp. */
export const timestampedText = {
  id: 'timestamped-text',
  title: 'Text lines with a leading timestamp (log4j, Python logging, Go log, Spark, HDFS, epoch, …)',
  sniff,
  createParser: createTimestampedTextParser,
  samples: [
    {
      // Loghub Hadoop_2k.log line 1 (logpai/loghub)
      lines: ['2015-10-18 18:01:47,978 INFO [main] org.apache.hadoop.mapreduce.v2.app.MRAppMaster: Created MRAppMaster for application appattempt_1445144423722_0020_000001'],
      source: 'https://github.com/logpai/loghub/blob/master/Hadoop/Hadoop_2k.log',
      expect: {
        severity: 'info',
        message: 'INFO [main] org.apache.hadoop.mapreduce.v2.app.MRAppMaster: Created MRAppMaster for application appattempt_1445144423722_0020_000001',
        time: { kind: 'wall', wall: { year: 2015, month: 10, day: 18, hour: 18, minute: 1, second: 47, millis: 978 } },
      },
    },
    {
      // Loghub Spark_2k.log line 1 (logpai/loghub); also lnav test/logfile_spark.0
      lines: ['17/06/09 20:10:40 INFO executor.CoarseGrainedExecutorBackend: Registered signal handlers for [TERM, HUP, INT]'],
      source: 'https://github.com/logpai/loghub/blob/master/Spark/Spark_2k.log',
      expect: {
        severity: 'info',
        time: { kind: 'wall', wall: { year: 2017, month: 6, day: 9, hour: 20, minute: 10, second: 40, millis: 0 } },
      },
    },
    {
      // Loghub HDFS_2k.log line 1 (logpai/loghub)
      lines: ['081109 203615 148 INFO dfs.DataNode$PacketResponder: PacketResponder 1 for block blk_38865049064139660 terminating'],
      source: 'https://github.com/logpai/loghub/blob/master/HDFS/HDFS_2k.log',
      expect: {
        severity: 'info',
        message: '148 INFO dfs.DataNode$PacketResponder: PacketResponder 1 for block blk_38865049064139660 terminating',
        time: { kind: 'wall', wall: { year: 2008, month: 11, day: 9, hour: 20, minute: 36, second: 15, millis: 0 } },
      },
    },
    {
      // Loghub Zookeeper_2k.log (logpai/loghub)
      lines: ['2015-07-29 19:04:29,071 - WARN  [SendWorker:188978561024:QuorumCnxManager$SendWorker@688] - Send worker leaving thread'],
      source: 'https://github.com/logpai/loghub/blob/master/Zookeeper/Zookeeper_2k.log',
      expect: {
        severity: 'warning',
        message: 'WARN  [SendWorker:188978561024:QuorumCnxManager$SendWorker@688] - Send worker leaving thread',
        time: { kind: 'wall', wall: { year: 2015, month: 7, day: 29, hour: 19, minute: 4, second: 29, millis: 71 } },
      },
    },
    {
      // lnav test/logfile_epoch.0 (tstack/lnav, BSD-2)
      lines: ['1428634687123 Hello, World!'],
      source: 'https://github.com/tstack/lnav/blob/master/test/logfile_epoch.0',
      expect: { message: 'Hello, World!', time: { kind: 'instant', epochMs: 1428634687123 } },
    },
  ],
} satisfies LogFormat;
