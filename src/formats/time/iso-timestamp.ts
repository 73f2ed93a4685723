/** ISO 8601 UTC for an epoch-ms time, or undefined when there is none or it is beyond what a Date can show. */
export function isoTimestamp(epochMs: number | undefined): string | undefined {
  if (epochMs === undefined) return undefined;
  const date = new Date(epochMs);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}
