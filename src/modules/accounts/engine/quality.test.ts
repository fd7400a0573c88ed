import { describe, expect, it } from 'vitest';
import { generateDemoAccounts } from './demo';
import { checkAccountsQuality } from './quality';
import type { AccountsDataSet, MaterialAccountRow } from './types';

const clean = (): AccountsDataSet => generateDemoAccounts({ regions: ['浙江', '江苏'], from: 2010, to: 2016 });

function rowIndex(data: AccountsDataSet, region: string, year: number, kind: string): number {
  return data.materials.findIndex((r) => r.region === region && r.year === year && r.kind === kind);
}

describe('data quality checks', () => {
  it('the demo data set is clean: no findings, every score 100', () => {
    const q = checkAccountsQuality(generateDemoAccounts());
    expect(q.findings).toEqual([]);
    expect(q.acceptable).toBe(true);
    expect(q.scores.every((s) => s.score === 100)).toBe(true);
    expect(q.scores).toHaveLength(4 * 15);
  });

  it('a missing year is reported for the region and scored', () => {
    const data = clean();
    data.materials = data.materials.filter((r) => !(r.region === '江苏' && r.year === 2013));
    data.economy = data.economy.filter((r) => !(r.region === '江苏' && r.year === 2013));
    const q = checkAccountsQuality(data);
    const f = q.findings.filter((x) => x.rule === 'missingYear');
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ region: '江苏', year: 2013, severity: 'error', status: 'open', row: { table: 'materials', index: -1 } });
    expect(q.acceptable).toBe(false);
    expect(q.scores.find((s) => s.region === '江苏' && s.year === 2013)!.score).toBe(75);
  });

  it('a missing kind in one year is a warning on that kind', () => {
    const data = clean();
    const i = rowIndex(data, '浙江', 2014, 'pyrite');
    data.materials.splice(i, 1);
    const f = checkAccountsQuality(data).findings.filter((x) => x.rule === 'missingYear');
    expect(f).toEqual([expect.objectContaining({ region: '浙江', year: 2014, kind: 'pyrite', severity: 'warning' })]);
  });

  it('a unit that does not convert is an error on its row; a convertible one is information', () => {
    const data = clean();
    const gas = rowIndex(data, '浙江', 2012, 'naturalGas');
    data.materials[gas] = { ...data.materials[gas]!, unit: 't' };
    const coal = rowIndex(data, '浙江', 2012, 'coal');
    const c = data.materials[coal]!;
    data.materials[coal] = {
      ...c,
      unit: '万t',
      domesticExtraction: c.domesticExtraction / 1e4,
      imports: c.imports / 1e4,
      exports: c.exports / 1e4,
      fromOtherRegions: c.fromOtherRegions / 1e4,
      toOtherRegions: c.toOtherRegions / 1e4,
      recycled: c.recycled / 1e4,
    };
    const f = checkAccountsQuality(data).findings.filter((x) => x.rule === 'unitMismatch');
    expect(f).toHaveLength(2);
    expect(f.find((x) => x.severity === 'error')!.row).toEqual({ table: 'materials', index: gas });
    expect(f.find((x) => x.severity === 'info')!.row).toEqual({ table: 'materials', index: coal });
  });

  it('an implausible jump against the series history names the row (×10 typing error)', () => {
    const data = clean();
    const i = rowIndex(data, '江苏', 2014, 'copper');
    const r = data.materials[i]!;
    data.materials[i] = { ...r, domesticExtraction: r.domesticExtraction * 10, imports: r.imports * 10, fromOtherRegions: r.fromOtherRegions * 10 };
    const f = checkAccountsQuality(data).findings.filter((x) => x.rule === 'implausibleJump');
    expect(f.length).toBeGreaterThanOrEqual(1);
    expect(f[0]).toMatchObject({ region: '江苏', year: 2014, kind: 'copper', severity: 'error', row: { table: 'materials', index: i } });
  });

  it('negative DMC: a warning for one kind, an error for the region total', () => {
    const data = clean();
    const i = rowIndex(data, '浙江', 2011, 'oil');
    data.materials[i] = { ...data.materials[i]!, exports: 1e12 };
    const f = checkAccountsQuality(data).findings.filter((x) => x.rule === 'negativeDmc');
    expect(f.map((x) => x.severity).sort()).toEqual(['error', 'warning']);
    expect(f.every((x) => x.region === '浙江' && x.year === 2011)).toBe(true);
  });

  it('sub-categories that do not sum to a reported total are flagged per field', () => {
    const data = clean();
    const kinds = data.materials.filter((r) => r.region === '浙江' && r.year === 2015 && ['coal', 'oil'].includes(r.kind));
    const gas = data.materials.find((r) => r.region === '浙江' && r.year === 2015 && r.kind === 'naturalGas')!;
    const sum = (f: keyof Pick<MaterialAccountRow, 'domesticExtraction' | 'imports'>) =>
      kinds.reduce((s, r) => s + r[f], 0) + gas[f] * 7.17;
    const total: MaterialAccountRow = {
      region: '浙江',
      year: 2015,
      kind: 'fossilEnergy',
      unit: 't',
      domesticExtraction: sum('domesticExtraction'),
      imports: sum('imports') * 1.2, // 20 % off
      exports: kinds.reduce((s, r) => s + r.exports, 0) + gas.exports * 7.17,
      fromOtherRegions: kinds.reduce((s, r) => s + r.fromOtherRegions, 0) + gas.fromOtherRegions * 7.17,
      toOtherRegions: kinds.reduce((s, r) => s + r.toOtherRegions, 0) + gas.toOtherRegions * 7.17,
      recycled: 0,
    };
    data.materials.push(total);
    const f = checkAccountsQuality(data).findings.filter((x) => x.rule === 'subtotalMismatch');
    expect(f).toHaveLength(1);
    expect(f[0]!.message).toMatch(/^imports/);
    expect(f[0]!.row).toEqual({ table: 'materials', index: data.materials.length - 1 });
  });

  it('negative values, duplicates and unknown kinds are errors', () => {
    const data = clean();
    data.materials.push({ ...data.materials[0]! });
    data.materials.push({ ...data.materials[1]!, year: 2016, kind: 'unobtainium' });
    const i = rowIndex(data, '江苏', 2010, 'zinc');
    data.materials[i] = { ...data.materials[i]!, imports: -5 };
    const rules = checkAccountsQuality(data).findings.map((x) => x.rule).sort();
    expect(rules).toEqual(['duplicateRow', 'negativeValue', 'unknownKind']);
  });

  it('GDP rows: inconsistent constant GDP and missing deflator', () => {
    const data = clean();
    data.economy[3] = { ...data.economy[3]!, gdpConstant: data.economy[3]!.gdpConstant! * 1.1 };
    const { gdpConstant: _dropped, deflator: _d, ...bare } = data.economy[4]!;
    data.economy[4] = bare;
    const f = checkAccountsQuality(data).findings.filter((x) => x.rule === 'gdpInconsistent');
    expect(f.map((x) => [x.row.index, x.severity])).toEqual([
      [3, 'warning'],
      [4, 'error'],
    ]);
  });
});
