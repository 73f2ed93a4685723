import { tz } from '@date-fns/tz';
// One module per function: the 'date-fns' index loads all ~300 of them (~0.15 s of start-up).
import { addDays } from 'date-fns/addDays';
import { addHours } from 'date-fns/addHours';
import { addMinutes } from 'date-fns/addMinutes';
import { addWeeks } from 'date-fns/addWeeks';
import { startOfDay } from 'date-fns/startOfDay';
import { startOfHour } from 'date-fns/startOfHour';
import { startOfMinute } from 'date-fns/startOfMinute';
import { startOfWeek } from 'date-fns/startOfWeek';

/** One tick of a time axis: its instant and its labels (time of day; the date where a new day starts). */
export interface TimeTick {
  readonly at: number;
  readonly time: string;
  /** `2025-04-03` on the first tick and on every tick that starts a new day; undefined otherwise. */
  readonly date?: string;
}

const MINUTE = 60_000;
const UTC = tz('UTC');

/** The round steps an axis may use, shortest first, each with how to find its first tick and the next. */
const STEPS: readonly { readonly ms: number; readonly floor: (t: number) => Date; readonly add: (d: Date) => Date }[] = [
  { ms: MINUTE, floor: (t) => startOfMinute(t, { in: UTC }), add: (d) => addMinutes(d, 1, { in: UTC }) },
  { ms: 5 * MINUTE, floor: (t) => floorTo(startOfMinute(t, { in: UTC }), 5 * MINUTE), add: (d) => addMinutes(d, 5, { in: UTC }) },
  { ms: 15 * MINUTE, floor: (t) => floorTo(startOfMinute(t, { in: UTC }), 15 * MINUTE), add: (d) => addMinutes(d, 15, { in: UTC }) },
  { ms: 60 * MINUTE, floor: (t) => startOfHour(t, { in: UTC }), add: (d) => addHours(d, 1, { in: UTC }) },
  { ms: 6 * 60 * MINUTE, floor: (t) => floorTo(startOfHour(t, { in: UTC }), 6 * 60 * MINUTE), add: (d) => addHours(d, 6, { in: UTC }) },
  { ms: 24 * 60 * MINUTE, floor: (t) => startOfDay(t, { in: UTC }), add: (d) => addDays(d, 1, { in: UTC }) },
  // Weeks start on Monday (ISO), the way ticket timelines are read.
  { ms: 7 * 24 * 60 * MINUTE, floor: (t) => startOfWeek(t, { in: UTC, weekStartsOn: 1 }), add: (d) => addWeeks(d, 1, { in: UTC }) },
];

/** Floors within the UTC day; every step that uses it divides a day, so the result stays on the day's grid. */
function floorTo(date: Date, stepMs: number): Date {
  const t = date.getTime();
  const day = startOfDay(t, { in: UTC }).getTime();
  return new Date(day + Math.floor((t - day) / stepMs) * stepMs);
}

/**
 * Ticks at round UTC times across [start, end]: the shortest step of 1 min, 5 min, 15 min, 1 h, 6 h, 1 day or
 * 1 week that gives at most `maxTicks` ticks. Labels are `HH:mmZ`; the first tick and every tick on a new day
 * also carry the date, so a multi-day axis is never ambiguous. Daily and weekly ticks are labelled by date only.
 */
export function timeTicks(start: number, end: number, maxTicks = 10): TimeTick[] {
  if (!Number.isFinite(start) || !Number.isFinite(end) || end < start) return [];
  const span = end - start;
  const step = STEPS.find((s) => span / s.ms <= maxTicks) ?? STEPS[STEPS.length - 1]!;
  const ticks: TimeTick[] = [];
  let at = step.floor(start);
  if (at.getTime() < start) at = step.add(at);
  let lastDay: string | undefined;
  for (; at.getTime() <= end && ticks.length <= maxTicks * 8; at = step.add(at)) {
    const iso = at.toISOString();
    const day = iso.slice(0, 10);
    const daily = step.ms >= 24 * 60 * MINUTE;
    ticks.push({ at: at.getTime(), time: daily ? day : `${iso.slice(11, 16)}Z`, ...(day !== lastDay && !daily ? { date: day } : {}) });
    lastDay = day;
  }
  return ticks;
}
