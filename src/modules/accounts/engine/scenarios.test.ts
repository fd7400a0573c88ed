import { describe, expect, it } from 'vitest';
import { ZHEJIANG, generateDemoAccounts } from './demo';
import { materialIndicators } from './indicators';
import { productivityRoadmap, projectScenarios, requiredAnnualImprovement, type ScenarioDefinition } from './scenarios';

const data = generateDemoAccounts();
const base = materialIndicators(data, ZHEJIANG, 2020);

const scenarios: ScenarioDefinition[] = [
  { name: '基准 baseline', gdpGrowth: 0.055, intensityChange: {}, intensityChangeOther: -0.02 },
  { name: '强化 accelerated', gdpGrowth: 0.055, intensityChange: { fossilEnergy: -0.05, metalOres: -0.04 }, intensityChangeOther: -0.03 },
  { name: '停滞 stalled', gdpGrowth: 0.04, intensityChange: {} },
];

describe('scenario projection', () => {
  const out = projectScenarios(base, scenarios, 2030, { productivity: base.productivityDmc * 1.3 });

  it('starts every path at the base year indicators', () => {
    for (const p of out) {
      expect(p.path[0]!.year).toBe(2020);
      expect(p.path[0]!.dmc).toBeCloseTo(base.dmc, 3);
      expect(p.path[0]!.productivityIndex).toBeCloseTo(1, 12);
      expect(p.path).toHaveLength(11);
    }
  });

  it('a uniform intensity change r gives productivity growth 1/(1+r) − 1 per year, whatever GDP does', () => {
    // DMC = GDP · I₀ · (1+r)^t for every category, so GDP/DMC = (1/I₀)·(1+r)^(−t).
    expect(out[0]!.annualProductivityGrowth).toBeCloseTo(1 / 0.98 - 1, 12);
    expect(out[2]!.productivityChange).toBeCloseTo(0, 12);
    expect(out[2]!.path[10]!.gdpConstant).toBeCloseTo(base.gdpConstant * 1.04 ** 10, 6);
  });

  it('ranks the accelerated scenario above the baseline and checks the target', () => {
    expect(out[1]!.productivityChange).toBeGreaterThan(out[0]!.productivityChange);
    expect(out[0]!.meetsTarget).toBe(false); // 1/0.98^10 = 1.224 < 1.3
    expect(out[1]!.meetsTarget).toBe(true);
    expect(out[2]!.meetsTarget).toBe(false);
  });

  it('rejects a target year not after the base year', () => {
    expect(() => projectScenarios(base, scenarios, 2020)).toThrow(RangeError);
  });
});

describe('required improvement and roadmap', () => {
  it('doubling in 10 years needs 2^(1/10) − 1 per year', () => {
    expect(requiredAnnualImprovement(100, 200, 10)).toBeCloseTo(Math.pow(2, 0.1) - 1, 14);
  });

  it('the roadmap reaches the target in the target year with a DMC ceiling consistent with GDP', () => {
    const r = productivityRoadmap(base, { targetYear: 2025, targetChange: 0.2, gdpGrowth: 0.05 });
    expect(r.rows).toHaveLength(6);
    expect(r.rows[0]!.productivityTarget).toBeCloseTo(base.productivityDmc, 9);
    expect(r.rows[5]!.productivityTarget).toBeCloseTo(base.productivityDmc * 1.2, 9);
    expect(r.rows[5]!.cumulativeImprovement).toBeCloseTo(0.2, 12);
    // ceiling = GDP / productivity: (1.05^5 / 1.2) − 1 of the base DMC.
    expect(r.rows[5]!.dmcChangeFromBase).toBeCloseTo(1.05 ** 5 / 1.2 - 1, 9);
    expect(r.requiredAnnualImprovement).toBeCloseTo(Math.pow(1.2, 0.2) - 1, 14);
  });
});
