import { randomInt } from 'node:crypto';

/**
 * The seed of this run's fresh-seed fuzzing (fast-check properties without a fixed seed, and the time-bounded
 * fuzz): LOGSIFT_FUZZ_SEED when set, so a red CI run can be replayed, else a new random one.
 */
export function fuzzSeed(env: NodeJS.ProcessEnv = process.env): { readonly seed: number; readonly fromEnv: boolean } {
  const given = env['LOGSIFT_FUZZ_SEED'];
  if (given === undefined || given === '') return { seed: randomInt(2 ** 31), fromEnv: false };
  const seed = Number(given);
  if (!Number.isSafeInteger(seed)) throw new Error(`LOGSIFT_FUZZ_SEED must be an integer, got "${given}"`);
  return { seed, fromEnv: true };
}

/** The line to print so that the run can be replayed. */
export function replayHint(seed: number, file: string): string {
  return `fuzz seed ${seed}; replay with LOGSIFT_FUZZ_SEED=${seed} npx vitest run ${file}`;
}
