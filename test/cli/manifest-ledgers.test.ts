import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseKind } from '../../src/db/connect';
import { backends } from '../helpers/app';
import { type CliDatabase, cliDemoDatabase, expectFailure, expectJson, runCli } from '../helpers/cli';

interface NationalView {
  layout: string;
  rows: Record<string, string | number | null>[];
}

/** `herbloop manifest ledger` writes a firm's general ledger from the demo's records and manifests; `manifest national` prints the national layout. */
describe.each(backends)('herbloop manifest ledger and national on %s', (kind: DatabaseKind) => {
  let db: CliDatabase;
  // The demo's closed Huatuo → Lvyuan load was picked up 20 days before the demo loaded.
  const year = new Date(Date.now() - 20 * 86_400_000 + 8 * 3_600_000).getUTCFullYear();

  beforeAll(async () => {
    db = await cliDemoDatabase(kind, 'manifest-ledgers-cli', ['byproducts', 'manifests']);
  }, 300_000);
  afterAll(async () => {
    await db?.close();
  });

  it('writes the general ledger .xlsx whose sheets agree, and prints the national layout', { timeout: 300_000 }, async () => {
    const file = path.join(db.work, 'ledger.xlsx');
    const run = await runCli(['manifest', 'ledger', '--org', 'BZ-MFR-HUATUO', '--year', String(year), '--out', file], db.env);
    expect(run.code, run.stderr).toBe(0);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(file);
    const rows = (name: string) => {
      const out: unknown[][] = [];
      book.getWorksheet(name)!.eachRow((r, n) => n > 2 && out.push((r.values as unknown[]).slice(1)));
      return out;
    };
    const summaryTotal = rows('表2 流向汇总').find((r) => r[0] === '合计')!;
    const generationTotal = rows('附表1 产生环节').find((r) => r[0] === '合计')!;
    expect(Number(summaryTotal[1])).toBeGreaterThan(0);
    expect(Number(generationTotal[4])).toBeCloseTo(Number(summaryTotal[1]), 3);
    const entrusted = rows('附表4 委托利用处置').filter((r) => r[0] !== '合计' && typeof r[1] === 'string');
    expect(entrusted.map((r) => [r[3], r[6], r[18]])).toEqual([['SW13', '亳州绿源有机肥有限公司', 12.38]]);

    const view = expectJson<NationalView>(await runCli(['manifest', 'national', '--org', 'BZ-MFR-HUATUO', '--year', String(year), '--waste-list', 'all'], db.env));
    expect(view.layout).toBe('cn-national-hw-transfer-manifest');
    expect(view.rows.map((r) => [r.wasteCode, r.quantityT, r.receivedT, r.treatmentCode])).toEqual([['SW13', 12.4, 12.38, 'R3']]);
    // Only manifests with hazardous lines by default: the demo's loads are herb residue.
    expect(expectJson<NationalView>(await runCli(['manifest', 'national', '--org', 'BZ-MFR-HUATUO', '--year', String(year)], db.env)).rows).toEqual([]);

    expectFailure(await runCli(['manifest', 'ledger', '--org', 'BZ-MFR-HUATUO', '--kind', 'nonsense', '--year', '2026', '--out', file], db.env), /--kind/);
    expectFailure(await runCli(['manifest', 'ledger', '--org', 'NOPE', '--year', '2026', '--out', file], db.env), /--org/);
    expectFailure(await runCli(['manifest', 'ledger', '--org', 'BZ-MFR-HUATUO', '--year', '2026', '--from', '2026-01', '--out', file], db.env), /--year/);
    expectFailure(await runCli(['manifest', 'ledger', '--org', 'BZ-MFR-HUATUO', '--kind', 'hazardous-plan', '--out', file], db.env), /--year/);
  });
});
