import { describe, expect, it } from 'vitest';
import pathwaysFile from './pathways.json' with { type: 'json' };
import { defaultPathwayKnowledgeBase, defaultPathways, validatePathway, validatePathwayKnowledgeBase } from './pathway';
import { MODE_IDS } from './taxonomy';

describe('shipped pathway knowledge base', () => {
  it('is valid, versioned and has at least 40 pathways in all three modes', () => {
    const kb = defaultPathwayKnowledgeBase();
    expect(kb.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(kb.pathways.length).toBeGreaterThanOrEqual(40);
    for (const mode of MODE_IDS) expect(kb.pathways.filter((p) => p.mode === mode).length).toBeGreaterThanOrEqual(8);
  });

  it('every pathway states its economics, emissions and source', () => {
    for (const p of defaultPathways()) {
      expect(p.capexPerTonne.max).toBeGreaterThanOrEqual(p.capexPerTonne.min);
      expect(p.productValuePerTonne.max).toBeGreaterThan(0);
      expect(p.source.ref.length).toBeGreaterThan(3);
      expect(['dry', 'wet']).toContain(p.yield.basis);
    }
  });

  it.each([
    ['danshen-stachyose', '50%～75%'],
    ['qingpi-pvdf-volatile-oil', '67.5%'],
    ['gancao-flavonoid-enzyme-fermentation', '25%'],
    ['wuweizi-pulp-juice-powder', '喷雾干燥'],
    ['suanzaoren-protein-feed', '蛋白质'],
    ['suanzaoren-fat-soap', '制皂'],
    ['bohe-medicinal-drug', '有机肥料'],
    ['bohe-linarin', '蒙花苷'],
    ['leigongteng-stem-leaf-extract', '基本相同'],
    ['fibre-residue-fibreboard', '纤维'],
  ])('seed 000 example %s carries its figure "%s" and cites the seed', (id, figure) => {
    const p = defaultPathways().find((x) => x.id === id);
    expect(p).toBeDefined();
    expect(JSON.stringify(p?.figures ?? [])).toContain(figure);
    expect(p?.source.kind).toBe('seed');
  });

  it.each(['residue-compound-fertiliser', 'residue-mushroom-substrate', 'residue-feed-additive', 'residue-fuel-pellets', 'bohe-residue-organic-fertiliser'])(
    'seed 000 low-value example %s exists',
    (id) => {
      const p = defaultPathways().find((x) => x.id === id);
      expect(p?.mode).toBe('low-value-conversion');
    },
  );
});

describe('pathway validation (admin edits)', () => {
  const valid = (pathwaysFile as { pathways: unknown[] }).pathways[0] as Record<string, unknown>;

  it('accepts a shipped pathway and canonicalises Chinese herb names', () => {
    const r = validatePathway({ ...valid, conditions: { herbs: ['丹参'] } });
    expect(r.ok && r.value.conditions.herbs).toEqual(['danshen']);
  });

  it('names the field of each error', () => {
    const r = validatePathway({
      ...valid,
      id: 'Bad Id',
      mode: 'medium',
      trl: 12,
      capexPerTonne: { min: 9, max: 1 },
      conditions: { classes: ['sugar-rich'], maxMoisture: 150 },
      extra: 1,
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const fields = r.errors.map((e) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['id', 'mode', 'trl', 'capexPerTonne.max', 'conditions.classes[0]', 'conditions.maxMoisture']));
    expect(r.errors.some((e) => e.field === '(root)' && /extra/.test(e.message))).toBe(true);
  });

  it('rejects duplicate ids and a missing version in a knowledge-base import', () => {
    const dup = validatePathwayKnowledgeBase({ version: '1.0.1', updated: '2026-01-01', pathways: [valid, valid] });
    expect(!dup.ok && dup.errors.map((e) => e.field)).toEqual(['pathways[1].id']);
    const noVersion = validatePathwayKnowledgeBase({ updated: '2026-01-01', pathways: [valid] });
    expect(!noVersion.ok && noVersion.errors.map((e) => e.field)).toEqual(['version']);
  });
});
