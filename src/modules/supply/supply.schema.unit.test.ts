import { describe, expect, it } from 'vitest';
import { isoDate } from './supply.schema';

/** The rule isoDate replaced: a Date round trip (what JavaScript and PostgreSQL call a calendar day). */
function byDate(s: string): boolean {
  const t = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(t.getTime()) && t.toISOString().slice(0, 10) === s;
}

describe('isoDate', () => {
  it('accepts exactly the days a Date round trip accepts (leap years by the 4/100/400 rule)', () => {
    let checked = 0;
    for (const y of [0, 4, 100, 1900, 1999, 2000, 2023, 2024, 2026, 2100, 2400, 9999]) {
      for (let m = 0; m <= 13; m++) {
        for (let d = 0; d <= 32; d++) {
          const s = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
          expect(isoDate.safeParse(s).success, s).toBe(byDate(s));
          checked++;
        }
      }
    }
    expect(checked).toBe(12 * 14 * 33);
  });

  it('normalises short and slashed forms and refuses what is not a date', () => {
    expect(isoDate.parse(' 2024/2/29 ')).toBe('2024-02-29');
    expect(isoDate.parse('2026-3-5')).toBe('2026-03-05');
    expect(isoDate.safeParse('2023/2/29').success).toBe(false);
    expect(isoDate.safeParse('2026-12-5x').success).toBe(false);
    expect(isoDate.safeParse('20261205').success).toBe(false);
  });
});
