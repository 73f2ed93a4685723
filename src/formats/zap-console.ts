import type { Severity } from '../model/log-event.js';
import type { LineParser, LogFormat, ParsedRecord, Payload, RecordTime } from './log-format.js';
import { createContinuedParser } from './create-continued-parser.js';
import { neverThrows } from './never-throws.js';
import { SKIM_UNSURE, type SkimUnsure } from './skim.js';
import { rfc3339Instant } from './rfc3339-instant.js';

/*
 * zap's console encoder (go.uber.org/zap zapcore/console_encoder.go): tab-separated time, level, logger name, caller
 * and message, each present only when configured, then the context fields as one JSON object, and the stack trace on
 * the following lines. The default of the OpenTelemetry collector, of controller-runtime operators in development mode
 * and of etcd's console output. The time is ISO 8601 with milliseconds and a zone (`2025-04-24T22:09:20.856Z`,
 * `2021-03-03T20:11:20.735+0900`) or epoch seconds as a float (`1.6566789075022764e+09`, controller-runtime ≤ 0.11).
 */

const ISO_TIME = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:[.,]\d{1,9})?)(Z|[+-]\d{2}:?\d{2})$/;
const EPOCH_TIME = /^\d{9,10}(?:\.\d+)?(?:e\+0?9)?$|^1\.\d+e\+09$/;
/** Level names as zap prints them (lower or upper case), and zapr's `LEVEL(-2)` for verbosity beyond debug. */
const LEVELS: Readonly<Record<string, Severity>> = {
  debug: 'debug',
  info: 'info',
  warn: 'warning',
  error: 'error',
  dpanic: 'critical',
  panic: 'critical',
  fatal: 'critical',
};
const NUMBERED_LEVEL = /^LEVEL\(-?\d+\)$/i;
/** `file.go:123` or `pkg/file.go:123` (zap's short caller). */
const CALLER = /^[\w.@/-]+\.\w+:\d+$/;
/** Stack-trace lines zap prints after the record: `pkg/path.(*T).Method` and the tab- or space-indented `file:line`. */
const STACK_LINE = /^(?:[ \t]+\S|[\w.@/-]+\/[\w.@/-]*\.[\w.()*[\]-]+$|[\w.-]+\.\(\*?[\w[\].]+\)\.[\w.]+$)/;
const MAX_RECORD_LINES = 500;

function timeOf(text: string): RecordTime | undefined {
  const iso = ISO_TIME.exec(text);
  if (iso) {
    const zone = iso[2]!.length === 5 ? `${iso[2]!.slice(0, 3)}:${iso[2]!.slice(3)}` : iso[2]!;
    return rfc3339Instant(`${iso[1]!.replace(',', '.')}${zone}`);
  }
  if (EPOCH_TIME.test(text)) {
    const seconds = Number(text);
    if (!Number.isFinite(seconds) || seconds < 946_684_800 || seconds >= 4_102_444_800) return undefined;
    return { kind: 'instant', epochMs: Math.round(seconds * 1_000_000) / 1000 };
  }
  return undefined;
}

function severityOf(level: string): Severity | undefined {
  const known = LEVELS[level.toLowerCase()];
  if (known) return known;
  return NUMBERED_LEVEL.test(level) ? 'debug' : undefined;
}

function contextFields(text: string, fields: Record<string, string>): boolean {
  if (!text.startsWith('{') || !text.endsWith('}')) return false;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return false;
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return false;
  for (const [key, value] of Object.entries(parsed as Record<string, unknown>)) {
    if (key === '__proto__') continue;
    fields[key] = typeof value === 'string' ? value : JSON.stringify(value);
  }
  return true;
}

interface ZapLine {
  readonly time: RecordTime;
  readonly severity: Severity;
  readonly message: string;
  readonly fields: Record<string, string>;
}

/** Reads one zap console line: time, level, then `[logger] [caller] message [{context}]`. */
function readZapLine(raw: string): ZapLine | undefined {
  const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
  const firstTab = text.indexOf('\t');
  if (firstTab < 9 || firstTab > 40) return undefined;
  const parts = text.split('\t');
  if (parts.length < 3) return undefined;
  const time = timeOf(parts[0]!);
  if (!time) return undefined;
  const severity = severityOf(parts[1]!);
  if (!severity) return undefined;
  const fields: Record<string, string> = {};
  let rest = parts.slice(2);
  // The context object is the last column; a message holding a tab is rare, and then it is joined back.
  if (rest.length > 1 && contextFields(rest[rest.length - 1]!, fields)) rest = rest.slice(0, -1);
  const callerAt = rest.findIndex((p) => CALLER.test(p));
  if (callerAt >= 0 && callerAt < rest.length - 1) {
    fields['caller'] = rest[callerAt]!;
    if (callerAt > 0) fields['logger'] = rest.slice(0, callerAt).join('\t');
    rest = rest.slice(callerAt + 1);
  } else if (rest.length > 1) {
    fields['logger'] = rest[0]!;
    rest = rest.slice(1);
  }
  return { time, severity, message: rest.join('\t'), fields };
}

interface Pending {
  readonly line: number;
  readonly parsed: ZapLine;
  readonly stack: string[];
}

function toRecord(p: Pending): ParsedRecord {
  const fields = p.stack.length > 0 ? { ...p.parsed.fields, stacktrace: p.stack.join('\n') } : p.parsed.fields;
  return {
    type: 'record',
    format: 'zap-console',
    line: p.line,
    lineCount: 1 + p.stack.length,
    time: p.parsed.time,
    severity: p.parsed.severity,
    message: p.parsed.message,
    fields,
  };
}

function createZapConsoleParser(): LineParser {
  return createContinuedParser<Pending>({
    startOf: (line) => {
      const parsed = readZapLine(line.text);
      return parsed ? { line: line.lineNumber, parsed, stack: [] } : undefined;
    },
    continuationOf: (pending) => pending.stack,
    continues: STACK_LINE,
    maxContinuation: MAX_RECORD_LINES,
    toRecord,
  });
}

/** zap console-encoded lines (tab-separated), with the stack trace lines that follow an error. */
export const zapConsole = {
  id: 'zap-console',
  title: 'zap console encoding (OpenTelemetry collector, controller-runtime, etcd)',
  sniff: neverThrows((text: string): number => (typeof text === 'string' && readZapLine(text.length > 4096 ? text.slice(0, 4096) : text) ? 0.9 : 0), 0),
  createParser: createZapConsoleParser,
  parsePayload: neverThrows((message: string): Payload | undefined => {
    const p = readZapLine(message);
    return p ? { format: 'zap-console', time: p.time, severity: p.severity, message: p.message, fields: p.fields } : undefined;
  }, undefined),
  // Sure only that a message is not zap's: `readZapLine` needs a time first (ISO_TIME and EPOCH_TIME start with a
  // digit) and its first tab at 9..40; anything that has both is parsed in full.
  skimPayload: (message: string): undefined | SkimUnsure => {
    const first = message.charCodeAt(0);
    if (!(first >= 0x30 && first <= 0x39)) return undefined;
    const tab = message.indexOf('\t');
    return tab < 9 || tab > 40 ? undefined : SKIM_UNSURE;
  },
  samples: [
    {
      // lnav test/logfile_zap_console.0 (OpenTelemetry collector), tstack/lnav, BSD-2
      lines: ['2025-04-24T22:09:20.854Z\tinfo\tMetrics\t{"otelcol.component.id": "debug", "otelcol.component.kind": "Exporter", "otelcol.signal": "metrics", "resource metrics": 3, "metrics": 27, "data points": 60}'],
      source: 'https://github.com/tstack/lnav/blob/master/test/logfile_zap_console.0',
      expect: {
        severity: 'info',
        message: 'Metrics',
        time: { kind: 'instant', epochMs: Date.UTC(2025, 3, 24, 22, 9, 20, 854) },
        fields: { 'otelcol.component.id': 'debug', 'resource metrics': '3' },
      },
    },
    {
      // https://github.com/kubevela/kubevela/issues/1130 (controller-runtime 0.6, local offset)
      lines: [
        '2021-03-03T20:11:22.982+0900\tERROR\tcontroller-runtime.source\tif kind is a CRD, it should be installed before calling Start\t{"kind": "ServiceMonitor.monitoring.coreos.com", "error": "no matches for kind \\"ServiceMonitor\\" in version \\"monitoring.coreos.com/v1\\""}',
      ],
      source: 'https://github.com/kubevela/kubevela/issues/1130',
      expect: {
        severity: 'error',
        message: 'if kind is a CRD, it should be installed before calling Start',
        time: { kind: 'instant', epochMs: Date.UTC(2021, 2, 3, 11, 11, 22, 982) },
        fields: { logger: 'controller-runtime.source', kind: 'ServiceMonitor.monitoring.coreos.com', error: 'no matches for kind "ServiceMonitor" in version "monitoring.coreos.com/v1"' },
      },
    },
  ],
} satisfies LogFormat;
