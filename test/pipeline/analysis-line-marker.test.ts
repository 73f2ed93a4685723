import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { shippedPatternsDir } from '../../src/cli/shipped-patterns-dir.js';
import { loadLibrary } from '../../src/patterns/load-library.js';
import { loadSystemFacts } from '../../src/patterns/load-system-facts.js';
import { knownRawConditions } from '../../src/patterns/known-raw-conditions.js';
import { rawConditionsOf } from '../../src/patterns/raw-line-marker.js';
import { analysisMessageLiterals } from '../../src/pipeline/analysis-line-marker.js';

// `npm run build` writes it (npm test builds first).
const BUILT_SNAPSHOT = fileURLToPath(new URL('../../dist/patterns-snapshot.json', import.meta.url));

describe('the line marker of an analysis on the shipped library', () => {
  it('takes its raw-line conditions from the build snapshot, the same as it would derive', async () => {
    // A run derived them again (~0.1 s of a small report) when the build used other message literals than the run.
    expect(existsSync(BUILT_SNAPSHOT), 'run npm run build first').toBe(true);
    const dir = shippedPatternsDir();
    const { library } = await loadLibrary([dir], { snapshotFile: BUILT_SNAPSHOT });
    const literals = analysisMessageLiterals(loadSystemFacts(dir, BUILT_SNAPSHOT));
    const known = knownRawConditions(library.signatures, literals);
    expect(known).toBeDefined();
    expect(known?.conditions).toEqual(rawConditionsOf(library.signatures, literals));
  });
});
