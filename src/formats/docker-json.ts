import type { LogLine } from '../model/log-line.js';
import type { LineParser, LogFormat, ParsedRecord, ParseOutput, ParserStep, RecordTime } from './log-format.js';
import { rfc3339Instant } from './rfc3339-instant.js';

/*
 * Docker json-file driver (`/var/lib/docker/containers/<id>/<id>-json.log`, and the kubelet's
 * dockershim-era pod logs): `{"log":"content\n","stream":"stdout","time":"<RFC3339Nano>"}`.
 * The driver splits long output (16 KiB) into entries whose `log` has no trailing newline; the
 * entry that ends with `\n` completes the line (moby daemon/logger/jsonfilelog, kubelet
 * logs.go::parseDockerJSONLog).
 */

interface Entry {
  readonly log: string;
  readonly stream: string | undefined;
  readonly time: RecordTime | undefined;
  readonly truncated?: boolean;
}

const ESCAPES: Readonly<Record<string, string>> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/**
 * The `log` value of an entry that ingest cut at the line-length limit: `time` and `stream` come after `log`, so only
 * the decoded start of the content survives. Undefined when the line does not start like an entry.
 */
function salvageLog(text: string): string | undefined {
  if (!text.startsWith('{"log":"')) return undefined;
  let out = '';
  for (let i = 8; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"') break;
    if (c !== '\\') {
      out += c;
      continue;
    }
    const next = text[i + 1];
    if (next === undefined) break;
    if (next === 'u') {
      const hex = text.slice(i + 2, i + 6);
      if (!/^[0-9a-fA-F]{4}$/.test(hex)) break;
      out += String.fromCharCode(parseInt(hex, 16));
      i += 5;
      continue;
    }
    const decoded = ESCAPES[next];
    if (decoded === undefined) break;
    out += decoded;
    i++;
  }
  return out;
}

function entryOf(text: string, truncated: boolean): Entry | undefined {
  if (!text.startsWith('{')) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    if (!truncated) return undefined;
    const log = salvageLog(text);
    return log === undefined ? undefined : { log, stream: undefined, time: undefined, truncated: true };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const obj = value as Record<string, unknown>;
  if (typeof obj.log !== 'string') return undefined;
  return {
    log: obj.log,
    stream: typeof obj.stream === 'string' ? obj.stream : undefined,
    time: typeof obj.time === 'string' ? rfc3339Instant(obj.time) : undefined,
  };
}

interface Run {
  readonly line: number;
  readonly time: RecordTime | undefined;
  readonly stream: string | undefined;
  readonly chunks: string[];
}

function finish(run: Run, complete: boolean): ParsedRecord {
  let message = run.chunks.join('');
  // TTY containers write CRLF; the newline belongs to the envelope, not the message.
  if (message.endsWith('\n')) message = message.slice(0, message.endsWith('\r\n') ? -2 : -1);
  const fields: Record<string, string> = {};
  if (run.stream !== undefined) fields.stream = run.stream;
  if (!complete) fields.partial = 'true';
  return {
    type: 'record',
    format: 'docker-json',
    line: run.line,
    lineCount: run.chunks.length,
    ...(run.time ? { time: run.time } : {}),
    message,
    fields,
    hasPayload: true,
  };
}

function createDockerJsonParser(): LineParser {
  const runs = new Map<string, Run>();
  return {
    push(line: LogLine): ParserStep {
      const entry = entryOf(line.text, line.flags?.truncated === true);
      if (!entry) return { accepted: false, out: [] };
      if (entry.truncated) {
        // The cut entry's stream is unknown, so it cannot join a run: emit it on its own.
        const cut = finish({ line: line.lineNumber, time: undefined, stream: undefined, chunks: [entry.log] }, true);
        return { accepted: true, out: [{ ...cut, fields: { truncated: 'true' } }] };
      }
      const key = entry.stream ?? '';
      let run = runs.get(key);
      if (run) run.chunks.push(entry.log);
      else {
        run = { line: line.lineNumber, time: entry.time, stream: entry.stream, chunks: [entry.log] };
        runs.set(key, run);
      }
      if (!entry.log.endsWith('\n')) return { accepted: true, out: [] };
      runs.delete(key);
      return { accepted: true, out: [finish(run, true)] };
    },
    flush(): readonly ParseOutput[] {
      const out = [...runs.values()].sort((a, b) => a.line - b.line).map((run) => finish(run, false));
      runs.clear();
      return out;
    },
  };
}

function sniffDockerJson(text: string): number {
  if (typeof text !== 'string' || !text.startsWith('{"log":')) return 0;
  return /"stream":"(?:stdout|stderr)"/.test(text.slice(-200)) || /"time":"\d{4}-/.test(text.slice(-120)) ? 0.95 : 0.7;
}

/** Docker json-file container logs; partial entries (no trailing newline) join with the next one of the stream. */
export const dockerJson = {
  id: 'docker-json',
  title: 'Docker json-file container log',
  sniff: sniffDockerJson,
  createParser: createDockerJsonParser,
  samples: [
    {
      // pkg/kubelet/kuberuntime/logs/logs.go parseDockerJSONLog doc comment
      lines: ['{"log":"content 1","stream":"stdout","time":"2016-10-20T18:39:20.57606443Z"}'],
      source: 'https://github.com/kubernetes/kubernetes/blob/master/pkg/kubelet/kuberuntime/logs/logs.go',
      expect: {
        message: 'content 1',
        fields: { stream: 'stdout', partial: 'true' },
        time: { kind: 'instant', epochMs: Date.UTC(2016, 9, 20, 18, 39, 20) + 576.06443 },
      },
    },
    {
      // https://github.com/oracle/railcar/issues/32 (nginx access line, CRLF from a TTY)
      lines: ['{"log":"172.17.0.1 - - [24/Jan/2018:05:57:12 +0000] \\"GET / HTTP/1.1\\" 200 612 \\"-\\" \\"curl/7.57.0\\" \\"-\\"\\r\\n","stream":"stdout","time":"2018-01-24T05:57:12.583118365Z"}'],
      source: 'https://github.com/oracle/railcar/issues/32',
      expect: {
        message: '172.17.0.1 - - [24/Jan/2018:05:57:12 +0000] "GET / HTTP/1.1" 200 612 "-" "curl/7.57.0" "-"',
        fields: { stream: 'stdout' },
        time: { kind: 'instant', epochMs: Date.UTC(2018, 0, 24, 5, 57, 12) + 583.118365 },
      },
    },
    {
      // https://github.com/oracle/railcar/issues/32
      lines: ['{"log":"172.17.0.1 - - [24/Jan/2018:05:57:41 +0000] \\"GET / HTTP/1.1\\" 200 612 \\"-\\" \\"curl/7.57.0\\" \\"-\\"\\r\\n","stream":"stdout","time":"2018-01-24T05:57:41.083619427Z"}'],
      source: 'https://github.com/oracle/railcar/issues/32',
      expect: { fields: { stream: 'stdout' }, time: { kind: 'instant', epochMs: Date.UTC(2018, 0, 24, 5, 57, 41) + 83.619427 } },
    },
  ],
} satisfies LogFormat;
