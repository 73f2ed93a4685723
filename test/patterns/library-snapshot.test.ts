import { cpSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { shippedPatternsDir } from '../../src/cli/shipped-patterns-dir.js';
import { loadLibrary } from '../../src/patterns/load-library.js';
import { buildLibrarySnapshot } from '../../src/patterns/read-signature-file.js';
import { loadLifecycle } from '../../src/patterns/load-lifecycle.js';
import type { Library } from '../../src/patterns/create-library.js';
import { checkExamples } from '../../src/patterns/check-examples.js';
import { parseStandaloneLine } from '../../src/formats/index.js';
import { loadSystemFacts } from '../../src/patterns/load-system-facts.js';
import { factLiterals } from '../../src/correlate/collect-system-facts.js';
import { rawConditionsOf } from '../../src/patterns/raw-line-marker.js';
import { knownRawConditions } from '../../src/patterns/known-raw-conditions.js';
import { snapshotRawConditions } from '../../src/patterns/snapshot-raw-conditions.js';

const work = mkdtempSync(path.join(os.tmpdir(), 'logsift-snapshot-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A copy of the shipped library plus a snapshot built from it, the way `npm run build` builds dist/patterns-snapshot.json. */
async function snapshotOfCopy(name: string, edit?: (dir: string) => void): Promise<{ dir: string; snapshotFile: string }> {
  const dir = path.join(work, name);
  cpSync(shippedPatternsDir(), dir, { recursive: true });
  edit?.(dir);
  const snapshotFile = path.join(work, `${name}.json`);
  writeFileSync(snapshotFile, JSON.stringify((await buildLibrarySnapshot(dir)).snapshot));
  return { dir, snapshotFile };
}

/** Everything a run reads from a loaded library, regexes by source. */
function describeLibrary(library: Library): unknown {
  return library.signatures.map((s) => ({
    ...s,
    rules: s.rules.map((r) => ({ ...r, regex: `/${r.regex.source}/${r.regex.flags}` })),
    unless: s.unless.map((r) => ({ ...r, regex: `/${r.regex.source}/${r.regex.flags}` })),
  }));
}

describe('library snapshot', () => {
  it('loads the same signatures, diagnostics and lifecycle table as the YAML it was built from', async () => {
    const { dir, snapshotFile } = await snapshotOfCopy('same');
    const fromYaml = await loadLibrary([dir], { strict: true });
    const fromSnapshot = await loadLibrary([dir], { strict: true, snapshotFile });
    expect(fromYaml.library.signatures.length).toBeGreaterThan(50);
    expect(describeLibrary(fromSnapshot.library)).toEqual(describeLibrary(fromYaml.library));
    expect(fromSnapshot.diagnostics).toEqual(fromYaml.diagnostics);
    expect(loadLifecycle(dir, snapshotFile)).toEqual(loadLifecycle(dir));
    // The regexes compiled on first use still match every example the way the YAML-loaded ones do.
    expect(checkExamples(fromSnapshot.library, parseStandaloneLine)).toEqual(checkExamples(fromYaml.library, parseStandaloneLine));
  });

  it('is ignored once a YAML file changes after the build', async () => {
    const { dir, snapshotFile } = await snapshotOfCopy('edited');
    const listed = await loadLibrary([dir]);
    const first = listed.library.signatures[0];
    const text = readFileSync(first.file, 'utf8');
    writeFileSync(first.file, text.replace(/^title: .*$/m, 'title: Edited after the build'));
    const loaded = await loadLibrary([dir], { snapshotFile });
    expect(loaded.library.byId(first.id)?.title).toBe('Edited after the build');
  });

  it('is ignored once a YAML file behind a symlink (file or directory) changes after the build', async () => {
    const outside = path.join(work, 'linked-targets');
    mkdirSync(outside, { recursive: true });
    const { dir, snapshotFile } = await snapshotOfCopy('linked', (d) => {
      // kernel/kernel-oom-kill.yaml becomes a symlink to a file outside, node/ a symlink to a directory outside.
      renameSync(path.join(d, 'kernel', 'kernel-oom-kill.yaml'), path.join(outside, 'kernel-oom-kill.yaml'));
      symlinkSync(path.join(outside, 'kernel-oom-kill.yaml'), path.join(d, 'kernel', 'kernel-oom-kill.yaml'));
      renameSync(path.join(d, 'node'), path.join(outside, 'node'));
      symlinkSync(path.join(outside, 'node'), path.join(d, 'node'));
    });
    expect((await loadLibrary([dir], { snapshotFile })).library.byId('kernel-oom-kill')).toBeDefined();
    const linkedFile = path.join(outside, 'kernel-oom-kill.yaml');
    writeFileSync(linkedFile, readFileSync(linkedFile, 'utf8').replace(/^title: .*$/m, 'title: Edited behind a file link'));
    const nodeFile = path.join(outside, 'node', 'node-disk-full.yaml');
    writeFileSync(nodeFile, readFileSync(nodeFile, 'utf8').replace(/^title: .*$/m, 'title: Edited behind a directory link'));
    // Another snapshot file name: a process checks a snapshot once.
    const again = path.join(work, 'linked-again.json');
    writeFileSync(again, readFileSync(snapshotFile));
    const loaded = await loadLibrary([dir], { snapshotFile: again });
    expect(loaded.library.byId('kernel-oom-kill')?.title).toBe('Edited behind a file link');
    expect(loaded.library.byId('node-disk-full')?.title).toBe('Edited behind a directory link');
  });

  it('reports a broken file with the same diagnostic, line included, as the YAML loader', async () => {
    const { dir, snapshotFile } = await snapshotOfCopy('broken', (d) => {
      writeFileSync(path.join(d, 'kernel', 'zz-broken.yaml'), 'id: zz-broken\ntitle: [unclosed\n');
      writeFileSync(path.join(d, 'kernel', 'zz-bad-regex.yaml'), readFileSync(path.join(d, 'kernel', 'kernel-oom-kill.yaml'), 'utf8')
        .replace(/^id: .*$/m, 'id: zz-bad-regex').replace(/regex: '/, "regex: '(?=x)"));
    });
    const fromYaml = await loadLibrary([dir]);
    const fromSnapshot = await loadLibrary([dir], { snapshotFile });
    const codes = fromYaml.diagnostics.map((d) => d.code);
    expect(codes).toContain('patterns.bad-yaml');
    expect(codes).toContain('patterns.bad-regex');
    expect(fromSnapshot.diagnostics).toEqual(fromYaml.diagnostics);
    expect(describeLibrary(fromSnapshot.library)).toEqual(describeLibrary(fromYaml.library));
  });

  it('carries the raw-line conditions a run would derive, used only for the library it was built from', async () => {
    // As scripts/build-patterns-snapshot.mjs adds them: from the library and fact literals loaded from the snapshot.
    const { dir, snapshotFile } = await snapshotOfCopy('conditions');
    const built = await loadLibrary([dir], { snapshotFile });
    const literals = factLiterals(loadSystemFacts(dir, snapshotFile));
    const snapshot = JSON.parse(readFileSync(snapshotFile, 'utf8'));
    // Another file: a process reads a snapshot file once.
    const withConditions = path.join(work, 'conditions-added.json');
    writeFileSync(withConditions, JSON.stringify({ ...snapshot, rawConditions: snapshotRawConditions(built.library.signatures, literals) }));

    const { library } = await loadLibrary([dir], { snapshotFile: withConditions });
    const derived = rawConditionsOf(library.signatures, literals);
    expect(derived?.length).toBeGreaterThan(100);
    expect(knownRawConditions(library.signatures, literals)).toEqual({ conditions: derived });
    // Other message literals, or a library with a user directory besides, derive their own.
    expect(knownRawConditions(library.signatures, literals.slice(1))).toBeUndefined();
    const extra = path.join(work, 'conditions-extra');
    cpSync(path.join(dir, 'kernel'), extra, { recursive: true });
    const withUserDir = await loadLibrary([dir, extra], { snapshotFile: withConditions });
    expect(knownRawConditions(withUserDir.library.signatures, literals)).toBeUndefined();
  });
});
