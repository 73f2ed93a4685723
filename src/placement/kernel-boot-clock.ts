import type { LogEvent } from '../model/log-event.js';
import { isoTimestamp } from '../formats/index.js';
import { fileOf } from '../correlate/collect-context.js';

/** `[ 1530.811848] ` at the start of a kernel message that kern.log (rsyslog imklog) or a journal kept. */
const KERNEL_STAMP = /^\[\s*(\d{1,10}\.\d{1,9})\]\s?/;
/** Anchors of one host closer than this describe the same boot (syslog delay, whole-second wall clocks). */
const SAME_BOOT_MS = 60_000;

/** One boot seen in one file: the smallest wall − monotonic of its lines (the least delayed line wins). */
interface BootSegment {
  readonly host: string;
  readonly file: string;
  offset: number;
  lastWall: number;
  lastMono: number;
}

/** What KernelBootClock gathered, as plain data (crosses from worker threads). */
export type KernelClockPart = readonly BootSegment[];

/**
 * The seconds since boot a kernel line carries besides its wall time, and its message without them: journal-short
 * keeps kern.log's stamp as the `kernelMonotonic` field, another format may leave it at the start of the message.
 */
export function splitKernelStamp(event: Pick<LogEvent, 'message' | 'fields'>): { seconds: number; rest: string } | undefined {
  const field = event.fields['kernelMonotonic'];
  if (field !== undefined && /^\d+\.\d+$/.test(field)) return { seconds: Number(field), rest: event.message };
  const m = KERNEL_STAMP.exec(event.message);
  return m ? { seconds: Number(m[1]), rest: event.message.slice(m[0].length) } : undefined;
}

/**
 * Learns each host's latest boot time from live kernel lines that carry both clocks (`Feb 11 19:23:37 host kernel:
 * [ 1530.811848] …`): boot = wall − monotonic. Messages buffered at boot are written out late (rsyslog starts
 * seconds after the kernel), so each boot's anchor is its smallest difference; a monotonic clock that goes back
 * starts another boot, and the boot whose kernel lines were written last is the latest.
 */
export class KernelBootClock {
  private readonly segments: BootSegment[] = [];
  private readonly open = new Map<string, BootSegment>();

  observe(event: LogEvent): void {
    if (event.component !== 'kernel' || event.timestamp === undefined || !event.host) return;
    const stamp = splitKernelStamp(event);
    if (!stamp) return;
    const wall = event.timestamp;
    const offset = wall - stamp.seconds * 1000;
    const file = fileOf(event);
    const key = `${event.host}\u0000${file}`;
    const segment = this.open.get(key);
    if (segment && stamp.seconds >= segment.lastMono) {
      segment.offset = Math.min(segment.offset, offset);
      segment.lastWall = Math.max(segment.lastWall, wall);
      segment.lastMono = stamp.seconds;
      return;
    }
    const next: BootSegment = { host: event.host, file, offset, lastWall: wall, lastMono: stamp.seconds };
    this.segments.push(next);
    this.open.set(key, next);
  }

  part(): KernelClockPart {
    return this.segments.map((s) => ({ ...s }));
  }

  /** Adds another collector's segments (files are never split between collectors). */
  absorb(part: KernelClockPart): void {
    for (const segment of part) this.segments.push({ ...segment });
  }

  /** Per host, the latest boot's time (epoch ms) and the files that gave it. */
  latestBoots(): Map<string, { at: number; files: string[] }> {
    const latest = new Map<string, BootSegment>();
    for (const s of this.segments) {
      const best = latest.get(s.host);
      if (!best || s.lastWall > best.lastWall || (s.lastWall === best.lastWall && s.offset < best.offset)) latest.set(s.host, s);
    }
    const out = new Map<string, { at: number; files: string[] }>();
    for (const [host, last] of latest) {
      const same = this.segments.filter((s) => s.host === host && Math.abs(s.offset - last.offset) < SAME_BOOT_MS);
      const at = Math.min(...same.map((s) => s.offset));
      out.set(host, { at, files: [...new Set(same.map((s) => s.file))].sort() });
    }
    return out;
  }

  /** One sentence per host whose raw dmesg seconds were placed from these anchors. */
  static describe(host: string, boot: { at: number; files: readonly string[] }): string {
    return `${host}: raw dmesg seconds since boot were placed from a boot at ${isoTimestamp(boot.at) ?? boot.at}, read from kernel lines that carry both clocks (${boot.files.join(', ')}).`;
  }
}
