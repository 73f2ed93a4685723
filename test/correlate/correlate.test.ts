import { describe, expect, it } from 'vitest';
import { correlateMatches } from '../../src/correlate/index.js';
import { link, match, signature } from './correlate-fixtures.js';

const unclean = signature('node-unclean-shutdown', { role: 'context', severity: 'warning', causes: [link('sandbox-recovery', 30 * 60_000)] });
const sandbox = signature('sandbox-recovery', { severity: 'critical', causes: [link('restart-loop')] });
const restart = signature('restart-loop', { role: 'symptom', threshold: { count: 2, withinMs: 10 * 60_000 } });
const library = [unclean, sandbox, restart];

describe('correlate', () => {
  it('follows unclean shutdown → cause → restart loop and names the cause below the trigger as root', () => {
    const analysis = correlateMatches([
      match('node-unclean-shutdown', '2025-03-14T14:25:11Z'),
      match('sandbox-recovery', '2025-03-14T14:25:15Z', 'node-a', { sandboxId: 'c8ba6e5a' }),
      match('restart-loop', '2025-03-14T14:25:21Z'),
      match('sandbox-recovery', '2025-03-14T14:25:26Z', 'node-a', { sandboxId: 'c8ba6e5a' }),
      match('restart-loop', '2025-03-14T14:25:32Z'),
    ], library);
    expect(analysis.incidents.map((i) => [i.id, i.causedBy])).toEqual([
      ['node-unclean-shutdown@node-a#1', undefined],
      ['sandbox-recovery@node-a#1', 'node-unclean-shutdown@node-a#1'],
      ['restart-loop@node-a#1', 'sandbox-recovery@node-a#1'],
    ]);
    const sandboxIncident = analysis.incidents[1]!;
    expect(sandboxIncident.count).toBe(2);
    expect(sandboxIncident.fields).toEqual({ sandboxId: ['c8ba6e5a'] });
    expect(sandboxIncident.evidence[0]).toMatchObject({ file: 'bundle.tgz:logs/sandbox-recovery.log', text: 'raw line for sandbox-recovery at 2025-03-14T14:25:15Z' });
    expect(analysis.rootCause).toMatchObject({
      incident: 'sandbox-recovery@node-a#1',
      signature: 'sandbox-recovery',
      chain: ['node-unclean-shutdown@node-a#1', 'sandbox-recovery@node-a#1', 'restart-loop@node-a#1'],
    });
    expect(analysis.rootCause!.confidence).toBeGreaterThan(0.7);
    expect(analysis.rootCause!.explanation).toContain('node-unclean-shutdown');
  });

  it('does not link a cause on another host when the relation is same-host', () => {
    const analysis = correlateMatches([
      match('sandbox-recovery', '2025-03-14T14:25:15Z', 'node-a'),
      match('restart-loop', '2025-03-14T14:25:21Z', 'node-b'),
      match('restart-loop', '2025-03-14T14:25:31Z', 'node-b'),
    ], library);
    expect(analysis.incidents.find((i) => i.signature === 'restart-loop')!.causedBy).toBeUndefined();
  });

  it('does not link an effect that starts after the window', () => {
    const analysis = correlateMatches([
      match('sandbox-recovery', '2025-03-14T10:00:00Z'),
      match('restart-loop', '2025-03-14T11:00:00Z'),
      match('restart-loop', '2025-03-14T11:01:00Z'),
    ], library);
    expect(analysis.incidents.find((i) => i.signature === 'restart-loop')!.causedBy).toBeUndefined();
  });

  it('keeps matches below a threshold as an info observation instead of raising an incident', () => {
    const analysis = correlateMatches([match('restart-loop', '2025-03-14T11:00:00Z')], library);
    expect(analysis.incidents).toEqual([]);
    expect(analysis.rootCause).toBeNull();
    expect(analysis.observations).toEqual([
      expect.objectContaining({
        signature: 'restart-loop', severity: 'info', signatureSeverity: 'error', host: 'node-a', count: 1,
        firstSeen: Date.parse('2025-03-14T11:00:00Z'), threshold: { count: 2, withinMs: 10 * 60_000 },
        example: expect.objectContaining({ file: 'bundle.tgz:logs/restart-loop.log', text: 'raw line for restart-loop at 2025-03-14T11:00:00Z' }),
      }),
    ]);
  });

  it('raises one match whose captured duration is severe on its own, and keeps short ones below the threshold', () => {
    const slow = signature('slow-disk', {
      severity: 'warning',
      threshold: { count: 5, withinMs: 10 * 60_000, unlessCapture: [{ capture: 'took', operator: '>=', value: 1000 }] },
    });
    const once = correlateMatches([match('slow-disk', '2025-03-14T11:00:00Z', 'etcd-1', { took: '7.45s' })], [slow]);
    expect(once.incidents.map((i) => [i.signature, i.count])).toEqual([['slow-disk', 1]]);
    expect(once.observations).toEqual([]);
    const fast = correlateMatches([
      match('slow-disk', '2025-03-14T11:00:00Z', 'etcd-1', { took: '850ms' }),
      match('slow-disk', '2025-03-14T11:01:00Z', 'etcd-1', { took: '999.9ms' }),
    ], [slow]);
    expect(fast.incidents).toEqual([]);
    expect(fast.observations?.map((o) => [o.signature, o.count, o.host])).toEqual([['slow-disk', 2, 'etcd-1']]);
    const minutes = correlateMatches([match('slow-disk', '2025-03-14T11:00:00Z', 'etcd-1', { took: '1m2.3s' })], [slow]);
    expect(minutes.incidents).toHaveLength(1);
  });

  it('says nothing explains symptoms rather than naming a symptom as root cause', () => {
    const analysis = correlateMatches([
      match('restart-loop', '2025-03-14T11:00:00Z'),
      match('restart-loop', '2025-03-14T11:02:00Z'),
    ], library);
    expect(analysis.incidents).toHaveLength(1);
    expect(analysis.rootCause).toBeNull();
  });

  it('splits matches far apart in time into separate incidents with stable ids', () => {
    const analysis = correlateMatches([
      match('sandbox-recovery', '2025-03-14T10:00:00Z'),
      match('sandbox-recovery', '2025-03-14T13:00:00Z'),
    ], library);
    expect(analysis.incidents.map((i) => i.id)).toEqual(['sandbox-recovery@node-a#1', 'sandbox-recovery@node-a#2']);
  });

  it('shows a line repeated 50 times once, with how often, until when and where', () => {
    const many = Array.from({ length: 50 }, (_, i) => match('sandbox-recovery', new Date(Date.UTC(2025, 2, 14, 10, 0, i)).toISOString()));
    const [incident] = correlateMatches(many, library).incidents;
    expect(incident!.count).toBe(50);
    expect(incident!.evidence).toHaveLength(1);
    expect(incident!.evidence[0]!.text).toContain('10:00:00');
    expect(incident!.evidence[0]!.repeated).toEqual({ count: 50, lastTimestamp: Date.UTC(2025, 2, 14, 10, 0, 49), files: [incident!.evidence[0]!.file] });
  });

  it('caps evidence of many different lines to the first, a sample and the last', () => {
    const words = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel', 'india', 'juliet'];
    const many = words.map((w, i) => {
      const m = match('sandbox-recovery', new Date(Date.UTC(2025, 2, 14, 10, 0, i)).toISOString());
      return { ...m, event: { ...m.event, message: `${m.event.message} ${w}`, raw: `${m.event.raw ?? ''} ${w}` } };
    });
    const [incident] = correlateMatches(many, library).incidents;
    expect(incident!.evidence.length).toBeLessThanOrEqual(6);
    expect(incident!.evidence.at(-1)!.text).toContain('juliet');
    expect(incident!.evidence.every((e) => e.repeated === undefined)).toBe(true);
  });
});

describe('copies of one line in several files', () => {
  it('counts a line once when the journal dump and syslog both hold it', () => {
    const fromJournal = match('sandbox-recovery', '2025-03-14T14:25:15Z');
    const fromSyslog = { ...fromJournal, event: { ...fromJournal.event, timestamp: Date.parse('2025-03-14T14:25:15.518Z'), origin: { ...fromJournal.event.origin, member: 'systemlogs/syslog' } } };
    const repeatInSameFile = { ...fromJournal, event: { ...fromJournal.event, origin: { ...fromJournal.event.origin, line: 999 } } };
    const [incident] = correlateMatches([fromJournal, fromSyslog, repeatInSameFile], library).incidents;
    expect(incident!.count).toBe(2);
  });
});

describe('a flood of matches', () => {
  it('counts and times every match beyond the kept ones, with bounded evidence', () => {
    const start = Date.UTC(2025, 2, 14, 10);
    const flood = Array.from({ length: 25_000 }, (_, i) => match('sandbox-recovery', new Date(start + i * 100).toISOString()));
    const [incident] = correlateMatches(flood, library).incidents;
    expect(incident!.count).toBe(25_000);
    expect(incident!.lastSeen).toBe(start + 24_999 * 100);
    expect(incident!.evidence.length).toBeLessThanOrEqual(6);
  });
});

describe('mutual relations', () => {
  it('links two incidents that declare each other as cause only one way, so the chain has a head', () => {
    const a = signature('sig-a', { causes: [link('sig-b')] });
    const b = signature('sig-b', { causes: [link('sig-a')] });
    const analysis = correlateMatches([match('sig-a', '2025-03-14T10:00:00Z'), match('sig-b', '2025-03-14T10:00:10Z')], [a, b]);
    const linked = analysis.incidents.filter((i) => i.causedBy !== undefined);
    expect(linked).toHaveLength(1);
    expect(analysis.rootCause?.chain).toHaveLength(2);
  });
});
