import { describe, expect, it } from 'vitest';
import { assumedMoisture, monthlyQuantities, parseStream } from './stream';

describe('parseStream', () => {
  it('accepts Chinese labels and English ids alike', () => {
    const zh = parseStream({ herb: '丹参', residue: '醇沉物', stage: '提取', state: '固态', tonnesPerYear: 300, contamination: ['重金属'], currentHandling: '填埋' });
    const en = parseStream({ herb: 'danshen', residue: 'alcohol-precipitate', stage: 'extraction', state: 'solid', tonnesPerYear: 300, contamination: ['heavy-metals'], currentHandling: 'landfill' });
    expect(zh.ok && en.ok).toBe(true);
    if (!zh.ok || !en.ok) return;
    expect(zh.value).toEqual(en.value);
    expect(zh.value.herb).toBe('danshen');
    expect(zh.value.contamination).toEqual(['heavy-metals']);
  });

  it('splits proximate assays from named constituents and canonicalises constituent names', () => {
    const r = parseStream({
      herb: '丹参', residue: 'alcohol-precipitate', stage: 'extraction', tonnesPerYear: 100,
      assays: { crudeFibre: 12, 粗蛋白: 9, 水苏糖: 320, myMarker: 4 },
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.assays.crudeFibre).toBe(12);
    expect(r.value.assays.crudeProtein).toBe(9);
    expect(r.value.assays.constituents).toEqual({ stachyose: 320, myMarker: 4 });
    expect(r.value.state).toBe('solid');
  });

  it('infers the state of waste water from the residue kind and keeps COD', () => {
    const r = parseStream({ herb: '青皮', residue: '树脂洗脱废水', stage: 'extraction', tonnesPerYear: 20000, assays: { cod: 18000 } });
    expect(r.ok && r.value.state).toBe('liquid');
    expect(r.ok && r.value.assays.cod).toBe(18000);
  });

  it('reports every invalid field by name', () => {
    const r = parseStream({
      herb: 5, part: 'branchy', stage: 'moon', state: 'plasma', tonnesPerYear: -3, moisture: 120,
      assays: { crudeFibre: 140, stachyose: 'lots' }, contamination: ['radioactive'], hazardous: true, colour: 'brown',
      seasonality: [1, 2, 3],
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const fields = r.errors.map((e) => e.field);
    for (const f of ['herb', 'part', 'stage', 'state', 'tonnesPerYear', 'moisture', 'assays.crudeFibre', 'assays.stachyose', 'contamination[0]', 'hazardousCode', 'colour', 'seasonality']) {
      expect(fields).toContain(f);
    }
    expect(r.errors.find((e) => e.field === 'part')?.message).toMatch(/root \(根\)/);
  });

  it('requires a part or a residue kind and a volume', () => {
    const r = parseStream({ herb: '甘草', stage: 'extraction' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => e.field)).toEqual(expect.arrayContaining(['part', 'tonnesPerYear']));
  });

  it('rejects COD on a solid stream', () => {
    const r = parseStream({ residue: '药渣', stage: 'extraction', tonnesPerYear: 10, assays: { cod: 100 } });
    expect(!r.ok && r.errors.map((e) => e.field)).toContain('assays.cod');
  });

  it('takes tonnesPerMonth × 12 and keeps a class override', () => {
    const r = parseStream({ residue: '药渣', stage: 'extraction', tonnesPerMonth: 50, classes: ['富含纤维素类'] });
    expect(r.ok && r.value.tonnesPerYear).toBe(600);
    expect(r.ok && r.value.classOverride).toEqual(['cellulose-rich']);
  });
});

describe('monthlyQuantities', () => {
  it('spreads the annual volume by the seasonality factors and adds back to the total', () => {
    const factors = [0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 4, 4, 2.2, 0.2];
    const months = monthlyQuantities({ tonnesPerYear: 1200, seasonality: factors });
    expect(months).toHaveLength(12);
    expect(months.reduce((a, b) => a + b, 0)).toBeCloseTo(1200, 9);
    expect(months[8]).toBeCloseTo(400, 9);
    expect(monthlyQuantities({ tonnesPerYear: 1200, seasonality: null })).toEqual(new Array(12).fill(100));
  });
});

describe('assumedMoisture', () => {
  it('uses the measured value when present and typical values otherwise', () => {
    expect(assumedMoisture({ moisture: 55, residue: 'water-extract-residue', part: null, state: 'solid' })).toBe(55);
    expect(assumedMoisture({ moisture: null, residue: 'water-extract-residue', part: null, state: 'solid' })).toBe(72);
    expect(assumedMoisture({ moisture: null, residue: null, part: 'pulp', state: 'solid' })).toBe(75);
    expect(assumedMoisture({ moisture: null, residue: 'resin-elution-wastewater', part: null, state: 'liquid' })).toBe(97);
  });
});
