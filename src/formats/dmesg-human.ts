import type { Severity } from '../model/log-event.js';
import type { LogLine } from '../model/log-line.js';
import type { LogFormat, RecordTime } from './log-format.js';
import { createIndentedParser } from './create-indented-parser.js';
import { dmesgDecodePrefix } from './dmesg-decode-prefix.js';
import { dmesgRecord, type DmesgPending } from './dmesg-record.js';
import { monthNames } from './month-names.js';

/*
 * dmesg with readable times (collected with LANG=C, so English names):
 * - `dmesg -T` / `--ctime`: `[%a %b %e %H:%M:%S %Y] msg`, local time with a year and no zone
 *   (Rancher `systeminfo/dmesg`, sos `sos_commands/kernel/dmesg_-T`). Computed as boot time +
 *   monotonic, so it drifts after suspend.
 * - `dmesg -H` / `--reltime`: `[%b%e %H:%M] msg` when the minute changes, then `[  +0.000002] msg`
 *   deltas (a locale may print `+0,000002`). A delta line has no time of its own.
 * Either may carry the `dmesg -x` prefix `facility:level : `.
 */

const PREFIX = dmesgDecodePrefix.pattern;
const MONTH = `(${monthNames.join('|')})`;
const CTIME = new RegExp(String.raw`^${PREFIX}\[(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) ${MONTH} ([ \d]\d) (\d{2}):(\d{2}):(\d{2}) (\d{4})\](?: (.*))?$`);
const RELTIME = new RegExp(String.raw`^${PREFIX}\[${MONTH} ?(\d{1,2}) (\d{2}):(\d{2})\](?: (.*))?$`);
const DELTA = new RegExp(String.raw`^${PREFIX}\[ *([+-]\d{1,10}[.,]\d{1,9})\](?: (.*))?$`);

function wall(year: number | undefined, month: string, day: number, hour: number, minute: number, second: number): RecordTime | undefined {
  if (day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return undefined;
  const m = monthNames.indexOf(month) + 1;
  return { kind: 'wall', wall: { ...(year !== undefined ? { year } : {}), month: m, day, hour, minute, second, millis: 0 } };
}

/**
 * Apache httpd's error log opens with the same ctime brackets, then its level (`[Sun Dec 04 04:47:44 2005] [error] …`,
 * 2.4: `[core:error]`); that second bracket is never in dmesg output, and such lines are not kernel messages.
 */
const APACHE_LEVEL = /^\[(?:[\w-]+:)?(?:emerg|alert|crit|error|warn|notice|info|debug|trace\d)\] /;

function startOf(line: LogLine): DmesgPending | undefined {
  // CRLF files (collected on or via Windows) keep the `\r` in the line text.
  const text = line.text.endsWith('\r') ? line.text.slice(0, -1) : line.text;
  if (text[0] !== '[' && !/^[a-z]/.test(text)) return undefined;
  let facility: string | undefined;
  let level: string | undefined;
  let time: RecordTime | undefined;
  let message: string;
  const fields: Record<string, string> = {};
  let m = CTIME.exec(text);
  if (m) {
    [facility, level] = [m[1], m[2]];
    time = wall(Number(m[8]), m[3]!, Number(m[4]!.trim()), Number(m[5]), Number(m[6]), Number(m[7]));
    if (!time) return undefined;
    message = m[9] ?? '';
    if (APACHE_LEVEL.test(message)) return undefined;
  } else if ((m = RELTIME.exec(text))) {
    [facility, level] = [m[1], m[2]];
    time = wall(undefined, m[3]!, Number(m[4]), Number(m[5]), Number(m[6]), 0);
    if (!time) return undefined;
    message = m[7] ?? '';
  } else if ((m = DELTA.exec(text))) {
    [facility, level] = [m[1], m[2]];
    fields.delta = m[3]!.replace(',', '.');
    message = m[4] ?? '';
  } else return undefined;
  let severity: Severity | undefined;
  if (facility !== undefined) {
    severity = dmesgDecodePrefix.levels[level!];
    if (!severity) return undefined;
    fields.facility = facility;
  }
  return { line: line.lineNumber, time, severity, fields, parts: [message] };
}

function sniffDmesgHuman(text: string): number {
  if (typeof text !== 'string') return 0;
  const head = text.slice(0, 64);
  const ctime = CTIME.exec(head);
  if (ctime && APACHE_LEVEL.test(ctime[9] ?? '')) return 0.1;
  if (ctime) return ctime[1] === undefined || dmesgDecodePrefix.levels[ctime[2]!] ? 0.95 : 0;
  const rel = RELTIME.exec(head);
  if (rel) return rel[1] === undefined || dmesgDecodePrefix.levels[rel[2]!] ? 0.8 : 0;
  const delta = DELTA.exec(head);
  if (delta) return delta[1] === undefined || dmesgDecodePrefix.levels[delta[2]!] ? 0.6 : 0;
  return 0;
}

/** `dmesg -T` (wall time with year, no zone) and `dmesg -H` (minute stamps plus deltas) kernel lines. */
export const dmesgHuman = {
  id: 'dmesg-human',
  title: 'dmesg -T / -H (human-readable kernel times)',
  sniff: sniffDmesgHuman,
  createParser: () => createIndentedParser(startOf, (p) => dmesgRecord('dmesg-human', p)),
  samples: [
    {
      // https://github.com/kubernetes/kubernetes/issues/56891 (space-padded day)
      lines: ['[Thu Dec  7 00:05:15 2017] Memory cgroup out of memory: Kill process 24572 (java) score 0 or sacrifice child'],
      source: 'https://github.com/kubernetes/kubernetes/issues/56891',
      expect: {
        unit: 'kernel',
        message: 'Memory cgroup out of memory: Kill process 24572 (java) score 0 or sacrifice child',
        time: { kind: 'wall', wall: { year: 2017, month: 12, day: 7, hour: 0, minute: 5, second: 15, millis: 0 } },
      },
    },
    {
      // https://github.com/moby/moby/issues/15905
      lines: ['[Mon Aug 31 18:23:18 2015] php.bin invoked oom-killer: gfp_mask=0xd0, order=0, oom_score_adj=0'],
      source: 'https://github.com/moby/moby/issues/15905',
      expect: { unit: 'kernel', time: { kind: 'wall', wall: { year: 2015, month: 8, day: 31, hour: 18, minute: 23, second: 18, millis: 0 } } },
    },
    {
      // https://github.com/aws/amazon-ecs-logs-collector/pull/39 (dmesg.human.current)
      lines: ['[Fri Jun 15 09:33:12 2018] vethc2db2d5: renamed from eth0'],
      source: 'https://github.com/aws/amazon-ecs-logs-collector/pull/39',
      expect: { time: { kind: 'wall', wall: { year: 2018, month: 6, day: 15, hour: 9, minute: 33, second: 12, millis: 0 } }, unit: 'kernel', message: 'vethc2db2d5: renamed from eth0' },
    },
    {
      // https://github.com/kitakar5525/arch-kernel-linux-surface (README: `dmesg -x -T`)
      lines: ['kern  :err   : [Tue Mar  5 16:02:13 2019] [drm:intel_ipts_init [i915]] *ERROR* i915_guc_ipts_submission_enable failed : -5'],
      source: 'https://github.com/kitakar5525/arch-kernel-linux-surface',
      expect: {
        unit: 'kernel',
        severity: 'error',
        message: '[drm:intel_ipts_init [i915]] *ERROR* i915_guc_ipts_submission_enable failed : -5',
        time: { kind: 'wall', wall: { year: 2019, month: 3, day: 5, hour: 16, minute: 2, second: 13, millis: 0 } },
        fields: { facility: 'kern' },
      },
    },
  ],
} satisfies LogFormat;
