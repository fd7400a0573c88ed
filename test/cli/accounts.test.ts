import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseKind } from '../../src/db/connect';
import { backends } from '../helpers/app';
import { type CliDatabase, cliDatabase, expectFailure, expectJson, runCli } from '../helpers/cli';

/**
 * `herbloop accounts …` and `herbloop region …` as a user runs them, on the accounts demo loaded
 * with `demo load --steps accounts,reporting`. Each spawn costs seconds, so one test per backend
 * runs the whole session; failures that are refused before the database opens are cheap.
 */
interface Change {
  region: string;
  from: number;
  to: number;
  gdpChange: number;
  dmcChange: number;
  dmiChange: number;
  productivityChange: number;
  decomposition: { productivityChange: number; gdpShare: number; resourceShare: number };
}
interface Indicators {
  region: string;
  basis: string;
  indicators: { year: number; dmi: number; dmc: number; gdpConstant: number; productivityDmc: number }[];
  yearOnYear: unknown[];
  quality: { year: number; score: number }[];
}
interface Scenarios {
  region: string;
  baseYear: number;
  projections: { name: string; baseYear: number; targetYear: number; path: unknown[]; productivityChange: number; meetsTarget?: boolean }[];
  roadmap?: { requiredAnnualImprovement: number; rows: unknown[] };
}
interface ImportOutcome {
  kind: string;
  importId: string;
  rows: number;
  regions: string[];
  findings: { rule: string; severity: string; year: number; kind: string | null }[];
}

const header = 'region,year,kind,unit,domesticExtraction,imports,exports,fromOtherRegions,toOtherRegions,recycled';

describe.each(backends)('herbloop accounts and region on %s', (kind: DatabaseKind) => {
  let d: CliDatabase;
  beforeAll(async () => {
    d = await cliDatabase(kind, 'accounts-cli');
  });
  afterAll(async () => {
    await d.close();
  });

  it('demo load, change, scenario, import, indicators, region add/list', { timeout: 300_000 }, async () => {
    const { env, work } = d;
    const demo = expectJson<{ loaded: boolean }>(await runCli(['demo', 'load', '--steps', 'accounts,reporting', '--json'], env));
    expect(demo.loaded).toBe(true);

    // The seed's Zhejiang case: GDP +27 %, DMC +10 % → productivity 1.27/1.10 − 1 ≈ +15.45 %.
    const change = expectJson<Change>(await runCli(['accounts', 'change', '--region', '浙江', '--from', '2010', '--to', '2013', '--json'], env));
    expect(Object.keys(change)).toEqual(['region', 'from', 'to', 'gdpChange', 'dmcChange', 'dmiChange', 'productivityChange', 'decomposition']);
    expect(change).toMatchObject({ region: '330000', from: 2010, to: 2013 });
    expect(change.gdpChange).toBeCloseTo(0.27, 10);
    expect(change.dmcChange).toBeCloseTo(0.1, 10);
    expect(change.productivityChange).toBeCloseTo(1.27 / 1.1 - 1, 10);
    expect(change.productivityChange).toBeCloseTo(0.1545, 4);
    expect(change.decomposition.productivityChange).toBeCloseTo(change.productivityChange, 10);
    expect(change.decomposition.gdpShare + change.decomposition.resourceShare).toBeCloseTo(1, 10);

    // The same, for a person: percentages.
    const human = await runCli(['accounts', 'change', '--region', '330000', '--from', '2010', '--to', '2013'], env);
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout).toContain('330000 2010→2013: GDP 27.0 %, DMC 10.0 %');
    expect(human.stdout).toContain('productivity 15.5 %');
    expectFailure(await runCli(['accounts', 'change', '--region', '浙江', '--from', '2010', '--to', 'later'], env), /--to: "later" is not a year/);

    // Options: the region's three trend scenarios and the roadmap to +25 % by 2030.
    const trend = expectJson<Scenarios>(await runCli(['accounts', 'scenario', '--region', '浙江', '--target-year', '2030', '--target-change', '0.25', '--json'], env));
    expect(trend.region).toBe('330000');
    expect(trend.projections.map((p) => p.name)).toEqual(['trend', 'green', 'frozen']);
    for (const p of trend.projections) {
      expect(p).toMatchObject({ baseYear: trend.baseYear, targetYear: 2030 });
      expect(p.path).toHaveLength(2030 - trend.baseYear + 1);
      expect(typeof p.meetsTarget).toBe('boolean');
    }
    expect(trend.roadmap!.requiredAnnualImprovement).toBeCloseTo(Math.pow(1.25, 1 / (2030 - trend.baseYear)) - 1, 10);
    expect(trend.roadmap!.rows).toHaveLength(2030 - trend.baseYear + 1);

    // A file: the user's own scenarios from a chosen base year.
    const scenarioFile = path.join(work, 'scenarios.json');
    const scenarios = [
      { name: 'steady', gdpGrowth: 0.05, intensityChange: { fossilEnergy: -0.03, metalOres: -0.02 } },
      { name: 'flat', gdpGrowth: 0, intensityChange: {} },
    ];
    fs.writeFileSync(scenarioFile, JSON.stringify({ region: '浙江', baseYear: 2020, targetYear: 2030, scenarios, targetChange: 0.3 }));
    const own = expectJson<Scenarios>(await runCli(['accounts', 'scenario', scenarioFile, '--json'], env));
    expect(own.baseYear).toBe(2020);
    expect(own.projections.map((p) => p.name)).toEqual(['steady', 'flat']);
    expect(own.projections[0]!.path).toHaveLength(11);
    // No intensity change and no growth: productivity stays where it was.
    expect(own.projections[1]!.productivityChange).toBeCloseTo(0, 10);
    expect(own.projections[0]!.productivityChange).toBeGreaterThan(0);
    expect(own.roadmap!.requiredAnnualImprovement).toBeCloseTo(Math.pow(1.3, 1 / 10) - 1, 10);
    // Refused before the database opens: an out-of-range rate names its field; broken JSON is a message.
    fs.writeFileSync(scenarioFile, JSON.stringify({ region: '浙江', targetYear: 2030, scenarios: [{ name: 'boom', gdpGrowth: 0.9 }] }));
    expectFailure(await runCli(['accounts', 'scenario', scenarioFile, '--json'], env), /scenarios\.0\.gdpGrowth/);
    fs.writeFileSync(scenarioFile, '{"region": "浙江", ');
    expectFailure(await runCli(['accounts', 'scenario', scenarioFile], env), /scenarios\.json: not valid JSON/);
    expectFailure(await runCli(['accounts', 'scenario', '--target-year', '2030'], env), /give a FILE, or --region and --target-year/);

    // A bad file: the row is named, nothing is written (its good 2026 row neither, see below).
    const bad = path.join(work, 'bad.csv');
    fs.writeFileSync(bad, [header, '330000,2026,coal,t,0,1000,0,5000,0,0', '浙江,twenty,oil,t,1,0,0,0,0,0'].join('\n'));
    const refused = await runCli(['accounts', 'import', bad, '--json'], env);
    expectFailure(refused, /row 3: year/);
    expect(refused.stderr).toMatch(/nothing was imported/);
    expect(refused.stdout).toBe('');
    // The same field checks as the HTTP import: a figure beyond its range names row and column.
    fs.writeFileSync(bad, [header, '330000,2026,coal,t,1e308,0,0,0,0,0'].join('\n'));
    expectFailure(await runCli(['accounts', 'import', bad, '--json'], env), /row 2: domesticExtraction/);

    // A good file for 2025: rows land; the gaps (no GDP for 2025, 11 kinds missing) become findings.
    const good = path.join(work, 'good.csv');
    fs.writeFileSync(good, [header, '330000,2025,coal,t,1000,2000,100,3000,200,50', '浙江,2025,oil,t,1000,2000,100,3000,200,50'].join('\n'));
    const imported = expectJson<ImportOutcome>(await runCli(['accounts', 'import', good, '--json'], env));
    expect(imported).toMatchObject({ kind: 'materials', rows: 2, regions: ['330000'] });
    expect(imported.findings.some((f) => f.rule === 'missingEconomy' && f.year === 2025 && f.severity === 'error')).toBe(true);
    const missing = imported.findings.filter((f) => f.rule === 'missingYear' && f.year === 2025).map((f) => f.kind);
    expect(missing).not.toContain('coal');
    expect(missing).toContain('limestone');
    expectFailure(await runCli(['accounts', 'import', path.join(work, 'none.csv')], env), /none\.csv: no such file/);

    // Indicators by code: the years asked for; the quality scores know 2025 (imported) but not 2026 (refused).
    const ind = expectJson<Indicators>(await runCli(['accounts', 'indicators', '--region', '330000', '--from', '2010', '--to', '2012', '--json'], env));
    expect(ind).toMatchObject({ region: '330000', basis: 'primaryEquivalent' });
    expect(ind.indicators.map((i) => i.year)).toEqual([2010, 2011, 2012]);
    expect(ind.yearOnYear).toHaveLength(2);
    for (const i of ind.indicators) {
      expect(i.dmc).toBeGreaterThan(0);
      expect(i.dmc).toBeLessThanOrEqual(i.dmi);
      expect(i.productivityDmc).toBeCloseTo((i.gdpConstant * 1e8) / i.dmc, 6);
    }
    const scored = ind.quality.map((q) => q.year);
    expect(scored).toContain(2025);
    expect(scored).not.toContain(2026);

    // Regions: refused input names the option (checked before the database opens, except the lookups).
    const ningbo = ['region', 'add', '--code', '330200', '--name-zh', '宁波市', '--name-en', 'Ningbo', '--level', 'city'];
    expectFailure(await runCli(['region', 'add', '--code', '3302', '--name-zh', '宁波市', '--name-en', 'Ningbo', '--level', 'town', '--parent', '330000'], env), /--code: a 6-digit GB\/T 2260 code[\s\S]*--level:/);
    expectFailure(await runCli([...ningbo, '--parent', '990000'], env), /--parent: no region 990000/);
    expectFailure(await runCli(['region', 'add', '--code', '330200', '--name-zh', '宁波市', '--level', 'city', '--parent', '330000'], env), /required option '--name-en <name>' not specified/);
    const added = expectJson<{ code: string; parent: string }>(await runCli([...ningbo, '--parent', '330000', '--json'], env));
    expect(added).toMatchObject({ code: '330200', parent: '330000' });
    expectFailure(await runCli([...ningbo, '--parent', '330000'], env), /--code: region 330200 exists already/);
    const list = expectJson<{ items: { code: string; nameZh: string; level: string; parentCode: string | null }[] }>(await runCli(['region', 'list', '--json'], env));
    expect(list.items.find((r) => r.code === '330200')).toEqual({ code: '330200', nameZh: '宁波市', nameEn: 'Ningbo', level: 'city', parentCode: '330000' });
    expect(list.items.find((r) => r.code === '330000')).toMatchObject({ level: 'province', parentCode: null });
  });
});
