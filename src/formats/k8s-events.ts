import type { LogLine } from '../model/log-line.js';
import type { LineParser, LogFormat, ParsedRecord, ParseOutput, ParserStep, RecordTime } from './log-format.js';
import { guardParser } from './guard-parser.js';
import { neverThrows } from './never-throws.js';

/*
 * Kubernetes Events as kubectl prints them, each read into one record (component `k8s-event`, message
 * `<Type> <Reason> <kind>/<name>: <note>`):
 * - `kubectl get events` tables (kubectl printers: `LAST SEEN TYPE REASON OBJECT MESSAGE`, `NAMESPACE` first with
 *   -A, `SUBOBJECT SOURCE MESSAGE FIRST SEEN COUNT NAME` with -o wide; `kubectl events` prints the same);
 * - the `Events:` section of `kubectl describe` (`Type Reason Age From Message`, ages like `3m (x4 over 10m)`), the
 *   object being the one described above it (`Name:`/`Namespace:` lines).
 * Columns are found from the header, since kubectl's tabwriter pads every cell of a column to the same width.
 * Ages are kept as ages: the clock counts them back from the bundle's collection time, as approximate times.
 */

const TABLE_HEADER = /^(?:NAMESPACE\s+)?LAST SEEN\s+TYPE\s+REASON\s+OBJECT\s+(?:SUBOBJECT\s+SOURCE\s+)?MESSAGE\b/;
const DESCRIBE_EVENTS = /^Events:\s*(<none>)?\s*$/;
const DESCRIBE_HEADER = /^(\s+)Type\s+Reason\s+Age\s+From\s+Message\s*$/;
const DESCRIBE_RULE = /^\s+----\s+------\s+----\s+----\s+-------\s*$/;
/** The described object's own lines, which come before its Events section. */
const DESCRIBE_NAME = /^Name:\s+(\S+)\s*$/;
const DESCRIBE_NAMESPACE = /^Namespace:\s+(\S+)\s*$/;
const EVENT_TYPES = new Set(['Normal', 'Warning']);
/** `88s         Normal    HelmChartCreated   HelmRelease/podinfo   …`, with a namespace column first under -A. */
const TABLE_ROW = /^(?:[a-z0-9][a-z0-9.-]*\s{2,})?(?:\d+[smhdy])+\s{2,}(?:Normal|Warning)\s{2,}\w+\s{2,}\S+\/\S+/;

/**
 * Kind of a described object, from the top-level keys `kubectl describe` prints for it (pkg/describe/describe.go);
 * the first entry whose keys are all present wins.
 */
const DESCRIBED_KINDS: readonly { readonly kind: string; readonly keys: readonly string[] }[] = [
  { kind: 'node', keys: ['Roles', 'Taints'] },
  { kind: 'daemonset', keys: ['Desired Number of Nodes Scheduled'] },
  { kind: 'deployment', keys: ['StrategyType'] },
  { kind: 'statefulset', keys: ['Update Strategy', 'Pods Status'] },
  { kind: 'job', keys: ['Completions'] },
  { kind: 'replicaset', keys: ['Pods Status'] },
  { kind: 'persistentvolumeclaim', keys: ['StorageClass', 'Access Modes', 'Volume'] },
  { kind: 'persistentvolume', keys: ['StorageClass', 'Reclaim Policy'] },
  { kind: 'service', keys: ['Endpoints'] },
  { kind: 'pod', keys: ['Containers', 'IP'] },
];
const TOP_LEVEL_KEY = /^([A-Z][\w -]*?):(?:\s|$)/;
/** Lines a describe output is made of: `Key:` lines, indented lines, blank lines. */
const DESCRIBE_LINE = /^(?:[A-Z][\w ()/.-]*?:(?:\s|$)|\s|$)/;

/** Seconds of a kubectl age (`45s`, `5m`, `2d3h`, `3y27d`), undefined for `<unknown>`, `<invalid>` or anything else. */
export function ageSeconds(text: string): number | undefined {
  if (!/^(?:\d+[smhdy])+$/.test(text)) return undefined;
  const unit: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400, y: 31_536_000 };
  let total = 0;
  for (const m of text.matchAll(/(\d+)([smhdy])/g)) total += Number(m[1]) * unit[m[2]!]!;
  return total;
}

interface EventParts {
  readonly type: string;
  readonly reason: string;
  /** `kind/name` as kubectl prints it (kind lower case), or the bare name when the kind is unknown. */
  readonly object: string;
  readonly note: string;
  readonly namespace?: string;
  readonly count?: string;
  readonly source?: string;
  readonly time?: RecordTime;
}

function eventRecord(parts: EventParts, line: number, lineCount: number): ParsedRecord {
  const fields: Record<string, string> = { type: parts.type, reason: parts.reason, object: parts.object };
  if (parts.namespace) fields['namespace'] = parts.namespace;
  if (parts.count) fields['count'] = parts.count;
  if (parts.source) fields['source'] = parts.source;
  return {
    type: 'record',
    format: 'k8s-events',
    line,
    lineCount,
    ...(parts.time ? { time: parts.time } : {}),
    severity: parts.type === 'Warning' ? 'warning' : 'info',
    component: 'k8s-event',
    message: `${parts.type} ${parts.reason} ${parts.object}: ${parts.note}`,
    fields,
  };
}

/** Column start offsets from a tabwriter header (names are separated by two or more spaces). */
function columnsOf(header: string): { name: string; start: number }[] {
  const columns: { name: string; start: number }[] = [];
  for (const m of header.matchAll(/\S+(?: \S+)*/g)) columns.push({ name: m[0], start: m.index });
  return columns;
}

function cells(line: string, columns: readonly { name: string; start: number }[]): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  for (let i = 0; i < columns.length; i++) {
    const start = columns[i]!.start;
    const end = i + 1 < columns.length ? columns[i + 1]!.start : line.length;
    // A cell starts on its column and the space before the next column is padding.
    if (start > 0 && line[start - 1] !== ' ' && line[start - 1] !== undefined) return undefined;
    out[columns[i]!.name] = line.slice(start, end).trim();
  }
  return out;
}

/** `3m (x4 over 10m)` → age of the last occurrence and the count. */
function describeAge(text: string): { time?: RecordTime; count?: string } {
  const m = /^(\S+)(?: \(x(\d+) over (\S+)\))?$/.exec(text);
  if (!m) return {};
  const seconds = ageSeconds(m[1]!);
  return { ...(seconds !== undefined ? { time: { kind: 'age', seconds } } : {}), ...(m[2] ? { count: m[2] } : {}) };
}

type Mode =
  | { readonly kind: 'idle' }
  | { readonly kind: 'describe' }
  | { readonly kind: 'table'; readonly columns: { name: string; start: number }[] }
  | { readonly kind: 'describe-section' }
  | { readonly kind: 'describe-rows'; readonly columns: { name: string; start: number }[] };

/** A describe line that is not an event, kept exactly as the plain-text fallback would keep it. */
function describeLine(text: string, line: number): ParserStep {
  return { accepted: true, out: [{ type: 'record', format: 'plain-text', line, lineCount: 1, message: text, fields: {}, hasPayload: true }] };
}

function createK8sEventsParser(): LineParser {
  let mode: Mode = { kind: 'idle' };
  // The object described above the Events section; the keys seen tell its kind.
  let described: { name?: string; namespace?: string; keys: Set<string> } = { keys: new Set() };
  const marker = (line: number): ParserStep => ({ accepted: true, out: [{ type: 'marker', marker: 'other', line }] });

  const push = (input: LogLine): ParserStep => {
    const text = input.text.endsWith('\r') ? input.text.slice(0, -1) : input.text;
    const n = input.lineNumber;
    if (TABLE_HEADER.test(text)) {
      mode = { kind: 'table', columns: columnsOf(text) };
      return marker(n);
    }
    const name = DESCRIBE_NAME.exec(text);
    if (name) {
      described = { name: name[1], keys: new Set(['Name']) };
      mode = { kind: 'describe' };
      return describeLine(input.text, n);
    }
    const events = DESCRIBE_EVENTS.exec(text);
    if (events) {
      mode = events[1] ? { kind: 'idle' } : { kind: 'describe-section' };
      return marker(n);
    }
    if (mode.kind === 'describe-section') {
      const header = DESCRIBE_HEADER.exec(text);
      if (header) {
        mode = { kind: 'describe-rows', columns: columnsOf(text) };
        return marker(n);
      }
    }
    if (mode.kind === 'describe-rows') {
      if (DESCRIBE_RULE.test(text)) return marker(n);
      const row = cells(text, mode.columns);
      if (row && EVENT_TYPES.has(row['Type']!) && row['Reason']) {
        const kind = DESCRIBED_KINDS.find((k) => k.keys.every((key) => described.keys.has(key)))?.kind;
        const objectName = described.name ?? 'unknown';
        return {
          accepted: true,
          out: [
            eventRecord(
              {
                type: row['Type']!,
                reason: row['Reason'],
                object: kind ? `${kind}/${objectName}` : objectName,
                note: row['Message'] ?? '',
                namespace: described.namespace,
                source: row['From'] || undefined,
                ...describeAge(row['Age'] ?? ''),
              },
              n,
              1,
            ),
          ],
        };
      }
      mode = { kind: 'describe' };
    }
    if (mode.kind === 'table') {
      const row = cells(text, mode.columns);
      if (row && EVENT_TYPES.has(row['TYPE']!) && row['REASON'] && row['OBJECT']) {
        const seconds = ageSeconds(row['LAST SEEN'] ?? '');
        return {
          accepted: true,
          out: [
            eventRecord(
              {
                type: row['TYPE']!,
                reason: row['REASON'],
                object: row['OBJECT'],
                note: row['MESSAGE'] ?? '',
                namespace: row['NAMESPACE'] || undefined,
                count: row['COUNT'] || undefined,
                source: row['SOURCE'] || undefined,
                ...(seconds !== undefined ? { time: { kind: 'age', seconds } } : {}),
              },
              n,
              1,
            ),
          ],
        };
      }
      mode = { kind: 'idle' };
      return { accepted: false, out: [] };
    }
    if (mode.kind !== 'describe' || !DESCRIBE_LINE.test(text)) {
      mode = { kind: 'idle' };
      return { accepted: false, out: [] };
    }
    // The described object's other lines: remember its keys (they tell its kind) and keep the line as plain text.
    const ns = DESCRIBE_NAMESPACE.exec(text);
    if (ns) described.namespace = ns[1];
    const key = TOP_LEVEL_KEY.exec(text);
    if (key) described.keys.add(key[1]!);
    return describeLine(input.text, n);
  };
  const flush = (): readonly ParseOutput[] => [];
  return guardParser({ push, flush }, () => {
    mode = { kind: 'idle' };
  });
}

const sniff = neverThrows((text: string): number => {
  if (typeof text !== 'string') return 0;
  if (TABLE_HEADER.test(text)) return 1;
  if (DESCRIBE_EVENTS.test(text)) return 0.9;
  // A table row alone is not enough to claim a line, but it tells detection what the file is.
  if (TABLE_ROW.test(text)) return 0.3;
  // The first line of a `kubectl describe` block: claimed so the object's name and kind are known at its Events.
  if (DESCRIBE_NAME.test(text)) return 0.55;
  return 0;
}, 0);

/** Kubernetes Events in `kubectl get events` tables and `kubectl describe` Events sections. */
export const k8sEvents = {
  id: 'k8s-events',
  title: 'Kubernetes Events (kubectl get events, kubectl describe)',
  sniff,
  createParser: createK8sEventsParser,
  samples: [
    {
      // `kubectl events --for HelmRelease/<release-name>`, Flux helm-controller docs/spec/v2/helmreleases.md (Apache-2.0)
      lines: [
        'LAST SEEN   TYPE      REASON             OBJECT                MESSAGE',
        '78s         Warning   TestFailed         HelmRelease/podinfo   Helm test failed for release podinfo/podinfo.v1 with chart podinfo@6.5.3: 1 error occurred:',
      ],
      source: 'https://github.com/fluxcd/helm-controller/blob/main/docs/spec/v2/helmreleases.md',
      expect: {
        severity: 'warning',
        message: 'Warning TestFailed HelmRelease/podinfo: Helm test failed for release podinfo/podinfo.v1 with chart podinfo@6.5.3: 1 error occurred:',
        fields: { type: 'Warning', reason: 'TestFailed', object: 'HelmRelease/podinfo' },
        // An age, counted back from the bundle's collection time when the member has one.
        time: { kind: 'age', seconds: 78 },
      },
    },
  ],
} satisfies LogFormat;
