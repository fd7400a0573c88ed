import { describe, expect, it } from 'vitest';
import { type DutyEdition, dutiesOf, editionsInForce, provinceOf, retainedUntil } from './duties';

const edition = (over: Partial<DutyEdition>): DutyEdition => ({ id: 'x', wasteList: 'general', category: '', edition: 'e', inForceFrom: '2020-01-01', maxCategories: null, retentionYears: 5, permits: [], rule: 'r', unverified: true, ...over });

const rows: DutyEdition[] = [
  edition({ id: 'g', wasteList: 'general', retentionYears: 5 }),
  edition({ id: 'h1999', wasteList: 'hazardous', inForceFrom: '1999-10-01', maxCategories: 1, retentionYears: 5, permits: ['road-dg-licence'] }),
  edition({ id: 'h2022', wasteList: 'hazardous', inForceFrom: '2022-01-01', maxCategories: null, retentionYears: 5, permits: ['road-dg-licence', 'dg-vehicle', 'dg-driver'] }),
  edition({ id: 'hw02', wasteList: 'hazardous', category: 'HW02', inForceFrom: '2026-06-01', maxCategories: 2, retentionYears: 10, permits: ['dg-driver'] }),
];

describe('duties as versioned data', () => {
  it('picks the latest edition started on or before the day, per class and category', () => {
    expect(editionsInForce(rows, '2021-12-31').map((e) => e.id).sort()).toEqual(['g', 'h1999']);
    expect(editionsInForce(rows, '2022-01-01').map((e) => e.id).sort()).toEqual(['g', 'h2022']);
    expect(editionsInForce(rows, '2026-06-01').map((e) => e.id).sort()).toEqual(['g', 'h2022', 'hw02']);
    expect(editionsInForce(rows, '1990-01-01')).toEqual([]);
  });

  it('adds up the duties of a mixed load: lowest limit, longest retention, every permit', () => {
    const load = [{ wasteList: 'general' as const, category: 'SW13' }, { wasteList: 'hazardous' as const, category: 'HW02' }, { wasteList: 'hazardous' as const, category: 'HW49' }];
    const before = dutiesOf(load, rows, '2021-06-01');
    expect(before).toMatchObject({ maxCategories: 1, retentionYears: 5, permits: ['road-dg-licence'] });
    expect(before.editions.map((e) => e.id).sort()).toEqual(['g', 'h1999']);
    const after = dutiesOf(load, rows, '2026-07-01');
    expect(after).toMatchObject({ maxCategories: 2, retentionYears: 10, permits: ['road-dg-licence', 'dg-vehicle', 'dg-driver'] });
    expect(after.editions.map((e) => e.id).sort()).toEqual(['g', 'h2022', 'hw02']);
    expect(dutiesOf([{ wasteList: 'general', category: 'SW13' }], rows, '2026-07-01')).toMatchObject({ maxCategories: null, retentionYears: 5, permits: [] });
  });

  it('counts retention in calendar years and names provinces', () => {
    expect(retainedUntil(new Date('2026-03-01T10:00:00Z'), 5)).toBe('2031-03-01');
    expect(provinceOf('341602')).toBe('340000');
    expect(provinceOf('330000')).toBe('330000');
  });
});
