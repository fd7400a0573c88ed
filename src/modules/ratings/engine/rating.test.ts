import { describe, expect, it } from 'vitest';
import { decayWeight, DEFAULT_RATING_POLICY, gradeOfScore, rateParticipant, type Dimension, type RecordEntry } from './index';

const AS_OF = '2026-12-01T00:00:00.000Z';
const daysBefore = (days: number) => new Date(Date.parse(AS_OF) - days * 86_400_000).toISOString();
let n = 0;
/** `count` obligations of one dimension, met or missed, `days` before AS_OF. */
const ob = (dimension: Dimension, met: boolean, days = 0, count = 1): RecordEntry[] =>
  Array.from({ length: count }, () => ({ kind: 'obligation', dimension, met, at: daysBefore(days), ref: `r${n++}` }));

describe('grades', () => {
  it('maps scores to the AAA…C ladder at the published floors', () => {
    expect([100, 95, 94.9, 90, 85, 80, 75, 70, 60, 50, 49.9, 0].map(gradeOfScore)).toEqual(['AAA', 'AAA', 'AA', 'AA', 'A', 'BBB', 'BB', 'B', 'CCC', 'CC', 'C', 'C']);
  });

  it('halves a record’s weight every half-life and drops it past the horizon', () => {
    expect(decayWeight(daysBefore(0), AS_OF, DEFAULT_RATING_POLICY)).toBe(1);
    expect(decayWeight(daysBefore(365), AS_OF, DEFAULT_RATING_POLICY)).toBeCloseTo(0.5, 12);
    expect(decayWeight(daysBefore(730), AS_OF, DEFAULT_RATING_POLICY)).toBeCloseTo(0.25, 12);
    expect(decayWeight(daysBefore(3 * 365 + 1), AS_OF, DEFAULT_RATING_POLICY)).toBe(0);
    expect(decayWeight(daysBefore(-3), AS_OF, DEFAULT_RATING_POLICY)).toBe(1);
  });
});

describe('rating a participant (hand-computed, README "Worked example")', () => {
  it('a newcomer without a record starts at the prior: 85.0, grade A, saying it rests on little record', () => {
    const r = rateParticipant([], AS_OF);
    expect(r).toMatchObject({ score: 85, grade: 'A', suspended: false, records: 0 });
    expect(r.reasons).toEqual([
      { code: 'ratings.reason.little-record', params: { records: 0 } },
      { code: 'ratings.reason.clean-record', params: {} },
    ]);
  });

  const record: RecordEntry[] = [
    ...ob('fulfilment', true, 0, 10),
    ...ob('fulfilment', false, 365),
    ...ob('pickup', true, 0, 4),
    ...ob('pickup', false, 730, 2),
    ...ob('weight', true, 0, 5),
    ...ob('acceptance', true, 0, 5),
    ...ob('acceptance', false, 0),
    { kind: 'dispute', outcome: 'lost', at: daysBefore(365), ref: 'd1' },
    { kind: 'dispute', outcome: 'won', at: daysBefore(10), ref: 'd2' },
    { kind: 'finding', severity: 'minor', at: daysBefore(0), ref: 'f1' },
  ];

  it('scores the worked example: 83.9, BBB, reasons by deduction', () => {
    // fulfilment (10 + 3.4) / (10 + 0.5 + 4) = 0.924138; pickup (4 + 3.4) / (4 + 0.5 + 4) = 0.870588;
    // receipt 0.85 (prior); weight (5 + 3.4) / 9 = 0.933333; acceptance (5 + 3.4) / 10 = 0.84.
    // base = 100 × (0.35·0.924138 + 0.15·0.870588 + 0.10·0.85 + 0.20·0.933333 + 0.20·0.84) = 89.370
    // − dispute lost a year ago 5 × 0.5 − minor finding today 3 = 83.870.
    const r = rateParticipant(record, AS_OF);
    expect(r.score).toBe(83.9);
    expect(r.grade).toBe('BBB');
    expect(r.suspended).toBe(false);
    expect(r.records).toBe(31);
    expect(r.dimensions.map((d) => [d.dimension, Number(d.rate.toFixed(6)), d.met, d.missed])).toEqual([
      ['fulfilment', 0.924138, 10, 0.5],
      ['pickup', 0.870588, 4, 0.5],
      ['receipt', 0.85, 0, 0],
      ['weight', 0.933333, 5, 0],
      ['acceptance', 0.84, 5, 1],
    ]);
    expect(r.reasons).toEqual([
      { code: 'ratings.reason.acceptance', params: { rate: 0.84, met: 5, missed: 1, pointsLost: 3.2 } },
      { code: 'ratings.reason.findings', params: { minor: 1, major: 0, serious: 0, pointsLost: 3 } },
      { code: 'ratings.reason.fulfilment', params: { rate: 0.924, met: 10, missed: 0.5, pointsLost: 2.7 } },
      { code: 'ratings.reason.disputes-lost', params: { count: 1, pointsLost: 2.5 } },
      { code: 'ratings.reason.pickup', params: { rate: 0.871, met: 4, missed: 0.5, pointsLost: 1.9 } },
    ]);
  });

  it('moves with the record: a new refusal lowers it, time heals it', () => {
    const base = rateParticipant(record, AS_OF).score;
    const refused = rateParticipant([...record, ...ob('acceptance', false, 0)], AS_OF).score;
    // acceptance (5 + 3.4) / 11 = 0.763636: 0.2 × (0.84 − 0.763636) × 100 = 1.527 points less.
    expect(refused).toBe(Number((83.870 - 1.527).toFixed(1)));
    const later = rateParticipant(record, new Date(Date.parse(AS_OF) + 365 * 86_400_000).toISOString()).score;
    expect(later).toBeGreaterThan(base);
    const moreDeliveries = rateParticipant([...record, ...ob('fulfilment', true, 0, 20)], AS_OF).score;
    expect(moreDeliveries).toBeGreaterThan(base);
  });

  it('a serious finding within a half-life caps the grade and suspends; a year and a half later it no longer does', () => {
    const clean = [...ob('fulfilment', true, 0, 40), ...ob('pickup', true, 0, 40), ...ob('receipt', true, 0, 40), ...ob('weight', true, 0, 40), ...ob('acceptance', true, 0, 40)];
    const spotless = rateParticipant(clean, AS_OF);
    // (40 + 3.4) / 44 = 0.986364 in every dimension.
    expect(spotless).toMatchObject({ score: 98.6, grade: 'AAA', suspended: false });
    expect(spotless.reasons).toEqual([{ code: 'ratings.reason.clean-record', params: {} }]);
    const finding: RecordEntry = { kind: 'finding', severity: 'serious', at: daysBefore(100), ref: 'f9' };
    const capped = rateParticipant([...clean, finding], AS_OF);
    // 98.636 − 25 × 2^(−100/365) = 98.636 − 20.675 = 77.961 (BB), capped at CCC.
    expect(capped.score).toBe(78);
    expect(capped.grade).toBe('CCC');
    expect(capped.suspended).toBe(true);
    expect(capped.reasons[0]).toEqual({ code: 'ratings.reason.serious-finding-cap', params: { date: daysBefore(100).slice(0, 10), cap: 'CCC' } });
    const laterAsOf = new Date(Date.parse(AS_OF) + 300 * 86_400_000).toISOString();
    const later = rateParticipant([...clean, finding], laterAsOf);
    expect(later.reasons.some((r) => r.code === 'ratings.reason.serious-finding-cap')).toBe(false);
    expect(later.suspended).toBe(false);
  });

  it('suspends below the policy’s grade, configurable', () => {
    const poor = [...ob('fulfilment', false, 0, 6), ...ob('fulfilment', true, 0, 2), ...ob('pickup', false, 0, 4)];
    const r = rateParticipant(poor, AS_OF);
    // fulfilment (2 + 3.4) / 12 = 0.45, pickup 3.4 / 8 = 0.425:
    // 100 × (0.35·0.45 + 0.15·0.425 + 0.10·0.85 + 0.20·0.85 + 0.20·0.85) = 64.625 → CCC.
    expect(r).toMatchObject({ score: 64.6, grade: 'CCC', suspended: true });
    expect(rateParticipant(poor, AS_OF, { ...DEFAULT_RATING_POLICY, suspendBelow: 'CCC' }).suspended).toBe(false);
  });
});

describe('grouped records (count)', () => {
  it('a record with a count rates as that many identical records', () => {
    const asOf = '2026-12-01T00:00:00.000Z';
    const one = (kind: 'met' | 'missed', at: string): RecordEntry => ({ kind: 'obligation', dimension: 'pickup', met: kind === 'met', at, ref: 'x' });
    const spread: RecordEntry[] = [...Array.from({ length: 7 }, () => one('met', '2026-06-01T00:00:00.000Z')), ...Array.from({ length: 3 }, () => one('missed', '2025-12-01T00:00:00.000Z')), { kind: 'finding', severity: 'serious', at: '2026-10-01T00:00:00.000Z', ref: 'f' }, { kind: 'finding', severity: 'serious', at: '2026-10-01T00:00:00.000Z', ref: 'g' }];
    const grouped: RecordEntry[] = [{ ...one('met', '2026-06-01T00:00:00.000Z'), count: 7 }, { ...one('missed', '2025-12-01T00:00:00.000Z'), count: 3 }, { kind: 'finding', severity: 'serious', at: '2026-10-01T00:00:00.000Z', ref: 'f', count: 2 }];
    expect(rateParticipant(grouped, asOf)).toEqual(rateParticipant(spread, asOf));
  });
});
