import type { Signature, VersionRange } from '../model/signature.js';
import type { SystemSummary, VersionCheck } from '../model/system-facts.js';

/**
 * A version as the distributions print it: `v1.32.1+k3s1` (k3s), `v1.31.4+rke2r1` (RKE2), `v2.0.2-k3s2` (containerd as
 * k3s builds it), `1.7.15`, `v1.32.3 rev 7964` (a microk8s snap revision). The upstream release, then the downstream
 * build number (`k3s2` → 2, `rke2r1` → 1, `rev 7964` → 7964), which orders rebuilds of one upstream release; a real
 * pre-release (`-rc.1`, `-beta2`) sorts before its release.
 */
export interface ParsedVersion {
  readonly parts: readonly [number, number, number];
  /** Which of major.minor.patch were written (`1.31.x` and `2.0` leave some out). */
  readonly written: 1 | 2 | 3;
  readonly build: number;
  readonly preRelease: boolean;
}

const VERSION = /^v?(\d+)(?:\.(\d+|x))?(?:\.(\d+|x))?(.*)$/i;

export function parseVersion(text: string): ParsedVersion | undefined {
  const m = VERSION.exec(text.trim());
  if (!m) return undefined;
  const major = Number(m[1]);
  const minor = m[2] === undefined || /x/i.test(m[2]) ? undefined : Number(m[2]);
  const patch = m[3] === undefined || /x/i.test(m[3]) ? undefined : Number(m[3]);
  const suffix = m[4] ?? '';
  if (suffix !== '' && !/^[-+~ ]/.test(suffix)) return undefined;
  const preRelease = /^[-~](?:rc|alpha|beta|pre)/i.test(suffix);
  const build = preRelease ? Number(/(\d+)\D*$/.exec(suffix)?.[1] ?? 0) : Number(/(\d+)\D*$/.exec(suffix)?.[1] ?? 0);
  return { parts: [major, minor ?? 0, patch ?? 0], written: minor === undefined ? 1 : patch === undefined ? 2 : 3, build, preRelease };
}

/** Orders versions semver-like: major, minor, patch, then pre-release before release, then the downstream build. */
export function compareVersions(a: ParsedVersion, b: ParsedVersion): number {
  for (let i = 0; i < 3; i++) if (a.parts[i] !== b.parts[i]) return a.parts[i]! - b.parts[i]!;
  if (a.preRelease !== b.preRelease) return a.preRelease ? -1 : 1;
  return a.build - b.build;
}

/** The last version a `2.0` or `1.31.x` covers: every patch (and build) of it. */
function upperOf(v: ParsedVersion): ParsedVersion {
  if (v.written === 3) return v;
  const big = Number.MAX_SAFE_INTEGER;
  return { parts: [v.parts[0], v.written === 1 ? big : v.parts[1], big], written: 3, build: big, preRelease: false };
}

interface Range {
  readonly low?: ParsedVersion;
  readonly high?: ParsedVersion;
  readonly highExclusive?: boolean;
}

/** The first version-looking token of a phrase. */
function versionIn(text: string): ParsedVersion | undefined {
  const token = /v?\d+(?:\.(?:\d+|x))*(?:[-+~][\w.]+)?/i.exec(text)?.[0];
  return token === undefined ? undefined : parseVersion(token);
}

/**
 * Reads the range phrases signatures declare (`versions` in `affects`): `A – B`, `1.31.x before 1.31.7`, `≥ A`,
 * `A and later`, `before A`, `1.31.x`, `2.0–2.1`, or one version; a comment in parentheses is ignored. Phrases it
 * cannot read give no range (the verdict is then "unknown", never a guess).
 */
export function parseRanges(text: string): Range[] {
  const ranges: Range[] = [];
  for (const raw of text.replace(/\([^)]*\)/g, ' ').split(/,|;|\bor\b/)) {
    const phrase = raw.trim();
    if (phrase === '') continue;
    const span = /^(.+?)\s*(?:–|—|\s-\s|\bto\b|(?<=\d)-(?=v?\d+\.))\s*(.+)$/.exec(phrase);
    const before = /^(.*?)\s*\bbefore\b\s*(.+)$/.exec(phrase);
    if (before) {
      const low = before[1] ? versionIn(before[1]) : undefined;
      const high = versionIn(before[2]!);
      if (high) ranges.push({ ...(low ? { low } : {}), high, highExclusive: true });
      continue;
    }
    if (span) {
      const low = versionIn(span[1]!);
      const high = versionIn(span[2]!);
      if (low && high) ranges.push({ low, high: upperOf(high) });
      continue;
    }
    const atLeast = /^(?:≥|>=)\s*(.+)$/.exec(phrase) ?? /^(.+?)\s+(?:and later|or later|and newer|\+)/i.exec(phrase);
    if (atLeast) {
      const low = versionIn(atLeast[1]!);
      if (low) ranges.push({ low });
      continue;
    }
    const below = /^(?:<)\s*(.+)$/.exec(phrase);
    if (below) {
      const high = versionIn(below[1]!);
      if (high) ranges.push({ high, highExclusive: true });
      continue;
    }
    const one = versionIn(phrase);
    if (one && /^\S+$/.test(phrase.replace(/^(?:=|==)\s*/, ''))) ranges.push({ low: one, high: upperOf(one) });
  }
  return ranges;
}

function inRange(v: ParsedVersion, r: Range): boolean {
  if (r.low && compareVersions(v, r.low) < 0) return false;
  if (r.high) {
    const c = compareVersions(v, r.high);
    if (r.highExclusive ? c >= 0 : c > 0) return false;
  }
  return r.low !== undefined || r.high !== undefined;
}

/** The fixed releases a signature declares (`v1.32.3+k3s1, v1.31.7+k3s1`, `≥ 1.7.22`), as written and parsed. */
function fixedReleases(ranges: readonly VersionRange[]): { text: string; version: ParsedVersion }[] {
  return ranges.flatMap((r) => r.versions.replace(/\([^)]*\)/g, ' ').split(',').flatMap((part) => {
    const text = part.trim().replace(/^(?:≥|>=)\s*/, '');
    const version = versionIn(text);
    return version ? [{ text: /^\S+/.exec(text)?.[0] ?? text, version }] : [];
  }));
}

/** One verdict: inside a declared affected range, at or past a fixed release of its line, or unknown. */
export function checkVersion(product: string, version: string, signature: Pick<Signature, 'affects' | 'fixedIn'>): Omit<VersionCheck, 'host'> | undefined {
  const affects = signature.affects.filter((r) => r.product === product);
  const fixed = signature.fixedIn.filter((r) => r.product === product);
  if (affects.length === 0 && fixed.length === 0) return undefined;
  const affectedText = affects.map((r) => r.versions).join('; ');
  const base = { product, version, ...(affectedText ? { affected: affectedText } : {}) };
  const v = parseVersion(version);
  const releases = fixedReleases(fixed);
  // The fix on the same minor line is the one to name; else every fix declared.
  const sameLine = v ? releases.filter((f) => f.version.parts[0] === v.parts[0] && f.version.parts[1] === v.parts[1]) : [];
  const fixedText = (sameLine.length > 0 ? sameLine : releases).map((f) => f.text).join(', ') || fixed.map((r) => r.versions).join('; ');
  const withFix = fixedText ? { fixedIn: fixedText } : {};
  if (!v) return { ...base, ...withFix, verdict: 'unknown' };
  if (affects.some((r) => parseRanges(r.versions).some((range) => inRange(v, range)))) return { ...base, ...withFix, verdict: 'affected' };
  const newest = releases.reduce<ParsedVersion | undefined>((max, f) => (max === undefined || compareVersions(f.version, max) > 0 ? f.version : max), undefined);
  const fixedOnLine = sameLine.some((f) => compareVersions(v, f.version) >= 0);
  if (fixedOnLine || (newest !== undefined && compareVersions(v, newest) >= 0)) return { ...base, ...withFix, verdict: 'fixed' };
  return { ...base, ...withFix, verdict: 'unknown' };
}

/**
 * The versions the bundle shows, checked against what the root cause's signature declares: on the root cause's host
 * when its system is known, else on every host. Products the signature does not name are not checked.
 */
export function checkVersions(signature: Pick<Signature, 'affects' | 'fixedIn'> | undefined, systems: readonly SystemSummary[], host: string | undefined): VersionCheck[] {
  if (!signature) return [];
  const onHost = systems.filter((s) => s.host === host);
  const checked = onHost.length > 0 ? onHost : systems;
  return checked.flatMap((system) => Object.entries(system.versions).flatMap(([product, version]) => {
    const check = checkVersion(product, version, signature);
    return check ? [{ host: system.host, ...check }] : [];
  }));
}
