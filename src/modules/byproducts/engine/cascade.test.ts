import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cascadeSankey, planCascade } from './cascade';
import { HERBS } from './herbs';
import { defaultPathways } from './pathway';
import type { ByproductStream } from './stream';
import { parseStream } from './stream';
import { CONTAMINATION_IDS, MODE_CASCADE_RANK, PART_IDS, RESIDUE_KIND_IDS, SOURCE_STAGE_IDS } from './taxonomy';

function stream(input: Record<string, unknown>): ByproductStream {
  const r = parseStream({ stage: 'extraction', currentHandling: 'landfill', ...input });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.value;
}

describe('cascade plan (梯度化综合利用)', () => {
  it('丹参 precipitate: stachyose first, the rest to a lower mode, balance closes exactly', () => {
    const plan = planCascade(stream({ herb: '丹参', residue: '醇沉物', tonnesPerYear: 300, moisture: 60 }), defaultPathways());
    expect(plan.steps[0]?.pathway).toBe('danshen-stachyose');
    expect(plan.steps[0]?.productKg).toBe(18000); // 300 t × 40 % dry × 0.15
    expect(plan.steps.length).toBeGreaterThan(1);
    expect(plan.steps[1]!.inputKg).toBe(plan.steps[0]!.residueKg);
    const { balance } = plan;
    expect(balance.in).toBe(300000);
    expect(balance.in).toBe(balance.out + balance.residue + balance.losses);
    expect(balance.closes).toBe(true);
  });

  it('酸枣仁 residue: separating the fat leaves a defatted meal that still goes to feed', () => {
    const plan = planCascade(
      stream({ herb: '酸枣仁', residue: '药渣', tonnesPerYear: 600, moisture: 62, assays: { crudeProtein: 28, crudeFat: 18 } }),
      // Only the seed's own two pathways: fat for soap, protein for feed.
      defaultPathways().filter((p) => p.id.startsWith('suanzaoren-')),
    );
    expect(plan.steps.map((s) => s.pathway)).toEqual(['suanzaoren-fat-soap', 'suanzaoren-protein-feed']);
    expect(plan.balance.closes).toBe(true);
  });

  it('sends to harmless treatment what no pathway takes and charges it', () => {
    const plan = planCascade(stream({ residue: '滤饼', tonnesPerYear: 100, contamination: ['solvent-residue'], hazardous: true, hazardousCode: 'HW02' }), defaultPathways());
    expect(plan.steps).toHaveLength(0);
    expect(plan.disposal.kg).toBe(100000);
    expect(plan.disposal.cost).toBe(30000);
    expect(plan.balance).toMatchObject({ in: 100000, out: 0, residue: 100000, losses: 0, closes: true });
  });

  it('closes the mass balance exactly and never climbs back up the modes, for any stream', () => {
    const herbIds = HERBS.map((h) => h.id);
    const pathways = defaultPathways();
    const arbStream = fc.record({
      herb: fc.option(fc.constantFrom(...herbIds), { nil: undefined }),
      part: fc.constantFrom(...PART_IDS),
      residue: fc.option(fc.constantFrom(...RESIDUE_KIND_IDS.filter((r) => r !== 'off-gas')), { nil: undefined }),
      stage: fc.constantFrom(...SOURCE_STAGE_IDS),
      tonnesPerYear: fc.double({ min: 0.001, max: 1e6, noNaN: true }),
      moisture: fc.option(fc.double({ min: 0, max: 99, noNaN: true }), { nil: undefined }),
      crudeFibre: fc.option(fc.double({ min: 0, max: 30, noNaN: true }), { nil: undefined }),
      crudeFat: fc.option(fc.double({ min: 0, max: 30, noNaN: true }), { nil: undefined }),
      crudeProtein: fc.option(fc.double({ min: 0, max: 30, noNaN: true }), { nil: undefined }),
      contamination: fc.subarray([...CONTAMINATION_IDS]),
    });
    fc.assert(
      fc.property(arbStream, ({ crudeFibre, crudeFat, crudeProtein, ...rest }) => {
        const assays: Record<string, number> = {};
        if (crudeFibre !== undefined) assays.crudeFibre = crudeFibre;
        if (crudeFat !== undefined) assays.crudeFat = crudeFat;
        if (crudeProtein !== undefined) assays.crudeProtein = crudeProtein;
        const s = stream({ ...rest, assays });
        const plan = planCascade(s, pathways);
        const { balance } = plan;
        expect(Number.isInteger(balance.in)).toBe(true);
        expect(balance.in).toBe(balance.out + balance.residue + balance.losses);
        expect(balance.closes).toBe(true);
        let input = balance.in;
        let ceiling = 3;
        for (const step of plan.steps) {
          expect(step.inputKg).toBe(input);
          expect(step.productKg).toBeGreaterThanOrEqual(0);
          expect(step.residueKg).toBeGreaterThanOrEqual(0);
          expect(step.lossKg).toBeGreaterThanOrEqual(0);
          expect(step.productKg + step.residueKg + step.lossKg).toBe(step.inputKg);
          expect(MODE_CASCADE_RANK[step.mode]).toBeLessThanOrEqual(ceiling);
          ceiling = MODE_CASCADE_RANK[step.mode];
          input = step.residueKg;
        }
        expect(balance.residue).toBe(input);
      }),
      { numRuns: 300 },
    );
  });
});

describe('cascade as a Sankey diagram', () => {
  it('conserves mass at every node', () => {
    const plan = planCascade(stream({ herb: '丹参', residue: '醇沉物', tonnesPerYear: 300, moisture: 60 }), defaultPathways());
    const { nodes, links } = cascadeSankey(plan);
    expect(new Set(links.flatMap((l) => [l.source, l.target])).size).toBeLessThanOrEqual(nodes.length);
    for (const n of nodes) {
      const inflow = links.filter((l) => l.target === n.id).reduce((a, l) => a + l.value, 0);
      const outflow = links.filter((l) => l.source === n.id).reduce((a, l) => a + l.value, 0);
      if (n.id === 'input') expect(outflow).toBe(plan.balance.in);
      else if (n.id.startsWith('step-') && !n.id.includes('-', 5)) expect(outflow).toBe(inflow);
    }
  });
});
