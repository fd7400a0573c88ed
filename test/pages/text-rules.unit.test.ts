import { describe, expect, it } from 'vitest';
import { textFindings } from './text-rules';

/** The page walk's text rules on the developer texts issue 11 found in the interface. */
describe('page walk text rules', () => {
  const rules = (text: string, language: 'zh-CN' | 'en') => textFindings(text, language).map((f) => `${f.rule} ${f.match}`);

  it('finds the developer texts of issue 11', () => {
    expect(rules('warning.case.open', 'en')).toContain('identifier warning.case.open');
    expect(rules('warning_cases · ee4dd942', 'en')).toEqual(expect.arrayContaining(['identifier warning_cases', 'identifier ee4dd942']));
    expect(rules('活性成分（chlorogenicAcid）合计 22 mg/g', 'zh-CN')).toEqual(expect.arrayContaining(['identifier chlorogenicAcid', 'latin-in-zh chlorogenicAcid']));
    expect(rules('seed 000 §1.3.2(1)', 'en')).toContain('developer-reference seed 000');
    expect(rules('herbloop threshold (README §classification)', 'en')).toContain('developer-reference README');
    expect(rules('shipped knowledge base (src/modules/byproducts/engine/pathways.json)', 'en')).toContain('identifier src/modules/byproducts/engine/pathways.json');
    expect(rules('R_high 30 %', 'zh-CN')).toContain('identifier R_high');
    expect(rules('0.379 pp', 'zh-CN')).toContain('latin-in-zh pp');
    expect(rules('用加权最小二乘（同 STAN）校正', 'zh-CN')).toContain('latin-in-zh STAN');
    expect(rules('gwp: {"ch4":27}', 'en')).toContain('raw-json {"ch4":');
    expect(rules('复方丹参片', 'en')).toEqual(['han-in-en 复方丹参片']);
    expect(rules('New proposal: {{listing}}, 12 t', 'en')).toEqual(['placeholder {{listing}}']);
  });

  it('lets a letter grade through in Chinese only before 级', () => {
    expect(rules('富纤维素类 · B 级 · 20 吨', 'zh-CN')).toEqual([]);
    expect(rules('未达A级：水分 14 高于上限', 'zh-CN')).toEqual([]);
    expect(rules('富纤维素类 · B · 20 t', 'zh-CN')).toEqual(['latin-in-zh B']);
    expect(rules('AB 级', 'zh-CN')).toEqual(['latin-in-zh AB']);
  });

  it('lets units, indicators and file formats through', () => {
    expect(rules('Y/P 39.9 %，成本 12.34 元/kg，CSV 或 PDF，2 495 t CO₂e，GB/T 2260', 'zh-CN')).toEqual([]);
    expect(rules('权重 q(k, y−1) 为该单元上一日历年的成交吨数', 'zh-CN')).toEqual([]);
    expect(rules('Resource productivity 3.5 CNY/t (DMC), e.g. 2025-03', 'en')).toEqual([]);
  });
});
