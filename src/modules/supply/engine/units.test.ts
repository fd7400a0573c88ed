import { describe, expect, it } from 'vitest';
import { dayToIso, isoToDay } from './days';
import { amountInKg, parsePriceUnit, perMu, pricePerKg, resolveHerbName } from './units';

describe('units', () => {
  it('converts price units to 元/kg', () => {
    expect(pricePerKg(300, '元/kg')).toBe(300);
    expect(pricePerKg(0.3, '元/g')).toBeCloseTo(300, 12);
    // 1 斤 = 0.5 kg: 150 元/斤 is 300 元/kg.
    expect(pricePerKg(150, '元/斤')).toBe(300);
  });

  it('converts amounts and areas', () => {
    expect(amountInKg(450, 'g')).toBe(0.45);
    expect(amountInKg(2, 'kg')).toBe(2);
    expect(perMu(75_000, 'hm2')).toBe(5_000);
    expect(perMu(10_000, 'mu')).toBe(10_000);
  });

  it('parses common unit spellings', () => {
    expect(parsePriceUnit(' 元/公斤 ')).toBe('元/kg');
    expect(parsePriceUnit('元/克')).toBe('元/g');
    expect(parsePriceUnit('yuan/JIN')).toBe('元/斤');
    expect(parsePriceUnit('元/两')).toBeNull();
  });

  it('resolves processed names through aliases with their factor', () => {
    const herbs = new Set(['山茱萸', '三七']);
    const aliases = [{ alias: '酒萸肉', herb: '山茱萸', factor: 1.1 }, { alias: '田七', herb: '三七' }];
    expect(resolveHerbName('三七', herbs, aliases)).toEqual({ herb: '三七', factor: 1 });
    expect(resolveHerbName('酒萸肉', herbs, aliases)).toEqual({ herb: '山茱萸', factor: 1.1 });
    expect(resolveHerbName('田七', herbs, aliases)).toEqual({ herb: '三七', factor: 1 });
    expect(resolveHerbName('人参', herbs, aliases)).toBeUndefined();
  });

  it('round-trips day numbers', () => {
    expect(isoToDay('1970-01-01')).toBe(0);
    expect(dayToIso(isoToDay('2012-02-29'))).toBe('2012-02-29');
    expect(isoToDay('2009-01-02') - isoToDay('2008-12-31')).toBe(2);
    expect(() => isoToDay('2009-13-01')).toThrow(RangeError);
  });
});
