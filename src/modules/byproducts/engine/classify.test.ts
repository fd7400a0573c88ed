import { describe, expect, it } from 'vitest';
import { classifyStream, deriveClasses } from './classify';
import { HERBS } from './herbs';
import type { ByproductStream } from './stream';
import { parseStream } from './stream';

function stream(input: Record<string, unknown>): ByproductStream {
  const r = parseStream({ stage: 'extraction', tonnesPerYear: 500, ...input });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.value;
}

const classIds = (s: ByproductStream): string[] => classifyStream(s).classes.map((c) => c.class);

describe('classification from assays', () => {
  it('fires the documented thresholds and shows the rule with the measured value', () => {
    const c = classifyStream(stream({ residue: '药渣', assays: { crudeFibre: 40, crudeFat: 3, crudeProtein: 24, polysaccharides: 4 } }));
    const byClass = Object.fromEntries(c.classes.map((k) => [k.class, k]));
    expect(byClass['cellulose-rich']?.score).toBe(1);
    expect(byClass['cellulose-rich']?.basis).toBe('assay');
    expect(byClass['cellulose-rich']?.rule.en).toContain('crude fibre 40 %');
    expect(byClass['biomacromolecule-rich']?.rule.zh).toContain('粗蛋白 24%');
    expect(byClass['lipid-rich']).toBeUndefined();
  });

  it('scores 0.5 at the threshold and nothing below it', () => {
    expect(deriveClasses(stream({ residue: '药渣', assays: { crudeFibre: 18 } })).find((c) => c.class === 'cellulose-rich')?.score).toBe(0.5);
    expect(deriveClasses(stream({ residue: '药渣', assays: { crudeFibre: 17.9 } })).some((c) => c.class === 'cellulose-rich')).toBe(false);
  });

  it('lets a measured assay overrule herb knowledge', () => {
    // 杏仁 residue is lipid-rich by knowledge, but this batch was defatted.
    expect(classIds(stream({ herb: '杏仁', residue: '药渣' }))).toContain('lipid-rich');
    expect(classIds(stream({ herb: '杏仁', residue: '药渣', assays: { crudeFat: 2 } }))).not.toContain('lipid-rich');
  });

  it('sums named small-molecule constituents, but counts polymer constituents for their own class', () => {
    const c = classIds(stream({ herb: '杜仲', part: '叶', stage: 'cultivation-harvest', assays: { 杜仲胶: 100, 绿原酸: 25 } }));
    expect(c).toEqual(expect.arrayContaining(['lipid-rich', 'bioactive-small-molecule-rich']));
  });
});

describe('classification from knowledge (seed 000 §1.3.2)', () => {
  it.each([
    ['杏仁', '药渣', 'lipid-rich'],
    ['桃仁', '药渣', 'lipid-rich'],
    ['紫苏子', '药渣', 'lipid-rich'],
    ['五味子', '药渣', 'lipid-rich'],
    ['红花子', '药渣', 'lipid-rich'],
  ])('%s water-extract residue is lipid-rich', (herb, residue, cls) => {
    expect(classIds(stream({ herb, residue }))).toContain(cls);
  });

  it.each(['白芍', '山药', '藕', '麦冬', '白果', '莪术'])('%s peel and powder are biomacromolecule-rich', (herb) => {
    expect(classIds(stream({ herb, part: '栓皮', stage: 'primary-processing' }))[0]).toBe('biomacromolecule-rich');
    expect(classIds(stream({ herb, residue: '粉屑', stage: 'primary-processing' }))[0]).toBe('biomacromolecule-rich');
  });

  it('丹参 water-extract alcohol precipitate is bioactive small-molecule-rich (stachyose)', () => {
    const c = classifyStream(stream({ herb: '丹参', residue: '水提醇沉物' }));
    expect(c.classes[0]?.class).toBe('bioactive-small-molecule-rich');
    expect(c.classes[0]?.rule.zh).toContain('水苏糖');
    expect(c.classes[0]?.source).toContain('seed 000');
  });

  it('stems, leaves, bark and root residues are cellulose-rich', () => {
    expect(classIds(stream({ herb: '甘草', part: '茎', stage: 'cultivation-harvest' }))).toContain('cellulose-rich');
    expect(classIds(stream({ herb: '当归', residue: '药渣' }))).toContain('cellulose-rich');
    expect(classIds(stream({ part: '树皮', stage: 'primary-processing' }))).toContain('cellulose-rich');
    expect(classIds(stream({ part: 'root', residue: '药渣' }))).toContain('cellulose-rich');
  });

  it('雷公藤 stems and leaves carry the root constituents', () => {
    expect(classIds(stream({ herb: '雷公藤', part: '叶', stage: 'cultivation-harvest' }))).toContain('bioactive-small-molecule-rich');
  });

  it('aromatic herb off-gas is small-molecule-rich', () => {
    expect(classIds(stream({ herb: '薄荷', residue: '废气', stage: 'primary-processing' }))).toEqual(['bioactive-small-molecule-rich']);
  });

  it('the herb table covers at least 40 herbs, each with a rule and a source', () => {
    expect(HERBS.length).toBeGreaterThanOrEqual(40);
    expect(new Set(HERBS.map((h) => h.id)).size).toBe(HERBS.length);
    for (const h of HERBS) {
      expect(h.classRules.length).toBeGreaterThan(0);
      for (const r of h.classRules) expect(r.source.length).toBeGreaterThan(0);
    }
  });
});

describe('user override', () => {
  it('replaces the derived classes, is flagged, and keeps the derived ones alongside', () => {
    const c = classifyStream(stream({ herb: '丹参', residue: '醇沉物', classOverride: ['biomacromolecule-rich'] }));
    expect(c.override).toBe(true);
    expect(c.classes.map((k) => k.class)).toEqual(['biomacromolecule-rich']);
    expect(c.classes[0]?.basis).toBe('override');
    expect(c.derived[0]?.class).toBe('bioactive-small-molecule-rich');
  });
});
