import type { Severity } from '../model/log-event.js';
import type { LineParser, LogFormat, ParseOutput, ParsedRecord, Payload, RecordTime } from './log-format.js';
import { guardParser } from './guard-parser.js';
import { neverThrows } from './never-throws.js';
import { readGoQuoted } from './read-go-quoted.js';
import { SKIMMED_FIELDS, skimWorthy } from './skim.js';
import { twoDigits } from './time/iso-date-time.js';
import { isRegexSpace } from './is-regex-space.js';
import { isValidClock } from './time/is-valid-clock.js';


// klog internal/buffer FormatHeader: `Lmmdd hh:mm:ss.uuuuuu threadid file:line] `; the thread id is space-padded to 7.
const HEADER = /^([IWEF])(\d{2})(\d{2}) (\d{2}):(\d{2}):(\d{2})\.(\d{6}) +(\d+) ([^:\]\s]+):(\d+)\] ?/;

// Lines that open a record of another format: a klog record must not swallow them as continuation text. `Error: ` is
// cobra's last word when a command's RunE fails (kubelet, kubeadm, k3s, kubectl print it without a klog header after
// their own klog lines): it is the failure itself, not the previous line's continuation.
const FOREIGN_START =
  /^(?:panic: |fatal error: |Error: |time="|level=[a-z]+ |(?:TRAC|DEBU|INFO|WARN|ERRO|FATA|PANI)\[|\{\s*"|\d{4}-\d\d-\d\d[T ]\d\d:\d\d|[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d |-- (?:Boot|Logs begin|No entries|Journal begins)|\[\s*\d+\.\d{6}\] )/;

/** End index of a `{…}` / `[…]` value starting at `start`, skipping quoted strings; -1 when unbalanced. */
function balancedEnd(text: string, start: number): number {
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      const q = readGoQuoted(text, i);
      if (!q) return -1;
      i = q.end - 1;
    } else if (c === 0x7b /* { */ || c === 0x5b /* [ */) depth++;
    else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return -1;
}

// A record that keeps growing is plain text after a klog line, not one message: stop joining it.
const MAX_LINES = 5000;

interface PairScan {
  readonly fields: Record<string, string>;
  /** Key whose `=<` multi-line value continues on the next lines. */
  readonly openKey?: string;
  /** Text that did not parse as pairs (kept so nothing is dropped). */
  readonly rest?: string;
}

/** Reads klog `printS` key/values: quoted strings, bare numbers/bools, `{…}` objects, `=<` multi-line values. */
function readPairs(text: string, start: number, fields: Record<string, string>): PairScan {
  // Character codes rather than one-character strings: this loop reads every byte of every structured kubelet line.
  let i = start;
  const n = text.length;
  for (;;) {
    for (let c = text.charCodeAt(i); i < n && c === 0x20; c = text.charCodeAt(++i));
    if (i >= n) return { fields };
    const keyStart = i;
    for (let c = text.charCodeAt(i); i < n && c !== 0x3d && c !== 0x20 && c !== 0x22; c = text.charCodeAt(++i));
    if (i === keyStart || text.charCodeAt(i) !== 0x3d /* = */) return { fields, rest: text.slice(keyStart) };
    const key = text.slice(keyStart, i);
    i++;
    const c = text.charCodeAt(i);
    if (c === 0x3c /* < */ && i + 1 === n) return { fields, openKey: key };
    if (c === 0x22 /* " */) {
      const q = readGoQuoted(text, i);
      if (!q) return { fields, rest: text.slice(keyStart) };
      fields[key] = q.value;
      i = q.end;
    } else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      const end = balancedEnd(text, i);
      if (end < 0) return { fields, rest: text.slice(keyStart) };
      fields[key] = text.slice(i, end);
      i = end;
    } else {
      const valueStart = i;
      for (let d = text.charCodeAt(i); i < n && d !== 0x20; d = text.charCodeAt(++i));
      fields[key] = text.slice(valueStart, i);
    }
  }
}

interface Head {
  readonly time: RecordTime;
  readonly severity: Severity;
  readonly pid?: number;
  readonly message: string;
  readonly fields: Record<string, string>;
  readonly openKey?: string;
}

function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

/** Digits wider than this may not be exact as a double built digit by digit; Number() rounds them as the regex path did. */
const EXACT_DIGITS = 15;

/** The klog header of a line (see HEADER) and where its parts are; the text is the line without a CR end. */
interface Header {
  readonly text: string;
  readonly time: RecordTime;
  readonly severity: Severity;
  readonly pid: number;
  readonly fileStart: number;
  readonly callerEnd: number;
  /** Where the message starts. */
  readonly bodyStart: number;
}

function readHeader(raw: string): Header | undefined {
  // CRLF files (collected on or via Windows) keep the `\r` in the line text.
  const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
  // HEADER, read by character positions: it opens every kubelet line, and its 10-group match array with a substring
  // per group was most of the cost of reading one. The `sniff` keeps the regex, which states the shape.
  const c0 = text.charCodeAt(0);
  const severity: Severity | undefined = c0 === 0x49 ? 'info' : c0 === 0x57 ? 'warning' : c0 === 0x45 ? 'error' : c0 === 0x46 ? 'critical' : undefined;
  if (severity === undefined) return undefined;
  const month = twoDigits(text, 1);
  const day = twoDigits(text, 3);
  const hour = twoDigits(text, 6);
  const minute = twoDigits(text, 9);
  const second = twoDigits(text, 12);
  if (month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) return undefined;
  if (text.charCodeAt(5) !== 0x20 || text.charCodeAt(8) !== 0x3a || text.charCodeAt(11) !== 0x3a || text.charCodeAt(14) !== 0x2e) return undefined;
  let micros = 0;
  for (let k = 15; k < 21; k++) {
    const d = text.charCodeAt(k) - 48;
    if (!(d >= 0 && d <= 9)) return undefined;
    micros = micros * 10 + d;
  }
  const n = text.length;
  let i = 21;
  if (text.charCodeAt(i) !== 0x20) return undefined;
  while (text.charCodeAt(i) === 0x20) i++;
  const pidStart = i;
  let pid = 0;
  while (i < n && isDigit(text.charCodeAt(i))) pid = pid * 10 + (text.charCodeAt(i++) - 48);
  if (i === pidStart || text.charCodeAt(i) !== 0x20) return undefined;
  if (i - pidStart > EXACT_DIGITS) pid = Number(text.slice(pidStart, i));
  const fileStart = ++i;
  for (let c = text.charCodeAt(i); i < n && c !== 0x3a && c !== 0x5d && !isRegexSpace(c); c = text.charCodeAt(++i));
  if (i === fileStart || text.charCodeAt(i) !== 0x3a) return undefined;
  const lineStart = ++i;
  while (i < n && isDigit(text.charCodeAt(i))) i++;
  if (i === lineStart || text.charCodeAt(i) !== 0x5d) return undefined;
  const callerEnd = i++;
  if (text.charCodeAt(i) === 0x20) i++;
  if (!isValidClock(month, day, hour, minute, second)) return undefined;
  const time: RecordTime = {
    kind: 'wall',
    wall: { month, day, hour, minute, second, millis: micros / 1000 },
  };
  return { text, time, severity, pid, fileStart, callerEnd, bodyStart: i };
}

function parseHead(raw: string): Head | undefined {
  const header = readHeader(raw);
  if (!header) return undefined;
  const { text, time, severity, pid } = header;
  const fields: Record<string, string> = { caller: text.slice(header.fileStart, header.callerEnd) };
  const body = text.slice(header.bodyStart);
  let message = body;
  let openKey: string | undefined;
  if (body.startsWith('"')) {
    const q = readGoQuoted(body, 0);
    if (q && (q.end === body.length || body[q.end] === ' ')) {
      const scan = readPairs(body, q.end, fields);
      message = scan.rest ? `${q.value} ${scan.rest}` : q.value;
      openKey = scan.openKey;
    }
  }
  return { time, severity, pid, message, fields, openKey: openKey || undefined };
}

/** `parseHead` without the message and fields (see formats/skim): the header alone decides whether a line is klog. */
function skimHead(raw: string): Head | undefined {
  const header = readHeader(raw);
  return header ? { time: header.time, severity: header.severity, pid: header.pid, message: '', fields: SKIMMED_FIELDS as Record<string, string> } : undefined;
}

// klog (klog.go, syncBuffer.rotateFile) writes this preamble at the top of every log file (`--log_dir`/`--log_file`); it carries the year.
const PREAMBLE_START = /^Log file created at: (\d{4})\/(\d{2})\/(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;
const PREAMBLE_REST = /^(?:Running on machine: (\S*)|Binary: (.*)|Log line format: .*)$/;

function parsePreamble(text: string): Head | undefined {
  const m = PREAMBLE_START.exec(text);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number);
  if (!isValidClock(month, day, hour, minute, second)) return undefined;
  return { time: { kind: 'wall', wall: { year, month, day, hour, minute, second, millis: 0 } }, severity: 'info', message: text, fields: {} };
}

interface Pending {
  head: Head;
  /** The line's text while `head` is skimmed (`skimHead`): it is read in full once another line joins the record. */
  skimmedText?: string;
  readonly line: number;
  readonly preamble?: boolean;
  host?: string;
  lineCount: number;
  extra: string[];
  openKey?: string;
  openLines: string[];
}

function finish(p: Pending): ParsedRecord {
  const message = p.extra.length > 0 ? `${p.head.message}\n${p.extra.join('\n')}` : p.head.message;
  if (p.openKey !== undefined) p.head.fields[p.openKey] = p.openLines.join('\n');
  return {
    type: 'record',
    format: 'klog',
    line: p.line,
    lineCount: p.lineCount,
    time: p.head.time,
    severity: p.head.severity,
    // Absent parts stay undefined properties: one record shape, no temporary objects per line.
    pid: p.head.pid,
    host: p.host || undefined,
    message,
    fields: p.head.fields,
    skimmedText: p.skimmedText,
  };
}

function createKlogParser(): LineParser {
  let pending: Pending | undefined;
  const take = (): ParseOutput[] => {
    if (!pending) return [];
    const r = finish(pending);
    pending = undefined;
    return [r];
  };
  return guardParser(
    {
      push(line, skim) {
        const text = line.text;
        const skimmed = skim ? skimHead(text) : undefined;
        if (skimmed && skimWorthy(skimmed.severity)) {
          const out = take();
          pending = { head: skimmed, skimmedText: text, line: line.lineNumber, lineCount: 1, extra: [], openLines: [] };
          return { accepted: true, out };
        }
        const head = parseHead(text);
        if (head) {
          const out = take();
          pending = { head, line: line.lineNumber, lineCount: 1, extra: [], openLines: [], openKey: head.openKey || undefined };
          return { accepted: true, out };
        }
        const preamble = parsePreamble(text.endsWith('\r') ? text.slice(0, -1) : text);
        if (preamble) {
          const out = take();
          pending = { head: preamble, line: line.lineNumber, lineCount: 1, extra: [], openLines: [], preamble: true };
          return { accepted: true, out };
        }
        if (!pending) return { accepted: false, out: [] };
        if (pending.skimmedText !== undefined) {
          // Another line may join the record: its head is read in full first, as if it had never been skimmed.
          const full = parseHead(pending.skimmedText)!;
          pending.head = full;
          pending.openKey = full.openKey || undefined;
          pending.skimmedText = undefined;
        }
        const rest = pending.preamble && pending.extra.length < 3 ? PREAMBLE_REST.exec(text) : null;
        if (pending.preamble && rest) {
          if (rest[1]) pending.host = rest[1];
          if (rest[2]) pending.head.fields.binary = rest[2];
          pending.extra.push(text);
          pending.lineCount++;
          return { accepted: true, out: [] };
        }
        if (pending.preamble) return { accepted: false, out: take() };
        if (pending.openKey !== undefined) {
          // keyvalues.go writeStringValue: value lines are tab-indented and the value closes with ` >`.
          if (text.startsWith('\t')) {
            pending.openLines.push(text.slice(1));
            pending.lineCount++;
            return { accepted: true, out: [] };
          }
          if (text.startsWith(' >')) {
            pending.head.fields[pending.openKey] = pending.openLines.join('\n');
            pending.openKey = undefined;
            pending.openLines = [];
            const scan = readPairs(text, 2, pending.head.fields);
            if (scan.rest) pending.extra.push(scan.rest);
            if (scan.openKey) pending.openKey = scan.openKey;
            pending.lineCount++;
            return { accepted: true, out: [] };
          }
        }
        if (FOREIGN_START.test(text) || pending.lineCount >= MAX_LINES) return { accepted: false, out: take() };
        pending.extra.push(text);
        pending.lineCount++;
        return { accepted: true, out: [] };
      },
      flush: take,
    },
    () => {
      pending = undefined;
    },
  );
}

export const klog = {
  id: 'klog',
  title: 'klog (kubelet, k3s, Kubernetes components)',
  sniff: neverThrows(
    (text: string): number => {
      if (typeof text !== 'string') return 0;
      return HEADER.test(text) || PREAMBLE_START.test(text) ? 0.95 : 0;
    },
    0,
  ),
  createParser: createKlogParser,
  parsePayload: neverThrows(
    (message: string): Payload | undefined => {
      const head = parseHead(message);
      if (!head) return undefined;
      if (head.openKey !== undefined) head.fields[head.openKey] = '';
      return { format: 'klog', time: head.time, severity: head.severity, message: head.message, fields: head.fields };
    },
    undefined,
  ),
  skimPayload: neverThrows(
    (message: string): Payload | undefined => {
      // `skimHead`'s answer as a payload, without its head in between.
      const header = readHeader(message);
      return header ? { format: 'klog', time: header.time, severity: header.severity, message: '', fields: SKIMMED_FIELDS as Record<string, string> } : undefined;
    },
    undefined,
  ),
  samples: [
    {
      // https://github.com/kubernetes/kubernetes/issues/54760 (the journal envelope `kubelet[4919]: ` removed)
      lines: [
        'E1029 13:16:48.471488    4919 pod_workers.go:182] Error syncing pod cc89ef7c-bc47-11e7-85ce-901b0edee6b6 ("alpine-368057524-bgt0m_default(cc89ef7c-bc47-11e7-85ce-901b0edee6b6)"), skipping: failed to "StartContainer" for "alpine" with CrashLoopBackOff: "Back-off 5m0s restarting failed container=alpine pod=alpine-368057524-bgt0m_default(cc89ef7c-bc47-11e7-85ce-901b0edee6b6)"',
      ],
      source: 'https://github.com/kubernetes/kubernetes/issues/54760',
      expect: {
        severity: 'error',
        pid: 4919,
        time: { kind: 'wall', wall: { month: 10, day: 29, hour: 13, minute: 16, second: 48, millis: 471.488 } },
        fields: { caller: 'pod_workers.go:182' },
      },
    },
    {
      // https://github.com/kubernetes/kubernetes/issues/116925 (structured InfoS)
      lines: [
        'I0324 23:32:14.798753    4243 kuberuntime_manager.go:1023] "SyncPod received new pod, will create a sandbox for it" pod="kubelet-container-manager-3543/guaranteed8793e132-d62a-419d-9f00-a148126c5425"',
      ],
      source: 'https://github.com/kubernetes/kubernetes/issues/116925',
      expect: {
        time: { kind: 'wall', wall: { month: 3, day: 24, hour: 23, minute: 32, second: 14, millis: 798.753 } },
        severity: 'info',
        message: 'SyncPod received new pod, will create a sandbox for it',
        fields: {
          caller: 'kuberuntime_manager.go:1023',
          pod: 'kubelet-container-manager-3543/guaranteed8793e132-d62a-419d-9f00-a148126c5425',
        },
      },
    },
    {
      // kubernetes/klog klog_test.go (multi-line value; the test's `%d` placeholder replaced by a line number)
      lines: [
        'I0102 15:04:05.067890    1234 klog_test.go:42] "first message line\\nsecond message line" multiLine=<',
        '\tfirst value line',
        '\tsecond value line',
        ' >',
      ],
      source: 'https://github.com/kubernetes/klog/blob/main/klog_test.go',
      expect: {
        time: { kind: 'wall', wall: { month: 1, day: 2, hour: 15, minute: 4, second: 5, millis: 67.89 } },
        severity: 'info',
        message: 'first message line\nsecond message line',
        fields: { caller: 'klog_test.go:42', multiLine: 'first value line\nsecond value line' },
      },
    },
    {
      // https://github.com/k3s-io/k3s/issues/759 (Trace continuation line)
      lines: [
        'I0420 11:20:48.213953    1590 trace.go:116] Trace[1092196218]: "Update" url:/api/v1/namespaces/kube-system/endpoints/kube-scheduler,user-agent:k3s/v1.17.4+k3s1 (linux/amd64) kubernetes/3eee8ac/leader-election,client:127.0.0.1 (started: 2020-04-20 11:20:38.212566061 +0200 CEST m=+610.467951821) (total time: 10.001340905s):',
        'Trace[1092196218]: [10.001340905s] [10.001264141s] END',
      ],
      source: 'https://github.com/k3s-io/k3s/issues/759',
      expect: {
        time: { kind: 'wall', wall: { month: 4, day: 20, hour: 11, minute: 20, second: 48, millis: 213.953 } },
        severity: 'info',
        message:
          'Trace[1092196218]: "Update" url:/api/v1/namespaces/kube-system/endpoints/kube-scheduler,user-agent:k3s/v1.17.4+k3s1 (linux/amd64) kubernetes/3eee8ac/leader-election,client:127.0.0.1 (started: 2020-04-20 11:20:38.212566061 +0200 CEST m=+610.467951821) (total time: 10.001340905s):\nTrace[1092196218]: [10.001340905s] [10.001264141s] END',
        fields: { caller: 'trace.go:116' },
      },
    },
  ],
} satisfies LogFormat;
