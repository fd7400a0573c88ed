/** Properties of the rating over generated records (fast-check, seeded): it moves the right way. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dimensions, gradeRank, rateParticipant, type RecordEntry } from './index';

const AS_OF = '2026-12-01T00:00:00.000Z';
const SEED = { seed: 20261202, numRuns: 200 };
const at = fc.integer({ min: 0, max: 4 * 365 }).map((days) => new Date(Date.parse(AS_OF) - days * 86_400_000).toISOString());
const entry: fc.Arbitrary<RecordEntry> = fc.oneof(
  fc.record({ kind: fc.constant('obligation' as const), dimension: fc.constantFrom(...dimensions), met: fc.boolean(), at, ref: fc.constant('o') }),
  fc.record({ kind: fc.constant('dispute' as const), outcome: fc.constantFrom('lost' as const, 'won' as const, 'settled' as const, 'open' as const), at, ref: fc.constant('d') }),
  fc.record({ kind: fc.constant('finding' as const), severity: fc.constantFrom('minor' as const, 'major' as const, 'serious' as const), at, ref: fc.constant('f') }),
);
const record = fc.array(entry, { maxLength: 60 });

describe('properties of the rating', () => {
  it('stays within 0–100, and the grade never contradicts the suspension rule', () => {
    fc.assert(
      fc.property(record, (r) => {
        const rating = rateParticipant(r, AS_OF);
        expect(rating.score).toBeGreaterThanOrEqual(0);
        expect(rating.score).toBeLessThanOrEqual(100);
        expect(rating.suspended).toBe(gradeRank(rating.grade) > gradeRank('B'));
        expect(rating.reasons.length).toBeGreaterThan(0);
      }),
      SEED,
    );
  });

  it('an obligation met today never lowers the score; one missed today never raises it; a finding never raises it', () => {
    fc.assert(
      fc.property(record, fc.constantFrom(...dimensions), (r, dimension) => {
        const base = rateParticipant(r, AS_OF).score;
        const met = rateParticipant([...r, { kind: 'obligation', dimension, met: true, at: AS_OF, ref: 'x' }], AS_OF).score;
        const missed = rateParticipant([...r, { kind: 'obligation', dimension, met: false, at: AS_OF, ref: 'x' }], AS_OF);
        const finding = rateParticipant([...r, { kind: 'finding', severity: 'minor', at: AS_OF, ref: 'x' }], AS_OF);
        expect(met).toBeGreaterThanOrEqual(base);
        expect(missed.score).toBeLessThanOrEqual(base);
        expect(finding.score).toBeLessThanOrEqual(base);
      }),
      SEED,
    );
  });

  it('does not depend on the order of the record', () => {
    fc.assert(
      fc.property(record, (r) => {
        const a = rateParticipant(r, AS_OF);
        const b = rateParticipant([...r].reverse(), AS_OF);
        expect(b.score).toBe(a.score);
        expect(b.grade).toBe(a.grade);
      }),
      SEED,
    );
  });
});
