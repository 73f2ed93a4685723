import fc from 'fast-check';
import { fuzzSeed } from './fuzz-seed.js';

// Every fast-check property without its own fixed seed runs from this seed, taken from LOGSIFT_FUZZ_SEED when given:
// a failing property prints `seed: N` (fast-check), and LOGSIFT_FUZZ_SEED=N replays it.
fc.configureGlobal({ ...fc.readConfigureGlobal(), seed: fuzzSeed().seed });
