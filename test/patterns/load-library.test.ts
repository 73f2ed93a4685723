import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadLibrary } from '../../src/patterns/index.js';
import { plainEvent } from './plain-event.js';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/patterns');
const good = path.join(fixtures, 'good');
const broken = path.join(fixtures, 'broken');
const user = path.join(fixtures, 'user');

describe('loadLibrary', () => {
  it('loads every good signature file, sorted by id, with no diagnostics', async () => {
    const { library, diagnostics } = await loadLibrary([good]);
    expect(diagnostics).toEqual([]);
    expect(library.signatures.map((s) => s.id)).toEqual(['containerd-sandbox-recovery-failed', 'containerd-stop-sandbox-failed', 'kubelet-crashloop-backoff']);
  });

  it('maps durations, relations, threshold and version ranges onto the Signature model', async () => {
    const { library } = await loadLibrary([good]);
    const s = library.byId('containerd-sandbox-recovery-failed')!;
    expect(s.causes).toEqual([{ signature: 'kubelet-crashloop-backoff', withinMs: 600_000, sameHost: true }]);
    expect(s.causedBy).toEqual([{ signature: 'node-unclean-shutdown', withinMs: 1_800_000, sameHost: true }]);
    expect(s.fixedIn).toEqual([{ product: 'k3s', versions: 'v1.32.3+k3s1, v1.31.7+k3s1' }]);
    expect(s.role).toBe('cause');
    expect(s.rules[0].literals).toEqual(['failed to recover state: failed to get metadata for stored sandbox ']);
    expect(library.byId('containerd-stop-sandbox-failed')!.threshold).toEqual({ count: 2, withinMs: 300_000 });
    expect(library.byId('kubelet-crashloop-backoff')!.rules[0].caseInsensitive).toBe(true);
  });

  it('matches a logrus-shaped line and returns the named captures', async () => {
    const { library } = await loadLibrary([good]);
    const line = 'Failed to run CRI service error=failed to recover state: failed to get metadata for stored sandbox "c8ba6e5a0c3f": not found';
    const matches = library.match(plainEvent(line, { component: 'containerd' }));
    expect(matches.map((m) => [m.signature, m.captures])).toEqual([['containerd-sandbox-recovery-failed', { sandboxId: 'c8ba6e5a0c3f' }]]);
  });

  it('skips an event from a component the signature does not list', async () => {
    const { library } = await loadLibrary([good]);
    const line = 'failed to recover state: failed to get metadata for stored sandbox "c8ba6e5a0c3f"';
    expect(library.match(plainEvent(line, { component: 'kubelet' }))).toEqual([]);
    expect(library.match(plainEvent(line, { component: 'k3s' }))).toHaveLength(1);
  });

  it('lets a user directory override a shipped signature and says so with an info diagnostic naming both files', async () => {
    const { library, diagnostics } = await loadLibrary([good, user]);
    const s = library.byId('containerd-sandbox-recovery-failed')!;
    expect(s.title).toBe('containerd sandbox recovery failed (site override)');
    expect(s.file).toBe(path.join(user, 'containerd/containerd-sandbox-recovery-failed.yaml'));
    expect(s.overrides).toBe(path.join(good, 'containerd/containerd-sandbox-recovery-failed.yaml'));
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ code: 'patterns.override', severity: 'info' });
    expect(diagnostics[0].title).toContain(s.file);
    expect(diagnostics[0].title).toContain(s.overrides);
    expect(library.signatures).toHaveLength(3);
  });

  describe('broken files: one diagnostic each, naming the file and the field, and the file is left out', async () => {
    const { library, diagnostics } = await loadLibrary([broken]);
    const byFile = (name: string) => diagnostics.filter((d) => d.where?.file === path.join(broken, name));
    const expectOne = (name: string, code: string, titlePart: string | RegExp, line?: number) => {
      const found = byFile(name);
      expect(found, JSON.stringify(diagnostics, null, 2)).toHaveLength(1);
      const [d] = found;
      expect(d.code).toBe(code);
      expect(d.severity).toBe('error');
      expect(d.title.startsWith(`${path.join(broken, name)}`)).toBe(true);
      expect(d.title).toMatch(titlePart);
      expect(d.title).not.toContain('\n');
      if (line !== undefined) expect(d.where?.line).toBe(line);
    };

    it('reports malformed YAML with its line number', () => {
      expectOne('malformed-yaml.yaml', 'patterns.bad-yaml', /malformed-yaml\.yaml:7:\d+: YAML syntax error: Missing closing "quote$/);
      expect(byFile('malformed-yaml.yaml')[0].where?.line).toBeGreaterThanOrEqual(7);
    });
    it('reports an invalid regex at match[0].regex', () => {
      expectOne('bad-regex.yaml', 'patterns.bad-regex', /: match\[0\]\.regex: Invalid regular expression/, 6);
    });
    it('rejects a regex the linear-time engine cannot run (a lookahead) at match[0].regex', () => {
      expectOne('lookahead-regex.yaml', 'patterns.bad-regex', /: match\[0\]\.regex: lookahead .* not supported by the linear-time regex engine/, 6);
    });
    it('rejects an unknown key, naming it', () => {
      expectOne('unknown-field.yaml', 'patterns.schema', /: component: Unrecognized key/, 5);
    });
    it('reports a missing required field', () => {
      expectOne('missing-summary.yaml', 'patterns.schema', /: summary: Required field missing/);
    });
    it('reports a duration it cannot read', () => {
      expectOne('bad-duration.yaml', 'patterns.schema', /: threshold\.within: Invalid duration/, 5);
    });
    it('reports a duplicate id in the same directory and keeps the first file', () => {
      expectOne('duplicate/b/dup-sig.yaml', 'patterns.duplicate-id', /: id: duplicate id 'dup-sig', already defined in .*duplicate\/a\/dup-sig\.yaml/);
      expect(library.byId('dup-sig')?.file).toBe(path.join(broken, 'duplicate/a/dup-sig.yaml'));
    });
    it('leaves every broken file out of the library', () => {
      expect(library.signatures.map((s) => s.id)).toEqual(['dup-sig']);
      expect(diagnostics).toHaveLength(7);
    });
  });

  it('warns about a missing directory without throwing, and makes it an error when strict', async () => {
    const missing = path.join(fixtures, 'no-such-dir');
    const loose = await loadLibrary([missing, good]);
    expect(loose.diagnostics).toEqual([expect.objectContaining({ code: 'patterns.dir-missing', severity: 'warning' })]);
    expect(loose.library.signatures).toHaveLength(3);
    const strict = await loadLibrary([missing], { strict: true });
    expect(strict.diagnostics[0].severity).toBe('error');
  });
});

describe('loadLibrary on hostile input', () => {
  it('turns empty, binary, non-mapping and alias-bomb files into diagnostics, never throwing', async () => {
    const { mkdtemp, writeFile, rm } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const dir = await mkdtemp(path.join(tmpdir(), 'logsift-patterns-'));
    try {
      const bomb = ['a: &a [x, x, x, x, x, x, x, x, x]', ...Array.from({ length: 8 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}]`)].join('\n');
      await writeFile(path.join(dir, 'empty.yaml'), '');
      await writeFile(path.join(dir, 'binary.yaml'), Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0xff, 0xfe, 0x00, 0x01, 0x3a, 0x0a]));
      await writeFile(path.join(dir, 'list.yaml'), '- id: x\n- id: y\n');
      await writeFile(path.join(dir, 'bomb.yaml'), bomb);
      const { library, diagnostics } = await loadLibrary([dir]);
      expect(library.signatures).toEqual([]);
      expect(diagnostics.map((d) => path.basename(d.where!.file)).sort()).toEqual(['binary.yaml', 'bomb.yaml', 'empty.yaml', 'list.yaml']);
      expect(diagnostics.every((d) => d.severity === 'error' && d.title.startsWith(dir) && !d.title.includes('\n'))).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
