import type { Severity } from '../model/log-event.js';
import type { LogFormat, Payload, RecordTime } from './log-format.js';
import { createSingleLineParser } from './create-single-line-parser.js';
import { neverThrows } from './never-throws.js';
import { SKIM_UNSURE, type SkimUnsure } from './skim.js';
import { isValidClock } from './time/is-valid-clock.js';

// coreos/pkg capnslog LogLevel characters: Critical, Error, Warning, Notice, Info, Debug (and Trace).
const SEVERITY: Readonly<Record<string, Severity>> = {
  C: 'critical',
  E: 'error',
  W: 'warning',
  N: 'info',
  I: 'info',
  D: 'debug',
  T: 'debug',
};

// capnslog PrettyFormatter: `2006-01-02 15:04:05.000000 L | pkg: message` (local time, no zone).
const LINE = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})\.(\d{6}) ([CEWNIDT]) \| (.*)$/s;
const PKG = /^([\w./-]{1,64}): /;

interface Parsed {
  readonly time: RecordTime;
  readonly severity: Severity;
  readonly message: string;
  readonly fields: Record<string, string>;
}

/** `^\d{4}-`, LINE's start. */
function startsWithYearDash(text: string): boolean {
  for (let i = 0; i < 4; i++) {
    const c = text.charCodeAt(i);
    if (!(c >= 0x30 && c <= 0x39)) return false;
  }
  return text.charCodeAt(4) === 0x2d;
}

function parseCapnslog(raw: string): Parsed | undefined {
  // CRLF files (collected on or via Windows) keep the `\r` in the line text.
  const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
  const m = LINE.exec(text);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number);
  if (!isValidClock(month, day, hour, minute, second)) return undefined;
  const time: RecordTime = { kind: 'wall', wall: { year, month, day, hour, minute, second, millis: Number(m[7]) / 1000 } };
  const body = m[9];
  const pkg = PKG.exec(body);
  const fields: Record<string, string> = pkg ? { pkg: pkg[1] } : {};
  return { time, severity: SEVERITY[m[8]], message: pkg ? body.slice(pkg[0].length) : body, fields };
}

export const capnslog = {
  id: 'capnslog',
  title: 'capnslog (etcd 3.3 and older)',
  sniff: neverThrows(
    (text: string): number => {
      return typeof text === 'string' && LINE.test(text) ? 0.95 : 0;
    },
    0,
  ),
  createParser: () =>
    createSingleLineParser((line) => {
      const p = parseCapnslog(line.text);
      return p ? { type: 'record', format: 'capnslog', line: line.lineNumber, lineCount: 1, ...p } : undefined;
    }),
  parsePayload: neverThrows(
    (message: string): Payload | undefined => {
      const p = parseCapnslog(message);
      return p ? { format: 'capnslog', ...p } : undefined;
    },
    undefined,
  ),
  // Sure only that a message is not capnslog: LINE needs `dddd-` first; anything that has it is parsed in full.
  skimPayload: (message: string): undefined | SkimUnsure => (startsWithYearDash(message) ? SKIM_UNSURE : undefined),
  samples: [
    {
      // https://github.com/etcd-io/etcd/issues/10174 (etcd 3.1.18)
      lines: [
        '2018-10-11 08:36:19.724999 W | etcdserver: read-only range request "key:\\"/registry/secrets/kube-system/app-manager-appmanager-token-2tv68\\" " with result "range_response_count:1 size:2579" took too long (1.602181876s) to execute',
      ],
      source: 'https://github.com/etcd-io/etcd/issues/10174',
      expect: {
        severity: 'warning',
        message:
          'read-only range request "key:\\"/registry/secrets/kube-system/app-manager-appmanager-token-2tv68\\" " with result "range_response_count:1 size:2579" took too long (1.602181876s) to execute',
        time: { kind: 'wall', wall: { year: 2018, month: 10, day: 11, hour: 8, minute: 36, second: 19, millis: 724.999 } },
        fields: { pkg: 'etcdserver' },
      },
    },
    {
      // https://github.com/etcd-io/etcd/issues/7970 (raft info line)
      lines: ['2017-05-24 01:01:24.978516 I | raft: f262b8a2d1159226 became follower at term 103878'],
      source: 'https://github.com/etcd-io/etcd/issues/7970',
      expect: { time: { kind: 'wall', wall: { year: 2017, month: 5, day: 24, hour: 1, minute: 1, second: 24, millis: 978.516 } }, severity: 'info', message: 'f262b8a2d1159226 became follower at term 103878', fields: { pkg: 'raft' } },
    },
    {
      // https://github.com/rancher/rancher/issues/7432 (error level)
      lines: ['2017-01-16 19:10:10.474495 E | rafthttp: request cluster ID mismatch (got 59a8a5efa102 want 7e27652122e8b2ae)'],
      source: 'https://github.com/rancher/rancher/issues/7432',
      expect: {
        time: { kind: 'wall', wall: { year: 2017, month: 1, day: 16, hour: 19, minute: 10, second: 10, millis: 474.495 } },
        severity: 'error',
        message: 'request cluster ID mismatch (got 59a8a5efa102 want 7e27652122e8b2ae)',
        fields: { pkg: 'rafthttp' },
      },
    },
    {
      // https://github.com/etcd-io/etcd/issues/7970 (debug level, nested package path)
      lines: ['2017-05-24 01:01:25.993791 D | etcdserver/api/v2http: [GET] /version remote:20.26.28.83:39056'],
      source: 'https://github.com/etcd-io/etcd/issues/7970',
      expect: { time: { kind: 'wall', wall: { year: 2017, month: 5, day: 24, hour: 1, minute: 1, second: 25, millis: 993.791 } }, severity: 'debug', message: '[GET] /version remote:20.26.28.83:39056', fields: { pkg: 'etcdserver/api/v2http' } },
    },
  ],
} satisfies LogFormat;
