import { describe, expect, it } from 'vitest';
import en from '../../../web/src/i18n/ratings.en.json';
import zhCN from '../../../web/src/i18n/ratings.zh-CN.json';
import { dimensions, grades, rateParticipant, type RatingReason, type RecordEntry } from './engine';

/** Every reason the engine can give, with its parameters, so each has a text in both languages. */
const allReasons = (): RatingReason[] => {
  const asOf = '2026-12-01T00:00:00.000Z';
  const ob = (met: boolean, count: number): RecordEntry[] => dimensions.flatMap((dimension) => Array.from({ length: count }, (_, i) => ({ kind: 'obligation' as const, dimension, met, at: asOf, ref: `${dimension}${i}` })));
  const misses = rateParticipant([...ob(false, 1), { kind: 'dispute', outcome: 'lost', at: asOf, ref: 'd' }, { kind: 'finding', severity: 'minor', at: asOf, ref: 'f' }], asOf);
  // A clean record with a serious finding: the score stays at B, the cap brings it to CCC.
  const capped = rateParticipant([...ob(true, 40), { kind: 'finding', severity: 'serious', at: asOf, ref: 's' }], asOf);
  return [...misses.reasons, ...capped.reasons, ...rateParticipant([], asOf).reasons];
};

const textOf = (texts: unknown, code: string): unknown => code.split('.').reduce<unknown>((at, part) => (at as Record<string, unknown> | undefined)?.[part], texts);
const placeholders = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();

describe('ratings texts (web/src/i18n/ratings.*.json)', () => {
  it('every reason code has a text in both languages that uses exactly its parameters', () => {
    const reasons = allReasons();
    expect(new Set(reasons.map((r) => r.code)).size).toBe(10);
    for (const r of reasons) {
      for (const texts of [zhCN, en]) {
        const text = textOf(texts, r.code);
        expect(typeof text, r.code).toBe('string');
        expect(placeholders(text as string), r.code).toEqual(Object.keys(r.params).sort());
      }
    }
  });

  it('names every grade and dimension in both languages', () => {
    for (const texts of [zhCN, en]) {
      for (const g of grades) expect(typeof textOf(texts, `ratings.grade.${g}`)).toBe('string');
      for (const d of dimensions) expect(typeof textOf(texts, `ratings.dimension.${d}`)).toBe('string');
    }
  });
});
