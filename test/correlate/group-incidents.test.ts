import { describe, expect, it } from 'vitest';
import { envelopeFieldsRead, IncidentGrouper } from '../../src/correlate/group-incidents.js';
import { parseSignatureText } from '../../src/patterns/index.js';
import type { Match } from '../../src/model/match.js';
import type { Signature } from '../../src/model/signature.js';

/*
 * A kept match drops the journal/environment fields no rule reads (a binary journal's entry has 20–30 of them, kept
 * for up to 20 000 matches per signature and host). What a user sees must not change: evidence text (message and
 * payload fields), counts, and rule conditions judged on a `field:` rule's journal field.
 */

const yaml = (rules: string) => `id: x-widget
title: t
severity: error
role: cause
match:
${rules}
summary: s
explanation: e
remediation: [r]
runbook: https://example.test/r
examples:
  match: [{ line: 'widget failed' }]
  no_match: ['all good']
`;

function signatureWith(rules: string): Signature {
  const { signature, diagnostics } = parseSignatureText(yaml(rules), 'x-widget.yaml');
  expect(diagnostics).toEqual([]);
  return signature!;
}

let line = 0;
/** A journal entry's match: the envelope fields a binary journal gives every entry, and one payload field. */
function journalMatch(seconds: number, unitField: string): Match {
  return {
    signature: 'x-widget',
    captures: {},
    event: {
      timestamp: Date.UTC(2025, 2, 14, 6) + seconds * 1000, timeQuality: 'exact', host: 'h', unit: 'widgetd', pid: 7,
      message: 'widget failed', format: 'journal-json', origin: { bundle: 'b', member: 'system.journal', line: ++line, lineCount: 1 },
      fields: {
        _BOOT_ID: '0dc874d3fbd44bdbb6fbcfaa27481492', _MACHINE_ID: '5f0a3b3c8e2d4f1a9b7c6d5e4f3a2b1c', _SYSTEMD_UNIT: unitField,
        _CMDLINE: '/usr/bin/widgetd --config /etc/widgetd.conf', PRIORITY: '3', error: 'disk full',
      },
    },
  };
}

function split(grouper: IncidentGrouper, signature: Signature, matches: readonly Match[]) {
  for (const match of matches) grouper.add(match);
  return grouper.split(() => signature);
}

describe('IncidentGrouper keeping only the fields rules read', () => {
  it('names the journal fields a field: rule of the library targets, not payload fields or the message', () => {
    const s = signatureWith(`  - regex: 'widget failed'
  - regex: '^widgetd'
    field: _SYSTEMD_UNIT
  - regex: 'disk'
    field: error`);
    expect([...envelopeFieldsRead([s])]).toEqual(['_SYSTEMD_UNIT']);
  });

  it('shows the same evidence and counts as a grouper that keeps every field', () => {
    const s = signatureWith(`  - regex: 'widget failed'`);
    const matches = [1, 2, 3, 4].map((t) => journalMatch(t, 'widgetd.service'));
    const slim = split(new IncidentGrouper(envelopeFieldsRead([s])), s, matches);
    expect(slim).toEqual(split(new IncidentGrouper(), s, matches));
    expect(slim.incidents[0]!.count).toBe(4);
    // The payload field stays in the evidence text; the journal fields never were in it.
    expect(slim.incidents[0]!.evidence[0]!.text).toBe('widget failed error=disk full');
  });

  it('still judges a field: rule on a journal field by that field (repetition at_most)', () => {
    const s = signatureWith(`  - regex: '^widgetd'
    field: _SYSTEMD_UNIT
    repetition: { at_most: 1, within: 1m }`);
    // Two within a minute: a flood the rule does not count. Were _SYSTEMD_UNIT dropped, no rule would match the kept
    // match again and both would count.
    const flood = [journalMatch(1, 'widgetd.service'), journalMatch(2, 'widgetd.service')];
    const slim = split(new IncidentGrouper(envelopeFieldsRead([s])), s, flood);
    expect(slim.incidents).toEqual([]);
    expect(slim.observations).toEqual([]);
    const oneOff = split(new IncidentGrouper(envelopeFieldsRead([s])), s, [journalMatch(1, 'widgetd.service')]);
    expect(oneOff.incidents.map((i) => i.count)).toEqual([1]);
  });
});
