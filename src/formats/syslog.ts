import type { LogFormat, ParsedRecord, RecordTime } from './log-format.js';
import { createSingleLineParser } from './create-single-line-parser.js';
import { monthNames } from './month-names.js';
import { prioritySeverities } from './priority-severities.js';
import { rfc3339Instant } from './rfc3339-instant.js';

/*
 * Syslog WIRE forms, i.e. lines that still carry `<PRI>`: RFC 5424
 * (`<PRI>VERSION TIMESTAMP HOSTNAME APP-NAME PROCID MSGID STRUCTURED-DATA [MSG]`,
 * https://datatracker.ietf.org/doc/html/rfc5424#section-6) and RFC 3164
 * (`<PRI>Mmm dd hh:mm:ss HOSTNAME TAG[PID]: MSG`, https://datatracker.ietf.org/doc/html/rfc3164#section-4.1).
 * PRI-less file lines (`/var/log/syslog`, rsyslog RFC3339 files) are journal-short's.
 */

const FACILITIES = [
  'kern', 'user', 'mail', 'daemon', 'auth', 'syslog', 'lpr', 'news', 'uucp', 'cron', 'authpriv', 'ftp',
  'ntp', 'security', 'console', 'solaris-cron', 'local0', 'local1', 'local2', 'local3', 'local4', 'local5', 'local6', 'local7',
];

const PRI = /^<(\d{1,3})>/;
const RFC5424_HEADER = /^<(\d{1,3})>(\d{1,2}) (\S+) (\S+) (\S+) (\S+) (\S+) /;
const RFC3164_HEADER = new RegExp(String.raw`^<(\d{1,3})>(${monthNames.join('|')}) ([ \d]\d) (\d{2}):(\d{2}):(\d{2}) `);
const ISO_HEADER = /^<(\d{1,3})>(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2})) /;
const TAG = /^([^\s[\]:]{1,64})(?:\[([^\]\s]{1,32})\])?: ?/;
/**
 * RFC 5424 as files keep it, without `<PRI>VERSION ` (rsyslog `RSYSLOG_SyslogProtocol23Format` minus the wire
 * prefix, VMware/NSX appliances): `TIMESTAMP HOSTNAME APP-NAME PROCID MSGID SD`. PROCID is a number or `-` and SD
 * starts with `-` or `[`, which no CRI or `kubectl logs --timestamps` line has in those places.
 */
const RFC5424_WITHOUT_PRI = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2}) (?!stdout |stderr )[^\s[\]]{1,255} [^\s[\]]{1,48} (?:\d{1,10}|-) [^\s[\]]{1,32} (?:- |-$|\[)/;

interface Draft {
  time?: RecordTime;
  host?: string;
  unit?: string;
  pid?: number;
  message: string;
  fields: Record<string, string>;
}

function nil(value: string): string | undefined {
  return value === '-' ? undefined : value;
}

/** Reads `[id k="v" …]…` from `pos`; returns where it ended, or -1 when the elements are malformed. */
function readStructuredData(text: string, pos: number, fields: Record<string, string>): number {
  if (text[pos] === '-') return pos + 1;
  if (text[pos] !== '[') return -1;
  const found: Record<string, string> = {};
  while (text[pos] === '[') {
    pos++;
    const idEnd = scanName(text, pos);
    if (idEnd === pos) return -1;
    const id = text.slice(pos, idEnd);
    pos = idEnd;
    while (text[pos] === ' ') {
      pos++;
      const nameEnd = scanName(text, pos);
      if (nameEnd === pos || text[nameEnd] !== '=' || text[nameEnd + 1] !== '"') return -1;
      const name = text.slice(pos, nameEnd);
      pos = nameEnd + 2;
      let value = '';
      for (;;) {
        if (pos >= text.length) return -1;
        const c = text[pos]!;
        if (c === '"') break;
        // RFC 5424 §6.3.3: only `"`, `\` and `]` are escaped; any other backslash is kept as-is.
        if (c === '\\' && (text[pos + 1] === '"' || text[pos + 1] === '\\' || text[pos + 1] === ']')) {
          value += text[pos + 1];
          pos += 2;
          continue;
        }
        value += c;
        pos++;
      }
      pos++;
      found[`${id}.${name}`] = value;
    }
    if (text[pos] !== ']') return -1;
    pos++;
  }
  Object.assign(fields, found);
  return pos;
}

/** SD-NAME: printable ASCII except `=`, space, `]` and `"` (RFC 5424 §6.3.2). */
function scanName(text: string, pos: number): number {
  let end = pos;
  while (end < text.length && end - pos < 64) {
    const code = text.charCodeAt(end);
    if (code <= 32 || code > 126 || code === 61 || code === 93 || code === 34) break;
    end++;
  }
  return end;
}

function parseRfc5424(text: string): Draft | undefined {
  const m = RFC5424_HEADER.exec(text);
  if (!m || m[2] === '0') return undefined;
  const stamp = m[3]!;
  const time = stamp === '-' ? undefined : rfc3339Instant(stamp);
  if (stamp !== '-' && !time) return undefined;
  const fields: Record<string, string> = {};
  const procid = nil(m[6]!);
  const msgid = nil(m[7]!);
  if (msgid !== undefined) fields.msgid = msgid;
  const pid = procid !== undefined && /^\d{1,10}$/.test(procid) ? Number(procid) : undefined;
  if (procid !== undefined && pid === undefined) fields.procid = procid;
  const sdStart = m[0].length;
  const sdEnd = readStructuredData(text, sdStart, fields);
  let message: string;
  if (sdEnd < 0) message = text.slice(sdStart);
  else message = text[sdEnd] === ' ' ? text.slice(sdEnd + 1) : text.slice(sdEnd);
  // MSG may start with a UTF-8 BOM (§6.4); decoded, that is U+FEFF.
  if (message.startsWith('\uFEFF')) message = message.slice(1);
  return { time, host: nil(m[4]!), unit: nil(m[5]!), pid, message, fields };
}

/** `host tag[pid]: msg`, `tag[pid]: msg` (local `logger`, no host), or `host msg`. */
function readHostTag(rest: string, draft: Draft): void {
  const direct = TAG.exec(rest);
  if (direct && rest[direct[1]!.length] !== ' ') {
    applyTag(direct, rest, draft);
    return;
  }
  const space = rest.indexOf(' ');
  if (space <= 0) {
    draft.message = rest;
    return;
  }
  draft.host = rest.slice(0, space);
  const after = rest.slice(space + 1);
  const tag = TAG.exec(after);
  if (tag && after[tag[1]!.length] !== ' ') applyTag(tag, after, draft);
  else draft.message = after;
}

function applyTag(m: RegExpExecArray, text: string, draft: Draft): void {
  draft.unit = m[1];
  if (m[2] !== undefined) {
    if (/^\d{1,10}$/.test(m[2])) draft.pid = Number(m[2]);
    else draft.fields.procid = m[2];
  }
  draft.message = text.slice(m[0].length);
}

function parseRfc3164(text: string): Draft | undefined {
  const m = RFC3164_HEADER.exec(text);
  if (!m) return undefined;
  const day = Number(m[3]!.trim());
  const [hour, minute, second] = [Number(m[4]), Number(m[5]), Number(m[6])];
  if (day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return undefined;
  const draft: Draft = {
    time: { kind: 'wall', wall: { month: monthNames.indexOf(m[2]!) + 1, day, hour, minute, second, millis: 0 } },
    message: '',
    fields: {},
  };
  readHostTag(text.slice(m[0].length), draft);
  return draft;
}

/** rsyslog forwarding with an RFC3339 stamp but no VERSION (`<PRI>2020-…Z host tag: msg`). */
function parseIsoWire(text: string): Draft | undefined {
  const m = ISO_HEADER.exec(text);
  if (!m) return undefined;
  const time = rfc3339Instant(m[2]!);
  if (!time) return undefined;
  const draft: Draft = { time, message: '', fields: {} };
  readHostTag(text.slice(m[0].length), draft);
  return draft;
}

function parseSyslogLine(text: string, lineNumber: number): ParsedRecord | undefined {
  const pri = PRI.exec(text);
  if (!pri) return RFC5424_WITHOUT_PRI.test(text) ? parseWithoutPri(text, lineNumber) : undefined;
  const value = Number(pri[1]);
  if (value > 191) return undefined;
  const draft = parseRfc5424(text) ?? parseRfc3164(text) ?? parseIsoWire(text) ?? { message: text.slice(pri[0].length), fields: {} };
  const facility = FACILITIES[value >> 3];
  const fields = facility ? { facility, ...draft.fields } : draft.fields;
  return {
    type: 'record',
    format: 'syslog',
    line: lineNumber,
    lineCount: 1,
    // Absent parts stay undefined properties: one record shape, no temporary objects per line.
    time: draft.time || undefined,
    host: draft.host,
    unit: draft.unit,
    pid: draft.pid,
    severity: prioritySeverities[value % 8]!,
    message: draft.message,
    fields,
    hasPayload: true,
  };
}

/** A PRI-less RFC 5424 line: read as if `<PRI>1 ` were there, with no facility or severity to report. */
function parseWithoutPri(text: string, lineNumber: number): ParsedRecord | undefined {
  const draft = parseRfc5424(`<13>1 ${text}`);
  if (!draft || !draft.time) return undefined;
  return {
    type: 'record',
    format: 'syslog',
    line: lineNumber,
    lineCount: 1,
    time: draft.time,
    host: draft.host,
    unit: draft.unit,
    pid: draft.pid,
    severity: undefined,
    message: draft.message,
    fields: draft.fields,
    hasPayload: true,
  };
}

function sniffSyslog(text: string): number {
  if (typeof text !== 'string') return 0;
  if (text[0] !== '<') return RFC5424_WITHOUT_PRI.test(text.slice(0, 512)) ? 0.9 : 0;
  const head = text.slice(0, 48);
  const pri = PRI.exec(head);
  if (!pri || Number(pri[1]) > 191) return 0;
  if (/^<\d{1,3}>[1-9]\d? (?:\d{4}-\d{2}-\d{2}T|- )/.test(head)) return 0.95;
  if (RFC3164_HEADER.test(head)) return 0.9;
  if (ISO_HEADER.test(head)) return 0.85;
  // `<6>[  12.3] msg` is the /dev/kmsg prefix in front of a dmesg line, not syslog.
  if (head[pri[0].length] === '[') return 0.1;
  return 0.35;
}

/** Syslog wire lines with `<PRI>`: RFC 5424 (structured data, NILVALUE, BOM) and RFC 3164. */
export const syslog = {
  id: 'syslog',
  title: 'Syslog wire format (RFC 5424 / RFC 3164 with <PRI>)',
  sniff: sniffSyslog,
  createParser: () => createSingleLineParser((line) => parseSyslogLine(line.text, line.lineNumber)),
  samples: [
    {
      // RFC 5424 §6.5 example 1 (the BOM before the message, decoded)
      lines: ["<34>1 2003-10-11T22:14:15.003Z mymachine.example.com su - ID47 - \uFEFF'su root' failed for lonvick on /dev/pts/8"],
      source: 'https://datatracker.ietf.org/doc/html/rfc5424#section-6.5',
      expect: {
        severity: 'critical',
        host: 'mymachine.example.com',
        unit: 'su',
        message: "'su root' failed for lonvick on /dev/pts/8",
        time: { kind: 'instant', epochMs: Date.UTC(2003, 9, 11, 22, 14, 15) + 3 },
        fields: { facility: 'auth', msgid: 'ID47' },
      },
    },
    {
      // RFC 5424 §6.5 example 3: structured data, no MSG
      lines: ['<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut="3" eventSource="Application" eventID="1011"] An application event log entry...'],
      source: 'https://datatracker.ietf.org/doc/html/rfc5424#section-6.5',
      expect: {
        time: { kind: 'instant', epochMs: Date.UTC(2003, 9, 11, 22, 14, 15) + 3 },
        severity: 'info',
        host: 'mymachine.example.com',
        unit: 'evntslog',
        message: 'An application event log entry...',
        fields: { facility: 'local4', msgid: 'ID47', 'exampleSDID@32473.iut': '3', 'exampleSDID@32473.eventSource': 'Application', 'exampleSDID@32473.eventID': '1011' },
      },
    },
    {
      // https://github.com/rsyslog/rsyslog/issues/1120: SD is NILVALUE, the bracket text is MSG
      lines: ['<46>1 2016-08-18T10:35:20.662120+00:00 MYHOSTNAME rsyslogd - - - [origin software="rsyslogd" swVersion="8.20.0" x-pid="21741" x-info="http://www.rsyslog.com"] start'],
      source: 'https://github.com/rsyslog/rsyslog/issues/1120',
      expect: {
        severity: 'info',
        host: 'MYHOSTNAME',
        unit: 'rsyslogd',
        message: '[origin software="rsyslogd" swVersion="8.20.0" x-pid="21741" x-info="http://www.rsyslog.com"] start',
        time: { kind: 'instant', epochMs: Date.UTC(2016, 7, 18, 10, 35, 20) + 662.12 },
        fields: { facility: 'syslog' },
      },
    },
    {
      // https://github.com/solzimer/nsyslog-parser/issues/5: util-linux `logger` with a +01:00 offset
      lines: ['<13>1 2020-02-02T13:55:52.332998+01:00 nuc standa - - [timeQuality tzKnown="1" isSynced="1" syncAccuracy="77000"] test message from logger'],
      source: 'https://github.com/solzimer/nsyslog-parser/issues/5',
      expect: {
        severity: 'info',
        host: 'nuc',
        unit: 'standa',
        message: 'test message from logger',
        time: { kind: 'instant', epochMs: Date.UTC(2020, 1, 2, 12, 55, 52) + 332.998 },
        fields: { facility: 'user', 'timeQuality.tzKnown': '1', 'timeQuality.syncAccuracy': '77000' },
      },
    },
    {
      // RFC 3164 §5.4 example 1
      lines: ["<34>Oct 11 22:14:15 mymachine su: 'su root' failed for lonvick on /dev/pts/8"],
      source: 'https://datatracker.ietf.org/doc/html/rfc3164#section-5.4',
      expect: {
        severity: 'critical',
        host: 'mymachine',
        unit: 'su',
        message: "'su root' failed for lonvick on /dev/pts/8",
        time: { kind: 'wall', wall: { month: 10, day: 11, hour: 22, minute: 14, second: 15, millis: 0 } },
        fields: { facility: 'auth' },
      },
    },
    {
      // https://github.com/vectordotdev/vector/issues/741 (SD omitted by the sender: the rest is kept as MSG)
      lines: ['<11>1 2020-05-21T19:32:12.581Z ch-ansible-temp-test-ds.smedc.local. - 6993 void DB::Syst<...>fficial build))'],
      source: 'https://github.com/vectordotdev/vector/issues/741',
      expect: { time: { kind: 'instant', epochMs: Date.UTC(2020, 4, 21, 19, 32, 12) + 581 }, severity: 'error', host: 'ch-ansible-temp-test-ds.smedc.local.', pid: 6993, fields: { facility: 'user' } },
    },
  ],
} satisfies LogFormat;
