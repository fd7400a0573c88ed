import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseKind } from '../../src/db/connect';
import { backends } from '../helpers/app';
import { type CliDatabase, cliDemoDatabase, expectFailure, expectJson, runCli } from '../helpers/cli';

/**
 * `herbloop byproducts …`, `herbloop pathways …` and `herbloop figures` as a user runs them, on
 * the by-product demo (loaded in-process first). Each spawn costs seconds: one session per backend.
 */
describe.each(backends)('herbloop byproducts on %s', (kind: DatabaseKind) => {
  let db: CliDatabase;
  let env: Record<string, string>;
  let work: string;

  beforeAll(async () => {
    db = await cliDemoDatabase(kind, 'byproducts-cli', ['balance', 'byproducts']);
    ({ env, work } = db);
  }, 300_000);
  afterAll(() => db.close());

  it('import, list, classify, advise (--file, --weights), cascade, pathways and figures', { timeout: 400_000 }, async () => {
    // A what-if stream with the issue's keys and Chinese labels: seed 000's 丹参 example.
    const streamFile = path.join(work, 'danshen.json');
    fs.writeFileSync(
      streamFile,
      JSON.stringify({ herb: '丹参', part: null, residue: '醇沉物', stage: '提取', state: 'solid', tonnesPerYear: 600, moisture: 60, assays: { polysaccharides: 25, 水苏糖: 200 }, contamination: [], hazardous: false }),
    );
    const advice = expectJson<{ classes: { class: string; score: number; rule: unknown }[]; options: Record<string, unknown>[]; excluded: Record<string, unknown>[] }>(
      await runCli(['byproducts', 'advise', '--file', streamFile, '--weights', 'economic-first,ecological=2', '--json'], env),
    );
    expect(Object.keys(advice)).toEqual(['classes', 'options', 'excluded']);
    expect(Object.keys(advice.classes[0]!)).toEqual(['class', 'score', 'rule']);
    expect(Object.keys(advice.options[0]!)).toEqual(['rank', 'pathway', 'product', 'mode', 'score', 'netValuePerYear', 'reasons']);
    expect(Object.keys(advice.excluded[0]!)).toEqual(['pathway', 'why']);
    expect(advice.options[0]).toMatchObject({ rank: 1, pathway: 'danshen-stachyose', mode: 'value-added' });

    expectFailure(await runCli(['byproducts', 'advise', '--file', streamFile, '--weights', 'greedy'], env), /--weights/);

    // Import: a bad file names row and column and writes nothing; a good one creates streams.
    const header = 'code,organisation,site,name,herb,part,residue,stage,state,tonnesPerYear,moisture,crudeFibre,currentHandling,currentHandlingCostPerTonne';
    const bad = path.join(work, 'bad.csv');
    fs.writeFileSync(bad, [header, 'CLI-1,BZ-MFR-SHAODU,饮片炮制厂,边角料,白芍,peel-bark,,饮片炮制,solid,100,12,30,landfill,150', 'CLI-2,BZ-MFR-SHAODU,饮片炮制厂,x,白芍,root,,饮片炮制,plasma,100,12,30,landfill,150'].join('\n'));
    expectFailure(await runCli(['byproducts', 'import', bad], env), /row 3: state/);
    const good = path.join(work, 'good.csv');
    fs.writeFileSync(good, [header, 'CLI-1,BZ-MFR-SHAODU,饮片炮制厂,边角料,白芍,peel-bark,,饮片炮制,solid,100,12,30,landfill,150', 'CLI-2,BZ-MFR-SHAODU,饮片炮制厂,水提药渣,白芍,,water-extract-residue,extraction,solid,240,70,35,landfill,150'].join('\n'));
    expect(expectJson<{ rows: number; created: number }>(await runCli(['byproducts', 'import', good, '--json'], env))).toMatchObject({ rows: 2, created: 2 });

    const list = expectJson<{ code: string; tonnesPerYear: number }[]>(await runCli(['byproducts', 'list', '--json'], env));
    expect(list.length).toBeGreaterThanOrEqual(62);
    expect(list.find((s) => s.code === 'CLI-2')!.tonnesPerYear).toBe(240);

    const classes = expectJson<{ classes: { class: string; rule: { zh: string } }[] }>(await runCli(['byproducts', 'classify', 'CLI-2', '--json'], env));
    expect(classes.classes.map((c) => c.class)).toContain('cellulose-rich');

    const cascade = expectJson<{ steps: unknown[]; balance: { in: number; out: number; residue: number; losses: number; closes: boolean } }>(await runCli(['byproducts', 'cascade', 'CLI-2', '--json'], env));
    expect(cascade.steps.length).toBeGreaterThan(0);
    expect(cascade.balance.in).toBe(240_000);
    expect(cascade.balance.out + cascade.balance.residue + cascade.balance.losses).toBe(cascade.balance.in);
    expectFailure(await runCli(['byproducts', 'cascade', 'NO-SUCH-STREAM'], env), /Stream NO-SUCH-STREAM was not found/);

    // Pathways: list, show, export → import as a new version.
    const kb = expectJson<{ version: string; pathways: { id: string }[] }>(await runCli(['pathways', 'list', '--json'], env));
    expect(kb.version).toBe('1.0.0');
    expect(expectJson<{ id: string; mode: string }>(await runCli(['pathways', 'show', 'danshen-stachyose', '--json'], env)).mode).toBe('value-added');
    const exported = path.join(work, 'kb.json');
    expect((await runCli(['pathways', 'export', exported], env)).code).toBe(0);
    const doc = JSON.parse(fs.readFileSync(exported, 'utf8')) as { version: string; pathways: { id: string; trl: number }[] };
    doc.version = '1.1.0';
    doc.pathways[0]!.trl = 0;
    fs.writeFileSync(exported, JSON.stringify(doc));
    expectFailure(await runCli(['pathways', 'import', exported], env), /pathways\[0\]\.trl/);
    doc.pathways[0]!.trl = 6;
    fs.writeFileSync(exported, JSON.stringify(doc));
    expect(expectJson<{ version: string; pathways: number }>(await runCli(['pathways', 'import', exported, '--note', 'review', '--json'], env))).toMatchObject({ version: '1.1.0', pathways: kb.pathways.length });

    // Figures of the park for last year: 12 months of records.
    const year = String(new Date().getUTCFullYear() - 1);
    const f = expectJson<{ scope: string; streams: number; figures: { generatedT: number; utilisationRate: number; disposalMix: Record<string, unknown> }; series: unknown[] }>(
      await runCli(['figures', '--scope', 'park', 'BZ-TCM-PARK', '--period', year, '--json'], env),
    );
    expect(f.scope).toBe('park');
    expect(f.streams).toBeGreaterThan(30);
    expect(f.figures.generatedT).toBeGreaterThan(0);
    expect(f.figures.utilisationRate).toBeGreaterThan(0);
    expect(Object.keys(f.figures.disposalMix)).toEqual(['landfill', 'incineration', 'discharge', 'harmless-treatment']);
    expect(f.series).toHaveLength(12);
    expectFailure(await runCli(['figures', '--scope', 'firm', 'BZ-MFR-SHAODU', '--period', '2025-13'], env), /--period/);
  });

  it('figures --scope firm: the MCI from the declared inputs, or why it is not available', { timeout: 300_000 }, async () => {
    const year = String(new Date().getUTCFullYear() - 1);
    const firm = expectJson<{ mci: { value: number; inputs: { period: string }; terms: { M: number } } }>(await runCli(['figures', '--scope', 'firm', 'BZ-MFR-SHAODU', '--period', year, '--json'], env));
    expect(firm.mci.value).toBeGreaterThan(0.1);
    expect(firm.mci.value).toBeLessThan(1);
    expect(firm.mci.inputs.period).toBe(year);
    const text = await runCli(['figures', '--scope', 'firm', 'BZ-MFR-SHAODU', '--period', year], env);
    expect(text.stdout).toContain(`MCI ${firm.mci.value.toFixed(3)}`);
    const kangyang = (await runCli(['figures', '--scope', 'firm', 'BZ-MFR-KANGYANG', '--period', year], env)).stdout;
    expect(kangyang).toMatch(/MCI: not available — the firm has declared no inputs/);
    expect(kangyang).toContain('balance: none (the firm has no balance model)');
  });

  it('figures --scope firm: the firm’s reconciled balance, not compared when its period is a batch', { timeout: 300_000 }, async () => {
    const year = String(new Date().getUTCFullYear() - 1);
    const r = expectJson<{ balance: { modelName: string; period: string | null; byproducts: { tonnes: number; sdTonnes: number }; comparison: unknown; comparisonReasonCode: string }; balanceReasonCode: null }>(
      await runCli(['figures', '--scope', 'firm', 'BZ-MFR-GUOHE', '--period', year, '--json'], env),
    );
    expect(r.balanceReasonCode).toBeNull();
    expect(r.balance).toMatchObject({ period: null, comparison: null, comparisonReasonCode: 'period-nominal' });
    const text = (await runCli(['figures', '--scope', 'firm', 'BZ-MFR-GUOHE', '--period', year], env)).stdout;
    const fmt = (x: number) => Number(x.toPrecision(6)).toString();
    expect(text).toContain(`balance "${r.balance.modelName}" (period nominal; chi-square passed): by-products ${fmt(r.balance.byproducts.tonnes)} ± ${fmt(r.balance.byproducts.sdTonnes)} t`);
    expect(text).toContain('comparison: the model has a nominal period (e.g. one batch): not compared, not scaled');
  });

  it('import-records: a bad file names the rows and writes nothing; a good one twice gives the same records', { timeout: 300_000 }, async () => {
    const file = path.join(work, 'records.csv');
    fs.writeFileSync(file, ['stream,period,generatedT,valueAddedT,landfillT,valueCreatedYuan', 'BZ-MFR-SHAODU-S01,2019-01,100,60,40,30000', 'BZ-MFR-SHAODU-S01,2019-02,-5,,,', 'NOPE,2019-02,5,,,'].join('\n'));
    // The file's cells are checked as it is read, before the database opens; then its rows against the database.
    const bad = await runCli(['byproducts', 'import-records', file], env);
    expectFailure(bad, /row 3: generatedT/);
    fs.writeFileSync(file, ['stream,period,generatedT,valueAddedT,landfillT,valueCreatedYuan', 'BZ-MFR-SHAODU-S01,2019-01,100,60,40,30000', 'NOPE,2019-02,5,,,'].join('\n'));
    expectFailure(await runCli(['byproducts', 'import-records', file], env), /row 3: stream/);
    const figures = async () => expectJson<{ figures: { records: number; generatedT: number } }>(await runCli(['figures', '--scope', 'stream', 'BZ-MFR-SHAODU-S01', '--period', '2019', '--json'], env)).figures;
    expect((await figures()).records).toBe(0);
    fs.writeFileSync(file, ['流编码,月份,产生量,高效增值,填埋,创造价值', 'BZ-MFR-SHAODU-S01,2019-01,100,60,40,30000', 'BZ-MFR-SHAODU-S01,2019-02,80,80,,24000'].join('\n'));
    expect(expectJson(await runCli(['byproducts', 'import-records', file, '--json'], env))).toEqual({ rows: 2, created: 2, updated: 0, streams: 1 });
    expect((await runCli(['byproducts', 'import-records', file], env)).stdout).toContain('Imported 2 monthly record(s) of 1 stream(s): 0 new, 2 replaced.');
    expect(await figures()).toMatchObject({ records: 2, generatedT: 180 });
  });
});
