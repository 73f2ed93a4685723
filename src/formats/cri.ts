import type { LogLine } from '../model/log-line.js';
import type { LineParser, LogFormat, ParsedRecord, ParseOutput, ParserStep, RecordTime } from './log-format.js';
import { rfc3339Instant } from './rfc3339-instant.js';
import { ACCEPTED_NOTHING } from './parser-steps.js';

/*
 * CRI container log files (`/var/log/pods/<ns>_<pod>_<uid>/<container>/N.log`):
 * `<RFC3339Nano> <stdout|stderr> <P|F>[:tag…] <content>`, grammar from kubernetes
 * pkg/kubelet/kuberuntime/logs/logs.go::parseCRILog. containerd writes `time.RFC3339Nano`
 * (trailing zeros trimmed, so the fraction has any length or is missing; `Z` or the node's
 * local offset), internal/cri/io/logger.go.
 */

const TIMESTAMP = String.raw`\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2})`;
const CRI_LINE = new RegExp(String.raw`^(${TIMESTAMP}) (stdout|stderr) ([PF])((?::[^ ]*)?)(?: (.*))?$`);
const CRI_PREFIX = new RegExp(String.raw`^${TIMESTAMP} (?:stdout|stderr) [PF](?::[^ ]*)?(?: |$)`);
/** `kubectl logs --timestamps`: the kubelet prints RFC3339NanoFixed (always 9 digits) and a space before the content. */
const TIMESTAMPED_LINE = new RegExp(String.raw`^(${TIMESTAMP})(?: (.*))?$`);
const TIMESTAMPED_PREFIX = new RegExp(String.raw`^${TIMESTAMP}(?: |$)`);
const NANO_FIXED = /^[^ ]*\.\d{9}(?:Z|[+-]\d{2}:\d{2})(?: |$)/;
/** rsyslog RFC3339 file lines and journal short-iso share the prefix; they are journal-short's (`host tag[pid]: msg`, or `tag[pid]: msg` with --no-hostname). */
const SYSLOG_SHAPED_REST = /^(?:[^ ]+ [^\s[\]:]+(?:\[\d+\])?|[^\s[\]:]+\[\d+\]): /;

// What readPlainCriLine read, valid right after it returned true (module state instead of a match array per line).
let plainTime: RecordTime | undefined;
let plainStream = '';
let plainPartial = false;
let plainContent = '';
// `.` in CRI_LINE's `(.*)$` stops at these, so a line holding one is left to the regex (which refuses it).
const LINE_TERMINATOR = /[\n\r\u2028\u2029]/;

/**
 * CRI_LINE for the shape of nearly every line, `<stamp> <stdout|stderr> <P|F>[ <content>]` without tags, read by
 * positions: the regex's five groups were a substring each per pod log line. False for anything else (tags, a bad
 * stamp, a line terminator in the content), which then takes the regex and gets its answer.
 */
function readPlainCriLine(text: string): boolean {
  const space = text.indexOf(' ');
  if (space < 20) return false;
  let stream: string;
  if (text.startsWith('stdout ', space + 1)) stream = 'stdout';
  else if (text.startsWith('stderr ', space + 1)) stream = 'stderr';
  else return false;
  const tag = text.charCodeAt(space + 8);
  if (tag !== 0x50 /* P */ && tag !== 0x46 /* F */) return false;
  const after = space + 9;
  let content: string;
  if (after === text.length) content = '';
  else if (text.charCodeAt(after) === 0x20) content = text.slice(after + 1);
  else return false;
  if (LINE_TERMINATOR.test(content)) return false;
  const time = rfc3339Instant(text, space);
  if (!time) return false;
  plainTime = time;
  plainStream = stream;
  plainPartial = tag === 0x50;
  plainContent = content;
  return true;
}

interface PartialRun {
  readonly line: number;
  readonly time: RecordTime;
  readonly chunks: string[];
  readonly tags: string;
  /** Ingest cut one of the chunks at the line-length limit. */
  truncated: boolean;
}

function record(line: number, lineCount: number, time: RecordTime, message: string, fields: Record<string, string>): ParsedRecord {
  return { type: 'record', format: 'cri', line, lineCount, time, message, fields, hasPayload: true };
}

function finish(stream: string, run: PartialRun, last: string | undefined, tags: string): ParsedRecord {
  const fields: Record<string, string> = { stream };
  const allTags = run.tags || tags;
  if (allTags) fields.tags = allTags;
  if (last === undefined) fields.partial = 'true';
  if (run.truncated) fields.truncated = 'true';
  const message = last === undefined ? run.chunks.join('') : run.chunks.join('') + last;
  return record(run.line, run.chunks.length + (last === undefined ? 0 : 1), run.time, message, fields);
}

/** The fields of a whole line without tags (nearly every line): shared, frozen (events never write to their fields). */
const STDOUT_FIELDS: Record<string, string> = Object.freeze({ stream: 'stdout' }) as Record<string, string>;
const STDERR_FIELDS: Record<string, string> = Object.freeze({ stream: 'stderr' }) as Record<string, string>;

function createCriParser(): LineParser {
  // Partial chunks join per stream: stdout and stderr interleave freely in one file.
  const runs = new Map<string, PartialRun>();
  return {
    push(line: LogLine): ParserStep {
      const text = line.text;
      const fast = readPlainCriLine(text);
      const m = fast ? null : CRI_LINE.exec(text);
      if (fast || m) {
        const time = fast ? plainTime : rfc3339Instant(m![1]!);
        if (time) {
          const stream = fast ? plainStream : m![2]!;
          const extraTags = fast ? '' : m![4] ? m![4].slice(1) : '';
          const content = fast ? plainContent : (m![5] ?? '');
          const truncated = line.flags?.truncated === true;
          const run = runs.get(stream);
          if (fast ? plainPartial : m![3] === 'P') {
            if (run) {
              run.chunks.push(content);
              run.truncated ||= truncated;
            } else runs.set(stream, { line: line.lineNumber, time, chunks: [content], tags: extraTags, truncated });
            return ACCEPTED_NOTHING;
          }
          if (run) {
            runs.delete(stream);
            run.truncated ||= truncated;
            return { accepted: true, out: [finish(stream, run, content, extraTags)] };
          }
          if (extraTags || truncated) {
            const fields: Record<string, string> = { stream };
            if (extraTags) fields.tags = extraTags;
            if (truncated) fields.truncated = 'true';
            return { accepted: true, out: [record(line.lineNumber, 1, time, content, fields)] };
          }
          // A whole line as read (its stream is in its bytes): light on its envelope alone when it holds no payload.
          const whole: ParsedRecord = {
            type: 'record', format: 'cri', line: line.lineNumber, lineCount: 1, time, message: content,
            fields: stream === 'stdout' ? STDOUT_FIELDS : STDERR_FIELDS, hasPayload: true, lightWithoutPayload: true,
          };
          return { accepted: true, out: [whole] };
        }
      }
      const t = TIMESTAMPED_LINE.exec(text);
      if (t) {
        const time = rfc3339Instant(t[1]!);
        if (time) return { accepted: true, out: [record(line.lineNumber, 1, time, t[2] ?? '', line.flags?.truncated ? { truncated: 'true' } : {})] };
      }
      return { accepted: false, out: [] };
    },
    flush(): readonly ParseOutput[] {
      // A P run cut by the end of the file is still the container's output: keep it, flagged.
      const out = [...runs.entries()]
        .sort((a, b) => a[1].line - b[1].line)
        .map(([stream, run]) => finish(stream, run, undefined, ''));
      runs.clear();
      return out;
    },
  };
}

function sniffCri(text: string): number {
  if (typeof text !== 'string' || text.length < 20) return 0;
  const head = text.slice(0, 64);
  if (CRI_PREFIX.test(head)) return 0.95;
  if (!TIMESTAMPED_PREFIX.test(head)) return 0;
  const space = head.indexOf(' ');
  const rest = space < 0 ? '' : text.slice(space + 1, space + 1 + 256);
  if (SYSLOG_SHAPED_REST.test(rest)) return 0.2;
  return NANO_FIXED.test(head) ? 0.6 : 0.45;
}

/** CRI container log files, plus the `kubectl logs --timestamps` prefix form (no stream, lower score). */
export const cri = {
  id: 'cri',
  title: 'CRI container log (containerd / CRI-O, /var/log/pods)',
  sniff: sniffCri,
  createParser: createCriParser,
  samples: [
    {
      // https://github.com/canonical/microk8s/issues/2592 (the container prints UTC, the node writes +08:00)
      lines: ['2021-09-24T18:38:10.702348795+08:00 stdout F Fri Sep 24 10:38:10 UTC 2021'],
      source: 'https://github.com/canonical/microk8s/issues/2592',
      expect: {
        message: 'Fri Sep 24 10:38:10 UTC 2021',
        time: { kind: 'instant', epochMs: Date.UTC(2021, 8, 24, 10, 38, 10) + 702.348795 },
        fields: { stream: 'stdout' },
      },
    },
    {
      // https://github.com/etcd-io/etcd/issues/16436: zap JSON inside a CRI envelope
      lines: [
        '2023-08-18T10:47:26.510939053+08:00 stderr F {"level":"warn","ts":"2023-08-18T02:47:26.510Z","caller":"etcdserver/server.go:2084","msg":"failed to publish local member to cluster through raft","local-member-id":"63f111c239cc91f8","local-member-attributes":"{Name:master2 ClientURLs:[https://10.255.184.7:2379]}","request-path":"/0/members/63f111c239cc91f8/attributes","publish-timeout":"7s","error":"etcdserver: request timed out"}',
      ],
      source: 'https://github.com/etcd-io/etcd/issues/16436',
      expect: {
        payloadFormat: 'json-lines',
        severity: 'warning',
        message: 'failed to publish local member to cluster through raft',
        fields: { stream: 'stderr' },
        time: { kind: 'instant', epochMs: Date.UTC(2023, 7, 18, 2, 47, 26) + 510.939053 },
      },
    },
    {
      // https://github.com/cri-o/cri-o/issues/3181 (CRI-O writes the same grammar with a +00:00 offset)
      lines: ['2020-01-26T03:17:29.377462695+00:00 stderr F 2020/01/26 03:17:29 oauthproxy.go:221: compiled skip-auth-regex => "^/metrics"'],
      source: 'https://github.com/cri-o/cri-o/issues/3181',
      expect: { time: { kind: 'instant', epochMs: Date.UTC(2020, 0, 26, 3, 17, 29) + 377.462695 }, message: '2020/01/26 03:17:29 oauthproxy.go:221: compiled skip-auth-regex => "^/metrics"', fields: { stream: 'stderr' } },
    },
    {
      // pkg/kubelet/kuberuntime/logs/logs.go parseCRILog doc comment
      lines: ['2016-10-06T00:17:09.669794203Z stderr F log content 2'],
      source: 'https://github.com/kubernetes/kubernetes/blob/master/pkg/kubelet/kuberuntime/logs/logs.go',
      expect: { message: 'log content 2', fields: { stream: 'stderr' }, time: { kind: 'instant', epochMs: Date.UTC(2016, 9, 6, 0, 17, 9) + 669.794203 } },
    },
    {
      // https://github.com/containerd/containerd/issues/4813: a last line without newline stays P at end of file
      lines: ['2020-12-07T15:32:38.994574754Z stdout P Hello from init container!'],
      source: 'https://github.com/containerd/containerd/issues/4813',
      expect: { time: { kind: 'instant', epochMs: Date.UTC(2020, 11, 7, 15, 32, 38) + 994.574754 }, message: 'Hello from init container!', fields: { stream: 'stdout', partial: 'true' } },
    },
    {
      // https://github.com/Boostport/kubernetes-vault/issues/41: `kubectl logs --timestamps` around a logrus line
      lines: ['2017-05-18T18:16:07.094861927Z time="2017-05-18T18:16:07Z" level=debug msg="Attempting to push wrapped secret_id to pod (sample-app-1906356738-mm46h)."'],
      source: 'https://github.com/Boostport/kubernetes-vault/issues/41',
      expect: {
        payloadFormat: 'logrus',
        severity: 'debug',
        message: 'Attempting to push wrapped secret_id to pod (sample-app-1906356738-mm46h).',
        time: { kind: 'instant', epochMs: Date.UTC(2017, 4, 18, 18, 16, 7) + 94.861927 },
        fields: {},
      },
    },
  ],
} satisfies LogFormat;
