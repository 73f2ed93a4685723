import { isLosslessNumber, parse, stringify } from 'lossless-json';
import type { Severity } from '../model/log-event.js';
import type { LogFormat, ParsedRecord, Payload, RecordTime } from './log-format.js';
import { createSingleLineParser } from './create-single-line-parser.js';
import { neverThrows } from './never-throws.js';
import { SKIM_UNSURE, type SkimUnsure } from './skim.js';
import { parseGoTime } from './parse-go-time.js';

const LEVELS: Readonly<Record<string, Severity>> = {
  trace: 'debug',
  debug: 'debug',
  info: 'info',
  notice: 'info',
  warn: 'warning',
  warning: 'warning',
  error: 'error',
  err: 'error',
  // zap: DPanic/Panic/Fatal; others as in syslog priorities
  dpanic: 'critical',
  panic: 'critical',
  fatal: 'critical',
  critical: 'critical',
  crit: 'critical',
  alert: 'critical',
  emerg: 'critical',
};

const MESSAGE_KEYS = ['msg', 'message'] as const;
const LEVEL_KEYS = ['level', 'severity', 'lvl'] as const;
const TIME_KEYS = ['ts', 'time', 'timestamp', '@timestamp', 'requestReceivedTimestamp'] as const;

/** Epoch numbers by magnitude: < 1e11 s, < 1e14 ms, < 1e17 µs, otherwise ns. */
function epochToMs(raw: string): RecordTime | undefined {
  if (!/^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?$/.test(raw)) return undefined;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) return undefined;
  if (n >= 1e14 && /^\d+$/.test(raw)) {
    // µs/ns integers exceed 2^53: split the digits so the millisecond part stays exact.
    const cut = n < 1e17 ? 3 : 6;
    return { kind: 'instant', epochMs: Number(raw.slice(0, -cut)) + Number(`0.${raw.slice(-cut)}`) };
  }
  const epochMs = n < 1e11 ? n * 1000 : n < 1e14 ? n : n < 1e17 ? n / 1000 : n / 1e6;
  return { kind: 'instant', epochMs };
}

function parseTimeValue(v: unknown): RecordTime | undefined {
  if (isLosslessNumber(v)) return epochToMs(v.value);
  if (typeof v === 'number') return epochToMs(String(v));
  if (typeof v === 'string') return parseGoTime(v) ?? (/^\d+(\.\d+)?$/.test(v) ? epochToMs(v) : undefined);
  return undefined;
}

/** pino's highest built-in level is 60 (fatal); custom levels stay well below this. */
const MAX_NUMERIC_LEVEL = 100;

function levelOf(v: unknown): Severity | undefined {
  if (typeof v === 'string') return LEVELS[v.toLowerCase()];
  if (isLosslessNumber(v) || typeof v === 'number') {
    // pino numeric levels: 10 trace, 20 debug, 30 info, 40 warn, 50 error, 60 fatal
    const n = Number(isLosslessNumber(v) ? v.value : v);
    // `1e999` is Infinity: a number outside any logger's levels says nothing about severity.
    if (!Number.isFinite(n) || n > MAX_NUMERIC_LEVEL) return undefined;
    if (n >= 60) return 'critical';
    if (n >= 50) return 'error';
    if (n >= 40) return 'warning';
    if (n >= 30) return 'info';
    if (n >= 10) return 'debug';
  }
  return undefined;
}

const LONG_NUMBER = /[\d.]{16}/;

/** Field text: strings as they are, numbers in their original digits, anything else as (lossless) JSON. */
function fieldText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  if (isLosslessNumber(v)) return v.value;
  return stringify(v) ?? String(v);
}

function parseObject(text: string): Record<string, unknown> | undefined {
  const trimmed = text.trim();
  if (!trimmed.startsWith('{') || !trimmed.endsWith('}')) return undefined;
  let value: unknown;
  // Only numbers of 16+ digits can lose precision in JSON.parse; the lossless parser is several times slower.
  if (LONG_NUMBER.test(trimmed)) {
    try {
      value = parse(trimmed);
    } catch {
      // lossless-json refuses duplicate keys, which zap can emit; the last-wins parser below still reads them.
    }
  }
  if (value === undefined) {
    try {
      value = JSON.parse(trimmed);
    } catch {
      return undefined;
    }
  }
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** Journal JSON and docker json-file objects belong to their own envelope formats. */
function isForeign(o: Record<string, unknown>): boolean {
  return '__CURSOR' in o || '__REALTIME_TIMESTAMP' in o || ('log' in o && 'stream' in o);
}

interface Parsed {
  readonly time?: RecordTime;
  readonly severity?: Severity;
  readonly component?: string;
  readonly message: string;
  readonly fields: Record<string, string>;
}

function parseJsonLine(text: string): Parsed | undefined {
  const o = parseObject(text);
  if (!o || isForeign(o)) return undefined;
  const used = new Set<string>();
  let message: string | undefined;
  for (const k of MESSAGE_KEYS) {
    if (k in o && message === undefined) {
      message = fieldText(o[k]);
      used.add(k);
    }
  }
  let severity: Severity | undefined;
  for (const k of LEVEL_KEYS) {
    if (severity === undefined && k in o) {
      severity = levelOf(o[k]);
      if (severity) used.add(k);
    }
  }
  let time: RecordTime | undefined;
  for (const k of TIME_KEYS) {
    if (time === undefined && k in o) {
      time = parseTimeValue(o[k]);
      if (time) used.add(k);
    }
  }
  // klog JSON (--logging-format=json) has no level: `v` marks info lines and error lines carry `err` without `v`.
  if (severity === undefined && message !== undefined) {
    if ('v' in o) severity = Number(fieldText(o.v)) > 0 ? 'debug' : 'info';
    else if ('err' in o) severity = 'error';
  }
  const fields: Record<string, string> = {};
  for (const [k, v] of Object.entries(o)) {
    if (!used.has(k)) fields[k] = fieldText(v);
  }
  const component = typeof o.component === 'string' && o.component ? o.component : undefined;
  return {
    ...(time ? { time } : {}),
    ...(severity ? { severity } : {}),
    ...(component ? { component } : {}),
    // Objects without a message key (audit events, metrics) keep their whole text so patterns still see it.
    message: message ?? text.trim(),
    fields,
  };
}

function toRecord(p: Parsed, line: number): ParsedRecord {
  return { type: 'record', format: 'json-lines', line, lineCount: 1, ...p };
}

export const jsonLines = {
  id: 'json-lines',
  title: 'JSON lines (zap, logrus JSON, pino, klog JSON)',
  sniff: neverThrows(
    (text: string): number => {
      if (typeof text !== 'string') return 0;
      const t = text.trim();
      if (!/^\{\s*"/.test(t) || !t.endsWith('}')) return 0;
      if (t.startsWith('{"__CURSOR"') || t.includes('"__REALTIME_TIMESTAMP"') || (t.startsWith('{"log":') && t.includes('"stream":')))
        return 0;
      const head = t.slice(0, 400);
      let score = 0.6;
      if (/"(msg|message)":/.test(head)) score += 0.15;
      if (/"(level|severity|lvl)":/.test(head)) score += 0.1;
      if (/"(ts|time|timestamp)":/.test(head)) score += 0.1;
      return score;
    },
    0,
  ),
  createParser: () =>
    createSingleLineParser((line) => {
      const p = parseJsonLine(line.text);
      return p ? toRecord(p, line.lineNumber) : undefined;
    }),
  parsePayload: neverThrows(
    (message: string): Payload | undefined => {
      const p = parseJsonLine(message);
      return p ? { format: 'json-lines', ...p } : undefined;
    },
    undefined,
  ),
  // Sure only that a message is not JSON: `parseObject` trims it and needs `{` first, so a message starting with a
  // printable ASCII character other than `{` (never trimmed) is not one; anything else is parsed in full.
  skimPayload: (message: string): undefined | SkimUnsure => {
    const first = message.charCodeAt(0);
    return first > 0x20 && first < 0x7f && first !== 0x7b /* { */ ? undefined : SKIM_UNSURE;
  },
  samples: [
    {
      // https://github.com/agola-io/agola/issues/107 (zap, epoch float seconds)
      lines: [
        '{"level":"warn","ts":1568166948.8119395,"caller":"etcdserver/util.go:144","msg":"apply request took too long","took":0.101501094,"expected-duration":0.1,"prefix":"","request":"header:<ID:7587840912673251462 > lease_grant:<ttl:5-second id:694d6d1ba410a085>","response":"size:42"}',
      ],
      source: 'https://github.com/agola-io/agola/issues/107',
      expect: {
        severity: 'warning',
        message: 'apply request took too long',
        time: { kind: 'instant', epochMs: 1568166948811.9395 },
        fields: { caller: 'etcdserver/util.go:144', took: '0.101501094', 'expected-duration': '0.1', prefix: '', response: 'size:42' },
      },
    },
    {
      // https://github.com/k3s-io/k3s/issues/4787 (k3s embedded etcd: ISO ts with -0700, request id above 2^53)
      lines: [
        '{"level":"warn","ts":"2022-03-17T17:23:34.581-0700","caller":"etcdserver/v3_server.go:815","msg":"waiting for ReadIndex response took too long, retrying","sent-request-id":9825868788154341894,"retry-timeout":"500ms"}',
      ],
      source: 'https://github.com/k3s-io/k3s/issues/4787',
      expect: {
        severity: 'warning',
        message: 'waiting for ReadIndex response took too long, retrying',
        time: { kind: 'instant', epochMs: Date.UTC(2022, 2, 18, 0, 23, 34, 581) },
        fields: { 'sent-request-id': '9825868788154341894', 'retry-timeout': '500ms' },
      },
    },
    {
      // https://docs.couchbase.com/operator/current/concept-operator-logging.html (operator-sdk zap with `logger`)
      lines: ['{"level":"info","ts":1580377225.2966235,"logger":"couchbaseutil","msg":"Cluster status","cluster":"default/cb-example","balance":"balanced","rebalancing":false}'],
      source: 'https://docs.couchbase.com/operator/current/concept-operator-logging.html',
      expect: {
        time: { kind: 'instant', epochMs: 1580377225.2966235 * 1000 },
        severity: 'info',
        message: 'Cluster status',
        fields: { logger: 'couchbaseutil', cluster: 'default/cb-example', balance: 'balanced', rebalancing: 'false' },
      },
    },
    {
      // pinojs/pino README.md (numeric level, epoch ms)
      lines: ['{"level":30,"time":1531171074631,"msg":"hello world","pid":657,"hostname":"Davids-MBP-3.fritz.box"}'],
      source: 'https://github.com/pinojs/pino/blob/main/README.md',
      expect: {
        severity: 'info',
        message: 'hello world',
        time: { kind: 'instant', epochMs: 1531171074631 },
        fields: { pid: '657', hostname: 'Davids-MBP-3.fritz.box' },
      },
    },
    {
      // sirupsen/logrus README.md (JSONFormatter with Go time.String() time)
      lines: ['{"animal":"walrus","level":"info","msg":"A group of walrus emerges from the ocean","size":10,"time":"2014-03-10 19:57:38.562264131 -0400 EDT"}'],
      source: 'https://github.com/sirupsen/logrus/blob/master/README.md',
      expect: {
        severity: 'info',
        message: 'A group of walrus emerges from the ocean',
        time: { kind: 'instant', epochMs: Date.UTC(2014, 2, 10, 23, 57, 38) + 562.264131 },
        fields: { animal: 'walrus', size: '10' },
      },
    },
    {
      // https://kubernetes.io/docs/concepts/cluster-administration/system-logs/ (klog JSON example; the page pretty-prints it, joined here onto one line)
      lines: ['{"ts": 1580306777.04728,"v": 4,"msg": "Pod status updated","pod":{"name":"nginx-1","namespace":"default"},"status": "ready"}'],
      source: 'https://kubernetes.io/docs/concepts/cluster-administration/system-logs/',
      expect: {
        severity: 'debug',
        message: 'Pod status updated',
        time: { kind: 'instant', epochMs: 1580306777047.28 },
        fields: { v: '4', pod: '{"name":"nginx-1","namespace":"default"}', status: 'ready' },
      },
    },
  ],
} satisfies LogFormat;
