import { describe, expect, it } from 'vitest';
import type { Advice } from './advisor';
import { adviceOutput, adviseStream, parseWeights, WEIGHT_PRESETS } from './advisor';
import { defaultPathways } from './pathway';
import type { ByproductStream } from './stream';
import { parseStream } from './stream';

function stream(input: Record<string, unknown>): ByproductStream {
  const r = parseStream({ stage: 'extraction', tonnesPerYear: 1000, currentHandling: 'landfill', ...input });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.value;
}

const advise = (input: Record<string, unknown>, weights = WEIGHT_PRESETS.balanced): Advice =>
  adviseStream(stream(input), defaultPathways(), weights);

const option = (a: Advice, id: string) => a.options.find((o) => o.pathway === id);
const exclusion = (a: Advice, id: string) => a.excluded.find((e) => e.pathway === id);

describe('seed 000 examples come out as the seed says', () => {
  it('丹参 alcohol precipitate → bioactive small-molecule class, stachyose 50–75 % ranked first', () => {
    const a = advise({ herb: '丹参', residue: '醇沉物', tonnesPerYear: 300, moisture: 60 });
    expect(a.classes[0]?.class).toBe('bioactive-small-molecule-rich');
    const o = option(a, 'danshen-stachyose');
    expect(o?.rank).toBe(1);
    expect(o?.mode).toBe('value-added');
    expect(o?.figures.map((f) => f.value)).toContain('50%～75%');
    expect(o?.netValuePerYear).toBeGreaterThan(0);
  });

  it('青皮 waste water → PVDF ultrafiltration volatile oil, 67.5 % retained', () => {
    const a = advise({ herb: '青皮', residue: '制药废水', state: '液态', tonnesPerYear: 20000, assays: { cod: 18000 }, currentHandling: 'discharge' });
    const o = option(a, 'qingpi-pvdf-volatile-oil');
    expect(o?.rank).toBe(1);
    expect(o?.figures.map((f) => f.value)).toContain('67.5%');
    expect(a.classes.map((c) => c.class)).toContain('bioactive-small-molecule-rich');
  });

  it('甘草 residue → flavonoids +25 % by compound-enzyme fermentation with ultrasound (reduce & raise efficiency)', () => {
    const a = advise({ herb: '甘草', residue: '药渣', tonnesPerYear: 3000, moisture: 70 });
    const o = option(a, 'gancao-flavonoid-enzyme-fermentation');
    expect(o?.mode).toBe('reduce-efficiency');
    expect(o?.rank).toBe(1);
    expect(JSON.stringify(o?.figures)).toContain('25%');
  });

  it('五味子 pulp → juice powder', () => {
    const a = advise({ herb: '五味子', part: '果肉', stage: 'primary-processing', tonnesPerYear: 800 });
    expect(a.classes[0]?.class).toBe('biomacromolecule-rich');
    expect(option(a, 'wuweizi-pulp-juice-powder')?.rank).toBe(1);
  });

  it('酸枣仁 residue → protein feed and soap-making fat (low-value conversion)', () => {
    const a = advise({ herb: '酸枣仁', residue: '药渣', tonnesPerYear: 600, assays: { crudeProtein: 28, crudeFat: 18 } });
    expect(option(a, 'suanzaoren-protein-feed')?.mode).toBe('low-value-conversion');
    expect(option(a, 'suanzaoren-fat-soap')?.mode).toBe('low-value-conversion');
    expect(a.classes.map((c) => c.class)).toEqual(expect.arrayContaining(['lipid-rich', 'biomacromolecule-rich']));
  });

  it('薄荷: medicinal part → drug; distillation residue → linarin and organic fertiliser', () => {
    const herb = advise({ herb: '薄荷', part: '全草', stage: 'cultivation-harvest', tonnesPerYear: 500 });
    expect(option(herb, 'bohe-medicinal-drug')).toBeDefined();
    const residue = advise({ herb: '薄荷', residue: '提油后残渣', tonnesPerYear: 1500 });
    expect(option(residue, 'bohe-linarin')?.rank).toBe(1);
    expect(option(residue, 'bohe-residue-organic-fertiliser')).toBeDefined();
  });

  it('雷公藤 stems and leaves → extracted like the root; the root itself is not a by-product pathway', () => {
    const a = advise({ herb: '雷公藤', part: '茎', stage: 'cultivation-harvest', tonnesPerYear: 500 });
    expect(option(a, 'leigongteng-stem-leaf-extract')?.rank).toBe(1);
    const root = advise({ herb: '雷公藤', part: '根', stage: 'cultivation-harvest', tonnesPerYear: 500 });
    expect(exclusion(root, 'leigongteng-stem-leaf-extract')?.failed).toContain('parts');
  });

  it('雷公藤 flowers and fruit are discarded too and go the same way (seed 000 §1.2(1))', () => {
    for (const part of ['花', '果实']) {
      expect(option(advise({ herb: '雷公藤', part, stage: 'cultivation-harvest', tonnesPerYear: 200 }), 'leigongteng-stem-leaf-extract')?.rank, part).toBe(1);
    }
  });

  it.each(['薄荷', '荆芥', '佩兰', '青蒿'])('%s drying off-gas (volatile terpenes) → condensation and adsorption of the oil', (herb) => {
    const a = advise({ herb, residue: '废气', stage: 'primary-processing', tonnesPerYear: 20 });
    expect(a.classes.map((c) => c.class)).toEqual(['bioactive-small-molecule-rich']);
    expect(option(a, 'aromatic-offgas-oil-recovery')?.mode).toBe('value-added');
    expect(exclusion(a, 'anthraquinone-sublimate-capture')?.failed).toContain('herbs');
  });

  it.each(['大黄', '羊蹄'])('%s: anthraquinones sublimed while drying → captured in a cold trap', (herb) => {
    const a = advise({ herb, residue: '废气', stage: 'primary-processing', tonnesPerYear: 20 });
    expect(option(a, 'anthraquinone-sublimate-capture')).toBeDefined();
    expect(a.options.every((o) => o.pathway !== 'aromatic-herb-oil-distillation')).toBe(true);
  });

  it('fibre-rich residue → fibreboard, compound fertiliser, mushroom substrate, feed additive, fuel', () => {
    const a = advise({ residue: '药渣', stage: 'formula-granules', tonnesPerYear: 8000, moisture: 72, assays: { crudeFibre: 38, crudeProtein: 8 } });
    for (const id of ['fibre-residue-fibreboard', 'residue-compound-fertiliser', 'residue-mushroom-substrate', 'residue-feed-additive', 'residue-fuel-pellets', 'residue-boiler-fuel']) {
      expect(option(a, id), id).toBeDefined();
    }
  });
});

describe('exclusions name the failed condition', () => {
  it('explains herb, state, volume, contamination and hazard failures', () => {
    const a = advise({ herb: '丹参', residue: '药渣', tonnesPerYear: 50, contamination: ['重金属'] });
    const stachyose = exclusion(a, 'danshen-stachyose');
    expect(stachyose?.failed).toEqual(expect.arrayContaining(['residues', 'noContamination']));
    expect(stachyose?.why.en).toContain('heavy metals');
    expect(stachyose?.why.zh).toContain('重金属');
    expect(exclusion(a, 'fibre-residue-fibreboard')?.why.en).toMatch(/below the economic minimum of 1000 t\/yr/);
    expect(exclusion(a, 'qingpi-pvdf-volatile-oil')?.why.en).toMatch(/only for qingpi/);

    const hazardous = advise({ residue: '滤饼', tonnesPerYear: 100, contamination: ['solvent-residue'], hazardous: true, hazardousCode: 'HW02' });
    expect(hazardous.options).toHaveLength(0);
    expect(hazardous.excluded.every((e) => e.failed.includes('hazardous'))).toBe(true);
  });

  it('a partial assay panel must include the assay a pathway needs; no panel means a caveat', () => {
    const withPanel = advise({ herb: '黄芪', residue: '药渣', tonnesPerYear: 3000, assays: { crudeProtein: 9 } });
    expect(exclusion(withPanel, 'polysaccharide-extraction')?.failed).toContain('minAssays');
    const noPanel = advise({ herb: '黄芪', residue: '药渣', tonnesPerYear: 3000 });
    expect(option(noPanel, 'polysaccharide-extraction')?.caveats.some((c) => c.en.includes('polysaccharides not assayed'))).toBe(true);
  });

  it('a measured value below the minimum excludes', () => {
    const a = advise({ residue: '药渣', tonnesPerYear: 3000, assays: { crudeFibre: 20 } });
    expect(exclusion(a, 'fibre-residue-fibreboard')?.why.en).toContain('crudeFibre is 20, below the required 25');
  });
});

describe('net value per year', () => {
  it('counts the avoided disposal cost as a gain and a lost sale as a loss', () => {
    const base = { herb: '甘草', residue: '药渣', tonnesPerYear: 1000, moisture: 70 };
    const paying = option(advise({ ...base, currentHandlingCostPerTonne: 200 }), 'residue-compound-fertiliser')!;
    const free = option(advise({ ...base, currentHandlingCostPerTonne: 0 }), 'residue-compound-fertiliser')!;
    const selling = option(advise({ ...base, currentHandling: 'sold', currentHandlingCostPerTonne: -100 }), 'residue-compound-fertiliser')!;
    expect(paying.netValuePerYear - free.netValuePerYear).toBeCloseTo(200 * 1000, -1);
    expect(free.netValuePerYear - selling.netValuePerYear).toBeCloseTo(100 * 1000, -1);
    const e = free.evaluation;
    expect(e.netValuePerYear).toBeCloseTo(e.productValuePerYear - e.processingCostPerYear + e.handlingAvoidedPerYear, 6);
  });
});

describe('weights', () => {
  it('parses presets, k=v pairs and Chinese criterion names', () => {
    expect(parseWeights('economic-first')).toEqual({ ok: true, value: WEIGHT_PRESETS['economic-first'] });
    const r = parseWeights('balanced,economic=3,生态效益=2');
    expect(r.ok && r.value.economic).toBe(3);
    expect(r.ok && r.value.ecological).toBe(2);
    expect(r.ok && r.value.cost).toBe(1);
    const bad = parseWeights('greedy,colour=1,cost=-1');
    expect(!bad.ok && bad.errors.map((e) => e.field)).toEqual(['weights', 'weights.colour', 'weights.cost']);
  });

  it('presets change the ranking sensibly', () => {
    const s = { herb: '黄芪', residue: '药渣', tonnesPerYear: 3000 };
    const econ = advise(s, WEIGHT_PRESETS['economic-first']).options[0]!;
    const eco = advise(s, WEIGHT_PRESETS['ecological-first']).options[0]!;
    expect(econ.pathway).not.toBe(eco.pathway);
    expect(econ.netValuePerYear).toBeGreaterThan(eco.netValuePerYear);
    expect(eco.criteria.ecological).toBeGreaterThan(econ.criteria.ecological);
  });

  it('gives every option reasons in both languages', () => {
    const a = advise({ herb: '黄芪', residue: '药渣', tonnesPerYear: 3000 });
    for (const o of a.options) {
      expect(o.reasons.zh).toMatch(/^第\d+\/\d+名/);
      expect(o.reasons.en).toMatch(/^ranked \d+ of \d+/);
    }
    expect(a.options[1]?.reasons.en).toContain('behind the first choice mainly on');
  });
});

describe('sensitivity of the top choice', () => {
  it('reports, per criterion, a weight change that really flips the top choice', () => {
    const s = stream({ herb: '黄芪', residue: '药渣', tonnesPerYear: 3000 });
    const a = adviseStream(s, defaultPathways(), WEIGHT_PRESETS.balanced);
    expect(a.sensitivity).toHaveLength(7);
    const flips = a.sensitivity.filter((e) => e.delta !== null);
    expect(flips.length).toBeGreaterThan(0);
    for (const e of flips) {
      const weights = { ...WEIGHT_PRESETS.balanced };
      // Rebuild the weights the sensitivity describes: this criterion at weight + delta, others rescaled.
      const target = e.weight + e.delta! + Math.sign(e.delta!) * 0.002;
      for (const k of Object.keys(weights) as (keyof typeof weights)[]) {
        weights[k] = k === e.criterion ? target : ((1 - target) * (1 / 7)) / (1 - e.weight);
      }
      const flipped = adviseStream(s, defaultPathways(), weights, { sensitivity: false });
      expect(flipped.options[0]?.pathway).toBe(e.newTop);
      expect(flipped.options[0]?.pathway).not.toBe(a.options[0]?.pathway);
    }
  });
});

describe('advice output shape', () => {
  it('is {classes:[{class,score,rule}], options:[{rank,pathway,product,mode,score,netValuePerYear,reasons}], excluded:[{pathway,why}]}', () => {
    const out = adviceOutput(advise({ herb: '丹参', residue: '醇沉物', tonnesPerYear: 300 }));
    expect(Object.keys(out)).toEqual(['classes', 'options', 'excluded']);
    expect(Object.keys(out.classes[0]!)).toEqual(['class', 'score', 'rule']);
    expect(Object.keys(out.options[0]!)).toEqual(['rank', 'pathway', 'product', 'mode', 'score', 'netValuePerYear', 'reasons']);
    expect(Object.keys(out.excluded[0]!)).toEqual(['pathway', 'why']);
    expect(['low-value-conversion', 'reduce-efficiency', 'value-added']).toContain(out.options[0]!.mode);
    expect(JSON.parse(JSON.stringify(out))).toEqual(out);
  });

  it('gives each option a 0–1 profile per criterion for the radar chart, 1 = best', () => {
    const a = advise({ herb: '黄芪', residue: '药渣', tonnesPerYear: 3000 });
    for (const o of a.options) for (const v of Object.values(o.criteriaRelative)) expect(v).toBeGreaterThanOrEqual(0);
    const cheapest = [...a.options].sort((x, y) => x.criteria.cost - y.criteria.cost)[0]!;
    expect(cheapest.criteriaRelative.cost).toBe(1);
  });
});
