import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { linkCauses } from '../../src/correlate/link-causes.js';
import type { Incident } from '../../src/model/incident.js';
import type { CauseLink, Signature } from '../../src/model/signature.js';

/**
 * The links as the first version found them, every incident tried as the cause of every effect's every relation:
 * the reference the signature-indexed lookup must equal (cycles are broken the same way afterwards).
 */
function nearestCauses(incidents: readonly Incident[], signatures: readonly Signature[]): (string | undefined)[] {
  const relations = signatures.flatMap((s) => [
    ...s.causes.map((link) => ({ cause: s.id, effect: link.signature, link })),
    ...s.causedBy.map((link) => ({ cause: link.signature, effect: s.id, link })),
  ]);
  return incidents.map((effect) => {
    if (effect.firstSeen === undefined) return undefined;
    let best: { id: string; distance: number } | undefined;
    for (const relation of relations.filter((r) => r.effect === effect.signature)) {
      for (const cause of incidents) {
        if (cause === effect || cause.signature !== relation.cause || cause.firstSeen === undefined) continue;
        if (relation.link.sameHost && cause.host !== effect.host) continue;
        if (effect.firstSeen < cause.firstSeen - 60_000 || effect.firstSeen > (cause.lastSeen ?? cause.firstSeen) + relation.link.withinMs) continue;
        const distance = Math.abs(effect.firstSeen - cause.firstSeen);
        if (!best || distance < best.distance || (distance === best.distance && cause.id < best.id)) best = { id: cause.id, distance };
      }
    }
    return best?.id;
  });
}

/** The links after dropping, in incident order, each one that leads back to its own incident (as linkCauses does). */
function withoutCycles(ids: readonly string[], causes: readonly (string | undefined)[]): (string | undefined)[] {
  const causeOf = new Map(ids.map((id, n) => [id, causes[n]]));
  for (const id of ids) {
    const seen = new Set([id]);
    for (let at = causeOf.get(id); at !== undefined; at = causeOf.get(at)) {
      if (seen.has(at)) {
        causeOf.set(id, undefined);
        break;
      }
      seen.add(at);
    }
  }
  return ids.map((id) => causeOf.get(id));
}

const SIGNATURE_IDS = ['a', 'b', 'c', 'd'];

function signature(id: string, causes: CauseLink[], causedBy: CauseLink[]): Signature {
  return { id, causes, causedBy } as unknown as Signature;
}

function incident(id: string, signatureId: string, host: string, firstSeen: number | undefined, length: number): Incident {
  return { id, signature: signatureId, host, firstSeen, lastSeen: firstSeen === undefined ? undefined : firstSeen + length } as unknown as Incident;
}

describe('linkCauses', () => {
  it('links each effect to its nearest cause on the same host, within the window', () => {
    const signatures = [signature('power-loss', [{ signature: 'etcd-corrupt', withinMs: 600_000, sameHost: true }], [])];
    const linked = linkCauses(
      [
        incident('i1', 'power-loss', 'n1', 1_000_000, 0),
        incident('i2', 'power-loss', 'n1', 1_200_000, 0),
        incident('i3', 'etcd-corrupt', 'n1', 1_300_000, 0),
        incident('i4', 'etcd-corrupt', 'n2', 1_300_000, 0),
        incident('i5', 'etcd-corrupt', 'n1', 9_000_000, 0),
      ],
      signatures,
    );
    expect(linked.map((i) => i.causedBy)).toEqual([undefined, undefined, 'i2', undefined, undefined]);
  });

  it('finds the links every pair of incidents would give, for many incidents of few signatures', () => {
    const link = fc.record({ signature: fc.constantFrom(...SIGNATURE_IDS), withinMs: fc.integer({ min: 0, max: 200_000 }), sameHost: fc.boolean() });
    const signatures = fc.tuple(...SIGNATURE_IDS.map((id) => fc.tuple(fc.array(link, { maxLength: 2 }), fc.array(link, { maxLength: 2 })).map(([c, b]) => signature(id, c, b))));
    const incidents = fc.array(
      fc.tuple(fc.constantFrom(...SIGNATURE_IDS), fc.constantFrom('n1', 'n2'), fc.option(fc.integer({ min: 0, max: 400_000 }), { nil: undefined }), fc.integer({ min: 0, max: 50_000 })),
      { maxLength: 40 },
    );
    fc.assert(
      fc.property(signatures, incidents, (sigs, list) => {
        // Ids in a shuffled order, so ties between causes are decided by id and not by position.
        const made = list.map(([sig, host, first, length], n) => incident(`i${(n * 7) % 41}-${n}`, sig, host, first, length));
        const linked = linkCauses(made, sigs);
        expect(linked.map((i) => i.causedBy)).toEqual(withoutCycles(made.map((i) => i.id), nearestCauses(made, sigs)));
      }),
      { numRuns: 400 },
    );
  });
});
