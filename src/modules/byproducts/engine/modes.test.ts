import { describe, expect, it } from 'vitest';
import { compareModesWithTable1, modeProfiles, SEED_TABLE_1 } from './modes';
import { defaultPathways } from './pathway';

describe('seed 000 Table 1 holds over the knowledge base', () => {
  it('every pair of modes that Table 1 ranks differently compares the same way on average', () => {
    const comparisons = compareModesWithTable1(defaultPathways());
    // 7 criteria; ecological and technical only separate low-value from the other two.
    expect(comparisons.length).toBe(19);
    const broken = comparisons.filter((c) => !c.holds);
    expect(broken).toEqual([]);
  });

  it('value-added > reduce-efficiency > low-value on value added, cost and economic benefit', () => {
    const { means } = modeProfiles(defaultPathways());
    for (const c of ['valueAdded', 'cost', 'economic', 'utilisation', 'social'] as const) {
      expect(means['value-added'][c]).toBeGreaterThan(means['reduce-efficiency'][c]);
      expect(means['reduce-efficiency'][c]).toBeGreaterThan(means['low-value-conversion'][c]);
    }
  });

  it('ecological benefit: low-value is "medium", the others "high"', () => {
    expect(SEED_TABLE_1.ecological['low-value-conversion']).toBe('medium');
    const { means } = modeProfiles(defaultPathways());
    expect(means['reduce-efficiency'].ecological).toBeGreaterThan(means['low-value-conversion'].ecological);
    expect(means['value-added'].ecological).toBeGreaterThan(means['low-value-conversion'].ecological);
  });

  it('technical requirement: low-value is lowest', () => {
    const { means } = modeProfiles(defaultPathways());
    expect(means['low-value-conversion'].technical).toBeLessThan(means['reduce-efficiency'].technical);
    expect(means['low-value-conversion'].technical).toBeLessThan(means['value-added'].technical);
  });
});
