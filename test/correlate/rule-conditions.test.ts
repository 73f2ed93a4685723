import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli/run-cli.js';
import { parseSignatureText } from '../../src/patterns/index.js';
import { matchesMeetingConditions, UNKNOWN_UPTIME, type UptimeClock } from '../../src/correlate/index.js';
import type { Match } from '../../src/model/match.js';

/*
 * Rule conditions (patterns/README.md, "Conditions"): the same words count or not by when, in the boot and the life of
 * the process that wrote them, and how often, they came. Journal lines are real lines of
 * test/fixtures/journal/incident-default.short-precise.txt (see its README) moved to other times; etcd lines are etcd's
 * capnslog raft lines as https://github.com/etcd-io/etcd/issues/13346 posted them, in a journal envelope.
 */

const JOURNAL = readFileSync(new URL('../fixtures/journal/incident-default.short-precise.txt', import.meta.url), 'utf8').split('\n');
const BANNER = JOURNAL.find((l) => l.includes('kernel: Linux version'))!.replace(/^\w{3} \d\d \S+ /, '');
const JOURNAL_STARTED = JOURNAL.find((l) => l.includes('systemd-journald[298]: Journal started'))!.replace(/^\w{3} \d\d \S+ /, '');
const RENAMED = JOURNAL.find((l) => l.includes('uncleanly shut down'))!.replace(/^\w{3} \d\d \S+ /, '');
const ROUTINE = JOURNAL.find((l) => l.includes('EXT4-fs (sda1): mounted filesystem'))!.replace(/^\w{3} \d\d \S+ /, '');

/** `Mar 14 hh:mm:ss.000000 ` + the rest of a journal line, `seconds` after 06:00:00. */
function at(seconds: number, rest: string): string {
  const d = new Date(Date.UTC(2025, 2, 14, 6, 0, 0) + seconds * 1000);
  const hms = d.toISOString().slice(11, 19);
  return `Mar 14 ${hms}.000000 ${rest}`;
}

function write(lines: readonly string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'logsift-conditions-'));
  const file = join(dir, 'journal.txt');
  writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

async function raised(lines: readonly string[]): Promise<{ incidents: string[]; observations: string[] }> {
  const { status, stdout, stderr } = await runCli([write(lines), '--format', 'json']);
  expect(status, stderr).toBe(0);
  const report = JSON.parse(stdout) as { incidents: { signature: string }[]; observations: { signature: string }[] };
  return { incidents: report.incidents.map((i) => i.signature), observations: report.observations.map((o) => o.signature) };
}

describe('boot_phase within: journald renaming its journal', () => {
  it('is an unclean shutdown seconds after the kernel banner', async () => {
    const { incidents } = await raised([at(0, BANNER), at(1, JOURNAL_STARTED), at(2, RENAMED), at(3, ROUTINE)]);
    expect(incidents).toContain('node-unclean-shutdown');
  });

  it('says nothing three hours into the boot (journald restarted, not the node)', async () => {
    const { incidents, observations } = await raised([at(0, BANNER), at(1, JOURNAL_STARTED), at(3, ROUTINE), at(3 * 3600, RENAMED), at(3 * 3600 + 1, ROUTINE)]);
    expect(incidents).not.toContain('node-unclean-shutdown');
    expect(observations).not.toContain('node-unclean-shutdown');
  });

  it('says nothing when no boot is in sight', async () => {
    const { incidents } = await raised([at(0, JOURNAL_STARTED), at(2, RENAMED), at(3, ROUTINE)]);
    expect(incidents).not.toContain('node-unclean-shutdown');
  });
});

describe('repetition at_most: the same words as a flood', () => {
  it('says nothing when the line repeats every second after boot', async () => {
    const flood = Array.from({ length: 30 }, (_, i) => at(2 + i, RENAMED));
    const { incidents } = await raised([at(0, BANNER), at(1, JOURNAL_STARTED), ...flood]);
    expect(incidents).not.toContain('node-unclean-shutdown');
  });

  it('still counts two files renamed once each', async () => {
    const { incidents } = await raised([at(0, BANNER), at(1, JOURNAL_STARTED), at(2, RENAMED), at(3, RENAMED.replace('system.journal', 'user-1000.journal'))]);
    expect(incidents).toContain('node-unclean-shutdown');
  });
});

describe('boot_phase after: an etcd member starting an election', () => {
  const etcd = (pid: number, text: string) => `cp-1 etcd[${pid}]: ${text}`;
  const ELECTED = 'raft.node: 305e2d98af38bb40 elected leader 7752c0b6a21319fe at term 58';
  const ELECTION = '305e2d98af38bb40 is starting a new election at term 58';

  it('is a lost leader once the member has been running for minutes', async () => {
    const { incidents, observations } = await raised([at(0, etcd(1188, ELECTED)), at(300, etcd(1188, ELECTION))]);
    expect([...incidents, ...observations]).toContain('etcd-leader-lost');
  });

  it('is routine seconds after the member started', async () => {
    const { incidents, observations } = await raised([at(0, etcd(1188, ELECTED)), at(2, etcd(1188, ELECTION))]);
    expect([...incidents, ...observations]).not.toContain('etcd-leader-lost');
  });

  it('is routine from a restarted member (a new pid), however long its host was up', async () => {
    const { incidents, observations } = await raised([at(0, etcd(1188, ELECTED)), at(600, etcd(2044, ELECTED)), at(602, etcd(2044, ELECTION))]);
    expect([...incidents, ...observations]).not.toContain('etcd-leader-lost');
  });
});

describe('matchesMeetingConditions', () => {
  const yaml = (conditions: string) => `id: x-conditions
title: t
severity: error
role: cause
match:
  - regex: 'widget failed'
${conditions}
  - regex: 'gadget failed'
summary: s
explanation: e
remediation: [r]
runbook: https://example.test/r
examples:
  match: [{ line: 'widget failed' }, { line: 'gadget failed' }]
  no_match: ['all good']
`;
  const signatureWith = (conditions: string) => {
    const { signature, diagnostics } = parseSignatureText(yaml(conditions), 'x-conditions.yaml');
    expect(diagnostics).toEqual([]);
    return signature!;
  };
  let line = 0;
  const match = (text: string, seconds: number | undefined, pid = 7): Match => ({
    signature: 'x-conditions',
    captures: {},
    event: {
      ...(seconds === undefined ? {} : { timestamp: seconds * 1000 }), timeQuality: seconds === undefined ? 'none' : 'exact', host: 'h', component: 'widgetd', pid,
      message: text, fields: {}, format: 'journal-short', origin: { bundle: 'b', member: 'm', line: ++line, lineCount: 1 },
    },
  });
  /** Seconds, as `match` takes them. */
  const clock = (boot: number | undefined, firstSeen: number | undefined): UptimeClock => ({
    bootBefore: (_host, t) => (boot !== undefined && boot * 1000 <= t ? boot * 1000 : undefined),
    processFirstSeen: () => (firstSeen === undefined ? undefined : firstSeen * 1000),
  });

  it('keeps a one-off and drops a flood (at_most), counting only the conditioned rule', () => {
    const s = signatureWith('    repetition: { at_most: 2, within: 1m }');
    const oneOff = [match('widget failed', 10), match('widget failed', 500)];
    expect(matchesMeetingConditions(oneOff, s, UNKNOWN_UPTIME)).toHaveLength(2);
    const flood = [1, 2, 3, 4].map((t) => match('widget failed', t));
    expect(matchesMeetingConditions([...flood, match('gadget failed', 3)], s, UNKNOWN_UPTIME).map((m) => m.event.message)).toEqual(['gadget failed']);
  });

  it('keeps only a flood (at_least)', () => {
    const s = signatureWith('    repetition: { at_least: 3, within: 10s }');
    expect(matchesMeetingConditions([match('widget failed', 1), match('widget failed', 100)], s, UNKNOWN_UPTIME)).toEqual([]);
    expect(matchesMeetingConditions([1, 2, 3].map((t) => match('widget failed', t)), s, UNKNOWN_UPTIME)).toHaveLength(3);
  });

  it('judges boot_phase by the boot and the process first line; an untimed line meets none', () => {
    const within = signatureWith('    boot_phase: { within: 10m }');
    expect(matchesMeetingConditions([match('widget failed', 100)], within, clock(0, 0))).toHaveLength(1);
    expect(matchesMeetingConditions([match('widget failed', 1000)], within, clock(0, 0))).toEqual([]);
    expect(matchesMeetingConditions([match('widget failed', 100)], within, UNKNOWN_UPTIME)).toEqual([]);
    expect(matchesMeetingConditions([match('widget failed', undefined)], within, clock(0, 0))).toEqual([]);
    const after = signatureWith('    boot_phase: { after: 2m }');
    expect(matchesMeetingConditions([match('widget failed', 1000)], after, clock(0, 500))).toHaveLength(1);
    expect(matchesMeetingConditions([match('widget failed', 1000)], after, clock(0, 990))).toEqual([]);
    // A pid seen in an earlier boot: the process is no older than this boot.
    expect(matchesMeetingConditions([match('widget failed', 1000)], after, clock(950, 10))).toEqual([]);
    expect(matchesMeetingConditions([match('widget failed', 1000)], after, clock(undefined, undefined))).toEqual([]);
  });

  it('refuses malformed conditions and conditions on a benign signature, naming the key', () => {
    const both = parseSignatureText(yaml('    boot_phase: { within: 1m, after: 1m }'), 'x-conditions.yaml');
    expect(both.signature).toBeUndefined();
    expect(both.diagnostics[0]!.title).toContain('match[0].boot_phase');
    const none = parseSignatureText(yaml('    repetition: { within: 1m }'), 'x-conditions.yaml');
    expect(none.diagnostics[0]!.title).toContain('match[0].repetition');
    const benign = parseSignatureText(yaml('    repetition: { at_most: 1, within: 1m }').replace('role: cause', 'role: context\nbenign: true'), 'x-conditions.yaml');
    expect(benign.signature).toBeUndefined();
    expect(benign.diagnostics.map((d) => d.title)).toEqual(['x-conditions.yaml: match[0].repetition: a benign signature cannot have conditions']);
  });
});
