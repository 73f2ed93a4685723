import type { Severity } from '../model/log-event.js';
import type { LogLine } from '../model/log-line.js';
import type { LogFormat } from './log-format.js';
import { createIndentedParser } from './create-indented-parser.js';
import { dmesgDecodePrefix } from './dmesg-decode-prefix.js';
import { dmesgRecord, type DmesgPending } from './dmesg-record.js';
import { prioritySeverities } from './priority-severities.js';

/*
 * Raw dmesg (`dmesg`, `/var/log/dmesg`, microk8s `apparmor/dmesg`): `[%5lu.%06lu] msg`, seconds
 * since boot (CLOCK_MONOTONIC). Variants: `dmesg -x` / `--decode` prefixes `facility:level : `
 * (util-linux dmesg.c pads both names to 6 columns), and the `<N>` syslog prefix of `dmesg -r`
 * and /dev/kmsg copies. Kernels with CONFIG_PRINTK_CALLER add a `[  T123]` caller id.
 * Continuation lines of a multi-line record are indented and have no stamp.
 */

const FACILITIES = ['kern', 'user', 'mail', 'daemon', 'auth', 'syslog', 'lpr', 'news', 'uucp', 'cron', 'authpriv', 'ftp'];

const DMESG_LINE = new RegExp(String.raw`^${dmesgDecodePrefix.pattern}(?:<(\d{1,3})>)?\[ *(\d{1,10})\.(\d{1,9})\](?: (.*))?$`);
const CALLER = /^\[ *([TC]\d{1,7})\] /;
/** journalctl -o short-monotonic shares the stamp, then prints `host kernel:` / `host unit[pid]:` (journal-short's). */
const SHORT_MONOTONIC_REST = /^\] \S+ (?:kernel|[^\s[\]:]+\[\d+\]): /;
const SNIFF_HEAD = new RegExp(String.raw`^${dmesgDecodePrefix.pattern}(?:<\d{1,3}>)?\[ *\d{1,10}\.\d{6}(\] ?.{0,120})`);

function startOf(line: LogLine): DmesgPending | undefined {
  const m = DMESG_LINE.exec(line.text);
  if (!m) return undefined;
  const fields: Record<string, string> = {};
  let severity: Severity | undefined;
  if (m[1] !== undefined) {
    severity = dmesgDecodePrefix.levels[m[2]!];
    if (!severity) return undefined;
    fields.facility = m[1];
  }
  if (m[3] !== undefined) {
    const pri = Number(m[3]);
    if (pri > 191) return undefined;
    severity = prioritySeverities[pri % 8];
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
  return { line: line.lineNumber, time: { kind: 'monotonic', seconds }, severity, fields, parts: [message] };
}

function sniffDmesg(text: string): number {
  if (typeof text !== 'string') return 0;
  const m = SNIFF_HEAD.exec(text.slice(0, 160));
  if (!m) return 0;
  if (m[1] !== undefined) return dmesgDecodePrefix.levels[m[2]!] ? 0.95 : 0;
  return SHORT_MONOTONIC_REST.test(m[3]!) ? 0.25 : 0.9;
}

/** Raw kernel ring buffer lines: seconds since boot (`monotonic`), with optional `-x` or `<N>` level prefix. */
export const dmesg = {
  id: 'dmesg',
  title: 'dmesg (raw, seconds since boot)',
  sniff: sniffDmesg,
  createParser: () => createIndentedParser(startOf, (p) => dmesgRecord('dmesg', p)),
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
