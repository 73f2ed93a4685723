import type { Severity } from '../model/log-event.js';

/**
 * The `dmesg -x` / `--decode` prefix `facility:level : ` that raw and human-readable dmesg output may both carry
 * (util-linux dmesg.c pads both names to 6 columns). `pattern` is optional and captures facility, then level.
 * `levels` are the kernel level names as dmesg prints them (util-linux `level_names`); a name outside them means the
 * line is not dmesg.
 */
export const dmesgDecodePrefix = {
  pattern: String.raw`(?:([a-z0-9]{2,8}) *:([a-z]{3,6}) *: )?`,
  levels: {
    emerg: 'critical', alert: 'critical', crit: 'critical', err: 'error', warn: 'warning', notice: 'info', info: 'info', debug: 'debug',
  } as Readonly<Record<string, Severity>>,
} as const;
