import { createRequire } from 'node:module';
import type { LineCounter, Node } from 'yaml';
import type { LogLine } from '../model/log-line.js';
import type { LineParser, LogFormat, ParsedRecord, ParseOutput, ParserStep, RecordTime } from './log-format.js';
import { guardParser } from './guard-parser.js';
import { neverThrows } from './never-throws.js';
import { rfc3339Instant } from './rfc3339-instant.js';

// The YAML parser (some 70 modules) loads only when an Event document is read, not at every run's start-up.
const requireModule = createRequire(import.meta.url);
let yamlModule: typeof import('yaml') | undefined;
const yaml = (): typeof import('yaml') => (yamlModule ??= requireModule('yaml') as typeof import('yaml'));

/*
 * Kubernetes Events saved as whole API documents, each Event read into one record with the same component and message
 * shape as the table form (`k8s-event`, `<Type> <Reason> <kind>/<name>: <note>`), so the event signatures read both:
 * - `kubectl get events -o json` / `-o yaml` (an EventList, `-A` included), a single Event, several `---` documents;
 * - troubleshoot bundles' `cluster-resources/events/<namespace>.json` (client-go's EventList, items without kind);
 * - sos `sos_commands/kubernetes/…get…events…` captures taken with `-o json`;
 * - events.k8s.io/v1 Events (`regarding`, `note`, `reportingController`, `deprecatedSource`, `series`).
 * The document is only whole at the end of the member, so lines are buffered (up to MAX_DOCUMENT_BYTES) and parsed at
 * flush; a document that does not parse, or is too large, is handed back line by line as plain text (never dropped).
 */

/** Buffered text at most; event files of a large namespace run to a few MiB. */
export const MAX_DOCUMENT_BYTES = 32 * 1024 * 1024;

/** Keys only an Event (core/v1 or events.k8s.io/v1) has, as JSON (`"involvedObject":`) or YAML (`involvedObject:`). */
const EVENT_KEY = /^\s*(?:- )?"?(?:involvedObject|regarding|firstTimestamp|lastTimestamp|reportingComponent|reportingController|deprecatedSource)"?\s*:/;
const EVENT_LIST_KIND = /^\s*(?:- )?"?kind"?\s*:\s*"?EventList"?\s*,?\s*$/;
const EVENT_KIND = /^\s*(?:- )?"?kind"?\s*:\s*"?Event"?\s*,?\s*$/;
const REASON_KEY = /^\s*(?:- )?"?reason"?\s*:/;
/** How a JSON document or a YAML mapping opens. */
const DOCUMENT_START = /^(?:\{\s*$|\[\s*$|---\s*$|[A-Za-z"][\w"]*\s*:(?:\s|$))/;

/**
 * How sure the first lines are of an Event document: 1 with the EventList kind or Event keys, 0.5 for a document
 * that opens like a list (a troubleshoot file whose first items start with long metadata); else 0.
 */
export function eventDocumentScore(lines: readonly string[]): number {
  const first = lines.find((l) => l.trim().length > 0);
  if (first === undefined || !DOCUMENT_START.test(first)) return 0;
  let eventKeys = 0;
  let kinds = 0;
  let reason = false;
  for (const line of lines) {
    if (EVENT_LIST_KIND.test(line)) return 1;
    if (EVENT_KEY.test(line)) eventKeys++;
    else if (EVENT_KIND.test(line)) kinds++;
    else if (REASON_KEY.test(line)) reason = true;
  }
  if (eventKeys >= 2 || (eventKeys >= 1 && (kinds > 0 || reason))) return 1;
  return /^[{[]\s*$/.test(first.trim()) || lines.some((l) => /^\s*"?items"?\s*:/.test(l)) ? 0.5 : 0;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function objectOf(value: Json | undefined): Record<string, Json> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? value : undefined;
}

function stringOf(value: Json | undefined): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

function timeOf(value: Json | undefined): RecordTime | undefined {
  const text = stringOf(value);
  return text === undefined ? undefined : rfc3339Instant(text);
}

/** An Event object (core/v1 or events.k8s.io/v1): it has a reason and the object it is about. */
function isEvent(value: Record<string, Json>): boolean {
  return stringOf(value['reason']) !== undefined && (objectOf(value['involvedObject']) !== undefined || objectOf(value['regarding']) !== undefined);
}

/** One Event → one record; undefined when it lacks a type or reason. */
export function eventToRecord(event: Record<string, Json>, line: number, lineCount: number): ParsedRecord | undefined {
  const type = stringOf(event['type']) ?? 'Normal';
  const reason = stringOf(event['reason']);
  if (reason === undefined) return undefined;
  const involved = objectOf(event['involvedObject']) ?? objectOf(event['regarding']) ?? {};
  const source = objectOf(event['source']) ?? objectOf(event['deprecatedSource']) ?? {};
  const series = objectOf(event['series']) ?? {};
  const kind = stringOf(involved['kind']);
  const name = stringOf(involved['name']) ?? 'unknown';
  // The newest moment the event was seen: a series' last observation, else the last time it was counted.
  const time =
    timeOf(series['lastObservedTime']) ??
    timeOf(event['lastTimestamp']) ??
    timeOf(event['deprecatedLastTimestamp']) ??
    timeOf(event['eventTime']) ??
    timeOf(event['firstTimestamp']) ??
    timeOf(event['deprecatedFirstTimestamp']) ??
    timeOf(objectOf(event['metadata'])?.['creationTimestamp']);
  const object = kind ? `${kind.toLowerCase()}/${name}` : name;
  const fields: Record<string, string> = { type, reason, object };
  const namespace = stringOf(involved['namespace']) ?? stringOf(objectOf(event['metadata'])?.['namespace']);
  if (namespace) fields['namespace'] = namespace;
  const count = event['count'] ?? event['deprecatedCount'] ?? series['count'];
  if (typeof count === 'number' && count > 0) fields['count'] = String(count);
  const reporter = stringOf(source['component']) ?? stringOf(event['reportingComponent']) ?? stringOf(event['reportingController']);
  if (reporter) fields['source'] = reporter;
  const fieldPath = stringOf(involved['fieldPath']);
  if (fieldPath) fields['fieldPath'] = fieldPath;
  // The node the event happened on: the reporting kubelet's host, or the Node the event is about.
  const host = stringOf(source['host']) ?? (kind === 'Node' ? name : undefined);
  const note = stringOf(event['message']) ?? stringOf(event['note']) ?? '';
  return {
    type: 'record',
    format: 'k8s-event-documents',
    line,
    lineCount,
    ...(time ? { time } : {}),
    ...(host ? { host } : {}),
    severity: type === 'Warning' ? 'warning' : 'info',
    component: 'k8s-event',
    message: `${type} ${reason} ${object}: ${note}`,
    fields,
  };
}

/** The Events of one parsed document with the node each came from (for its line): a list's items, or the document. */
function eventsOf(root: Node | null | undefined, lines: LineCounter): { value: Record<string, Json>; line: number; lineCount: number }[] {
  const out: { value: Record<string, Json>; line: number; lineCount: number }[] = [];
  const push = (node: unknown): void => {
    if (!yaml().isMap(node)) return;
    const value = objectOf(node.toJSON() as Json);
    if (!value || !isEvent(value)) return;
    const [start = 0, end = start] = node.range ?? [];
    const line = lines.linePos(start).line;
    out.push({ value, line, lineCount: Math.max(1, lines.linePos(Math.max(start, end - 1)).line - line + 1) });
  };
  const items = yaml().isMap(root) ? root.get('items', true) : yaml().isSeq(root) ? root : undefined;
  if (yaml().isSeq(items)) for (const item of items.items) push(item);
  else push(root);
  return out;
}

function createEventDocumentsParser(): LineParser {
  let buffered: LogLine[] = [];
  let bytes = 0;
  let overflowed = false;
  const plain = (input: LogLine): ParsedRecord => ({ type: 'record', format: 'plain-text', line: input.lineNumber, lineCount: 1, message: input.text, fields: {}, hasPayload: true });

  const push = (input: LogLine): ParserStep => {
    if (overflowed) return { accepted: true, out: [plain(input)] };
    buffered.push(input);
    bytes += input.text.length + 1;
    if (bytes <= MAX_DOCUMENT_BYTES) return { accepted: true, out: [] };
    // Too large to parse whole: every line stays an event, as plain text.
    overflowed = true;
    const out = buffered.map(plain);
    buffered = [];
    return { accepted: true, out };
  };

  const flush = (): readonly ParseOutput[] => {
    if (buffered.length === 0) return [];
    const held = buffered;
    buffered = [];
    bytes = 0;
    const firstLine = held[0]!.lineNumber;
    const text = held.map((l) => (l.text.endsWith('\r') ? l.text.slice(0, -1) : l.text)).join('\n');
    const counter = new (yaml().LineCounter)();
    const records: ParseOutput[] = [];
    try {
      const documents = yaml().parseAllDocuments(text, { lineCounter: counter, uniqueKeys: false, strict: false });
      const list = Array.isArray(documents) ? documents : [documents];
      for (const document of list) {
        if (document.errors.length > 0) throw new Error(document.errors[0]!.message);
        for (const event of eventsOf(document.contents, counter)) {
          const record = eventToRecord(event.value, firstLine + event.line - 1, event.lineCount);
          if (record) records.push(record);
        }
      }
    } catch {
      // Not a whole document (cut short, not YAML/JSON after all): the lines as plain text, so nothing is lost.
      return held.map(plain);
    }
    // A document without a single Event (a list of something else): its lines as they were.
    return records.length > 0 ? records : held.map(plain);
  };

  return guardParser({ push, flush }, () => {
    buffered = [];
    bytes = 0;
  });
}

/** A single line never tells an Event document: detection reads the first lines together (`sniffDocument`). */
const sniff = neverThrows((_text: string): number => 0, 0);

/** Kubernetes Events as JSON or YAML documents (kubectl get events -o json/yaml, troubleshoot events/<ns>.json). */
export const k8sEventDocuments = {
  id: 'k8s-event-documents',
  title: 'Kubernetes Events as JSON/YAML documents (kubectl get events -o json|yaml, troubleshoot events)',
  sniff,
  sniffDocument: neverThrows(eventDocumentScore, 0),
  createParser: createEventDocumentsParser,
  samples: [
    {
      // `kubectl get events -o=json` (kubectl 1.16) posted in https://github.com/Shopify/krane/pull/666; one item
      lines: [
        '{',
        '    "apiVersion": "v1",',
        '    "items": [',
        '        {',
        '            "apiVersion": "v1",',
        '            "count": 25,',
        '            "eventTime": null,',
        '            "firstTimestamp": "2020-01-17T04:56:28Z",',
        '            "involvedObject": {',
        '                "apiVersion": "v1",',
        '                "kind": "Pod",',
        '                "name": "pvc",',
        '                "namespace": "k8sdeploy-test-pvc-no-pv-f0090cb6f9122249",',
        '                "resourceVersion": "24498",',
        '                "uid": "b8896365-38e5-11ea-bfb2-1a9a625dc63b"',
        '            },',
        '            "kind": "Event",',
        '            "lastTimestamp": "2020-01-17T04:56:55Z",',
        '            "message": "0/1 nodes are available: 1 node(s) didn\'t find available persistent volumes to bind.",',
        '            "reason": "FailedScheduling",',
        '            "source": {',
        '                "component": "default-scheduler"',
        '            },',
        '            "type": "Warning"',
        '        }',
        '    ],',
        '    "kind": "List"',
        '}',
      ],
      source: 'https://github.com/Shopify/krane/pull/666',
      expect: {
        severity: 'warning',
        message: "Warning FailedScheduling pod/pvc: 0/1 nodes are available: 1 node(s) didn't find available persistent volumes to bind.",
        fields: { type: 'Warning', reason: 'FailedScheduling', object: 'pod/pvc', count: '25', source: 'default-scheduler' },
        time: { kind: 'instant', epochMs: Date.UTC(2020, 0, 17, 4, 56, 55) },
      },
    },
  ],
} satisfies LogFormat;
