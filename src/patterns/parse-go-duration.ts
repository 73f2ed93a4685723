/** Nanoseconds per Go duration unit, in milliseconds (`time.Duration.String()` writes ns, us/µs, ms, s, m, h). */
const UNIT_MS: Readonly<Record<string, number>> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, 'μs': 1e-3, ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };

/**
 * A Go duration as Go prints it (`7.45s`, `850ms`, `1m2.3s`, `1h0m0.5s`, `386.274784ms`, `0s`) → milliseconds;
 * undefined for anything else. Logs print these in `took`, `duration` and friends.
 */
export function parseGoDuration(text: string): number | undefined {
  const trimmed = text.trim();
  if (trimmed === '0') return 0;
  if (!/^(?:\d+(?:\.\d+)?(?:ns|us|µs|μs|ms|s|m|h))+$/.test(trimmed)) return undefined;
  let ms = 0;
  for (const part of trimmed.matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|μs|ms|s|m|h)/g)) ms += Number(part[1]) * UNIT_MS[part[2]!]!;
  return Number.isFinite(ms) ? ms : undefined;
}
