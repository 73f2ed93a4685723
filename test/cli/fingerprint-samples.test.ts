import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

interface JsonIncident {
  readonly id: string;
  readonly fingerprint: string;
  readonly signature: string;
  readonly host: string | null;
  readonly fields: Record<string, string[]>;
}
interface JsonReport {
  readonly incidents: readonly JsonIncident[];
  readonly rootCause: { readonly incident: string; readonly fingerprint: string | null } | null;
  readonly unrecognised: readonly { readonly template: string; readonly fingerprint: string | null }[];
}

const work = mkdtempSync(path.join(tmpdir(), 'logsift-fingerprint-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Hex ids turned into other hex ids of the same length: another sandbox, container or pod uid. */
function otherHex(id: string): string {
  return id.replace(/[0-9a-f]/g, (c) => '7a9e4c1f3b0d2865'[parseInt(c, 16)]!);
}

/**
 * The same failure as it would look on another customer's node, another day: host name, dates, pod name
 * suffixes, sandbox/container ids and addresses all changed, in file contents and member paths alike.
 */
function onAnotherNode(text: string, host: string, newHost: string): string {
  return text
    .replaceAll(host, newHost)
    .replace(/2025-03-14/g, '2025-06-11')
    .replace(/2025-03-15/g, '2025-06-12')
    .replace(/\bFri Mar 14\b/g, 'Wed Jun 11')
    .replace(/\bMar 14\b/g, 'Jun 11')
    .replace(/\bMar 15\b/g, 'Jun 12')
    .replace(/\b[0-9a-f]{12,64}\b/g, otherHex)
    .replace(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/g, otherHex)
    .replace(/-([a-z0-9]{5})(?=[_\s"/]|$)/gm, (_m, suffix: string) => `-${[...suffix].reverse().join('')}`)
    .replace(/\b10\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\b/g, (_m, a: string, b: string, c: string) => `172.${(Number(a) % 16) + 16}.${c}.${b}`);
}

/** Copies a sample's source tree into `to`, every path and text passed through `change`. */
function copyTree(from: string, to: string, change: (text: string) => string): void {
  mkdirSync(to, { recursive: true });
  for (const name of readdirSync(from)) {
    const source = path.join(from, name);
    const target = path.join(to, change(name));
    if (statSync(source).isDirectory()) copyTree(source, target, change);
    else writeFileSync(target, change(readFileSync(source, 'utf8')));
  }
}

async function report(input: string): Promise<JsonReport> {
  const { status, stdout, stderr } = await runCli([input, '--format', 'json']);
  expect(status, stderr).toBe(0);
  return JSON.parse(stdout) as JsonReport;
}

function fingerprintsBySignature(r: JsonReport): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const i of r.incidents) (out[i.signature] ??= []).push(i.fingerprint);
  for (const list of Object.values(out)) list.sort();
  return out;
}

describe('incident fingerprints across nodes', () => {
  it.each([
    ['k3s-power-loss', 'k3s-node-03', 'edge-worker-7'],
    ['two-node', 'k3s-worker-a', 'shop-node-12'],
  ])('the %s failure on another host, day, pods and addresses has the same fingerprints', async (scenario, host, newHost) => {
    const source = path.join('samples/src', scenario);
    const original = path.join(work, `${scenario}-original`);
    const moved = path.join(work, `${scenario}-moved`);
    copyTree(source, original, (t) => t);
    copyTree(source, moved, (t) => onAnotherNode(t, host, newHost));
    const [a, b] = [await report(original), await report(moved)];
    // The copy really is another node with other instances: ids and captured instance values differ.
    const hostsOf = (r: JsonReport) => new Set(r.incidents.map((i) => i.host));
    expect([...hostsOf(b)]).toContain(newHost);
    expect([...hostsOf(b)]).not.toContain(host);
    expect(a.incidents.length).toBeGreaterThan(0);
    expect(JSON.stringify(b.incidents.map((i) => i.fields))).not.toBe(JSON.stringify(a.incidents.map((i) => i.fields)));
    expect(fingerprintsBySignature(b)).toEqual(fingerprintsBySignature(a));
    expect(b.rootCause?.fingerprint).toBe(a.rootCause?.fingerprint);
    expect(b.rootCause?.fingerprint).toMatch(/^fp1:[a-z0-9-]+:[0-9a-f]{12}$/);
    expect(b.unrecognised.map((u) => u.fingerprint).sort()).toEqual(a.unrecognised.map((u) => u.fingerprint).sort());
  });

  it('gives every shipped sample a different root-cause fingerprint, and the healthy node none', async () => {
    const samples = readdirSync('samples').filter((f) => f.endsWith('.tgz')).sort();
    expect(samples.length).toBeGreaterThanOrEqual(6);
    const roots = new Map<string, string>();
    for (const sample of samples) {
      const r = await report(path.join('samples', sample));
      if (sample === 'healthy-node.tgz') {
        expect(r.incidents).toEqual([]);
        expect(r.rootCause).toBeNull();
        continue;
      }
      const root = r.incidents.find((i) => i.id === r.rootCause?.incident);
      expect(root, sample).toBeDefined();
      expect(r.rootCause!.fingerprint).toBe(root!.fingerprint);
      roots.set(sample, root!.fingerprint);
      for (const i of r.incidents) expect(i.fingerprint, i.id).toMatch(new RegExp(`^fp1:${i.signature}:[0-9a-f]{12}$`));
    }
    expect(new Set(roots.values()).size, JSON.stringify([...roots])).toBe(roots.size);
  });
});
