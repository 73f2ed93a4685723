import { writeFileSync } from 'node:fs';

/**
 * Preloaded with `node --import` into every measured Node child: on exit it writes the process's own
 * peak RSS to $LOGSIFT_BENCH_RSS_FILE, so each run's peak is its own and not the bench's.
 */
const target = process.env.LOGSIFT_BENCH_RSS_FILE;
if (target) {
  process.on('exit', () => {
    try {
      // resourceUsage().maxRSS is in kilobytes.
      writeFileSync(target, JSON.stringify({ maxRssKB: process.resourceUsage().maxRSS }));
    } catch {
      // A failed write leaves the figure empty; the run itself still counts.
    }
  });
}
