import { writeFileSync } from 'node:fs';

/**
 * Preloaded with `node --import` into every measured Node child: on exit it writes the process's own
 * peak RSS and CPU time (user + system, all its threads) to $LOGSIFT_BENCH_RSS_FILE, so each run's figures are
 * its own and not the bench's (CPU time stays meaningful on a machine shared with other work; wall time does not).
 */
const target = process.env.LOGSIFT_BENCH_RSS_FILE;
if (target) {
  process.on('exit', () => {
    try {
      // resourceUsage().maxRSS is in kilobytes.
      const usage = process.resourceUsage();
      writeFileSync(target, JSON.stringify({ maxRssKB: usage.maxRSS, cpuSeconds: (usage.userCPUTime + usage.systemCPUTime) / 1e6 }));
    } catch {
      // A failed write leaves the figure empty; the run itself still counts.
    }
  });
}
