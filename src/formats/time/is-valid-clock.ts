/**
 * Whether calendar fields as printed can be a real time (day 31 of any month and a leap second are allowed: the
 * printed text is judged, not the calendar). Lines with impossible fields are not of the format that printed them.
 */
export function isValidClock(month: number, day: number, hour: number, minute: number, second: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= 31 && hour <= 23 && minute <= 59 && second <= 60;
}
