import type { Severity } from '../model/log-event.js';
import type { LogLine } from '../model/log-line.js';
import type { LineParser, LogFormat, ParsedRecord, ParseOutput, ParserStep } from './log-format.js';

/*
 * Raw dmesg (`dmesg`, `/var/log/dmesg`, microk8s `apparmor/dmesg`): `[%5lu.%06lu] msg`, seconds
 * since boot (CLOCK_MONOTONIC). Variants: `dmesg -x` / `--decode` prefixes `facility:level : `
 * (util-linux dmesg.c pads both names to 6 columns), and the `<N>` syslog prefix of `dmesg -r`
 * and /dev/kmsg copies. Kernels with CONFIG_PRINTK_CALLER add a `[  T123]` caller id.
 * Continuation lines of a multi-line record are indented and have no stamp.
 */

/** Kernel log levels as `dmesg -x` prints them (util-linux `level_names`). */
const LEVELS: Readonly<Record<string, Severity>> = {
  emerg: 'critical', alert: 'critical', crit: 'critical', err: 'error', warn: 'warning', notice: 'info', info: 'info', debug: 'debug',
};
const PRI_SEVERITIES: readonly Severity[] = ['critical', 'critical', 'critical', 'error', 'warning', 'info', 'info', 'debug'];
const FACILITIES = ['kern', 'user', 'mail', 'daemon', 'auth', 'syslog', 'lpr', 'news', 'uucp', 'cron', 'authpriv', 'ftp'];

const DMESG_LINE = /^(?:([a-z0-9]{2,8}) *:([a-z]{3,6}) *: )?(?:<(\d{1,3})>)?\[ *(\d{1,10})\.(\d{1,9})\](?: (.*))?$/;
const CALLER = /^\[ *([TC]\d{1,7})\] /;
/** journalctl -o short-monotonic shares the stamp, then prints `host kernel:` / `host unit[pid]:` (journal-short's). */
const SHORT_MONOTONIC_REST = /^\] \S+ (?:kernel|[^\s[\]:]+\[\d+\]): /;
const SNIFF_HEAD = /^(?:([a-z0-9]{2,8}) *:([a-z]{3,6}) *: )?(?:<\d{1,3}>)?\[ *\d{1,10}\.\d{6}(\] ?.{0,120})/;

interface Pending {
  readonly line: number;
  readonly seconds: number;
  readonly severity: Severity | undefined;
  readonly fields: Record<string, string>;
  readonly parts: string[];
}

function toRecord(p: Pending): ParsedRecord {
  return {
    type: 'record',
    format: 'dmesg',
    line: p.line,
    lineCount: p.parts.length,
    time: { kind: 'monotonic', seconds: p.seconds },
    unit: 'kernel',
    ...(p.severity ? { severity: p.severity } : {}),
    message: p.parts.join('\n'),
    fields: p.fields,
  };
}

function startOf(line: LogLine): Pending | undefined {
  const m = DMESG_LINE.exec(line.text);
  if (!m) return undefined;
  const fields: Record<string, string> = {};
  let severity: Severity | undefined;
  if (m[1] !== undefined) {
    severity = LEVELS[m[2]!];
    if (!severity) return undefined;
    fields.facility = m[1];
  }
  if (m[3] !== undefined) {
    const pri = Number(m[3]);
    if (pri > 191) return undefined;
    severity = PRI_SEVERITIES[pri % 8];
    const facility = FACILITIES[pri >> 3];
    if (facility) fields.facility = facility;
  }
  let message = m[6] ?? '';
  const caller = CALLER.exec(message);
  if (caller) {
    fields.caller = caller[1]!;
    message = message.slice(caller[0].length);
  }
  const seconds = Number(`${m[4]}.${m[5]}`);
  return { line: line.lineNumber, seconds, severity, fields, parts: [message] };
}

function createDmesgParser(): LineParser {
  let pending: Pending | undefined;
  return {
    push(line: LogLine): ParserStep {
      const start = startOf(line);
      if (start) {
        const done = pending;
        pending = start;
        return { accepted: true, out: done ? [toRecord(done)] : [] };
      }
      // util-linux indents the later lines of a multi-line record to the message column.
      if (pending && /^[ \t]+\S/.test(line.text)) {
        pending.parts.push(line.text.trim());
        return { accepted: true, out: [] };
      }
      return { accepted: false, out: [] };
    },
    flush(): readonly ParseOutput[] {
      const done = pending;
      pending = undefined;
      return done ? [toRecord(done)] : [];
    },
  };
}

function sniffDmesg(text: string): number {
  if (typeof text !== 'string') return 0;
  const m = SNIFF_HEAD.exec(text.slice(0, 160));
  if (!m) return 0;
  if (m[1] !== undefined) return LEVELS[m[2]!] ? 0.95 : 0;
  return SHORT_MONOTONIC_REST.test(m[3]!) ? 0.25 : 0.9;
}

/** Raw kernel ring buffer lines: seconds since boot (`monotonic`), with optional `-x` or `<N>` level prefix. */
export const dmesg = {
  id: 'dmesg',
  title: 'dmesg (raw, seconds since boot)',
  sniff: sniffDmesg,
  createParser: createDmesgParser,
  samples: [
    {
      // https://github.com/reportportal/kubernetes/issues/203
      lines: ['[ 7063.247407] Memory cgroup out of memory: Killed process 63214 (uwsgi) total-vm:3149468kB, anon-rss:164992kB, file-rss:52176kB, shmem-rss:92kB, UID:0 pgtables:1372kB oom_score_adj:986'],
      source: 'https://github.com/reportportal/kubernetes/issues/203',
      expect: {
        unit: 'kernel',
        message: 'Memory cgroup out of memory: Killed process 63214 (uwsgi) total-vm:3149468kB, anon-rss:164992kB, file-rss:52176kB, shmem-rss:92kB, UID:0 pgtables:1372kB oom_score_adj:986',
        time: { kind: 'monotonic', seconds: 7063.247407 },
      },
    },
    {
      // https://github.com/k3s-io/k3s/issues/12028
      lines: ['[ 3690.421554] StreamTrans #72 invoked oom-killer: gfp_mask=0x140dca(GFP_HIGHUSER_MOVABLE|__GFP_COMP|__GFP_ZERO), order=0, oom_score_adj=167'],
      source: 'https://github.com/k3s-io/k3s/issues/12028',
      expect: { unit: 'kernel', time: { kind: 'monotonic', seconds: 3690.421554 } },
    },
    {
      // https://github.com/aws/amazon-ecs-logs-collector/pull/39 (dmesg.current)
      lines: ['[  160.265280] br-41cf47afaed0: port 3(veth445963e) entered disabled state'],
      source: 'https://github.com/aws/amazon-ecs-logs-collector/pull/39',
      expect: { unit: 'kernel', message: 'br-41cf47afaed0: port 3(veth445963e) entered disabled state', time: { kind: 'monotonic', seconds: 160.26528 } },
    },
    {
      // https://github.com/equinor/ert/issues/9320 (six-digit seconds widen the bracket)
      lines: ['[625328.156297] Out of memory: Killed process 1597132 (eclipse.exe) total-vm:8069004kB, anon-rss:7239092kB, file-rss:0kB, shmem-rss:0kB, UID:30521 pgtables:15480kB oom_score_adj:0'],
      source: 'https://github.com/equinor/ert/issues/9320',
      expect: { unit: 'kernel', time: { kind: 'monotonic', seconds: 625328.156297 } },
    },
    {
      // https://github.com/vmware/photon/issues/1535 (the `<N>` kmsg level prefix, as a VM console shows it)
      lines: ['<6>[39291577.009363] Tasks state (memory values in pages):'],
      source: 'https://github.com/vmware/photon/issues/1535',
      expect: { unit: 'kernel', severity: 'info', message: 'Tasks state (memory values in pages):', time: { kind: 'monotonic', seconds: 39291577.009363 }, fields: { facility: 'kern' } },
    },
  ],
} satisfies LogFormat;
