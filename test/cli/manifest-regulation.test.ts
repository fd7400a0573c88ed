import { existsSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseKind } from '../../src/db/connect';
import { backends } from '../helpers/app';
import { type CliDatabase, cliDemoDatabase, expectFailure, expectJson, runCli } from '../helpers/cli';

interface QueueItem {
  kind: string;
  manifest: { id: string; number: string };
  detail: Record<string, unknown>;
}

/** `herbloop manifest scan|queue|figures --json`: a refused line reaches the regulators' queue of its region only. */
describe.each(backends)('herbloop manifest queue and figures on %s', (kind: DatabaseKind) => {
  let db: CliDatabase;
  let env: Record<string, string>;

  beforeAll(async () => {
    db = await cliDemoDatabase(kind, 'manifest-regulation-cli', ['platform']);
    env = { ...db.env, HERBLOOP_MANIFEST_KEY_DIR: path.join(db.work, 'keys') };
  }, 300_000);
  afterAll(async () => {
    await db?.close();
  });

  it('scans, lists the queue by region, exports it and sums the month', { timeout: 300_000 }, async () => {
    const m = expectJson<{ id: string; number: string }>(
      await runCli(['manifest', 'create', '--generator', 'BZ-MFR-HUATUO', '--receiver', 'BZ-UTL-LVYUAN', '--transporter', 'BZ-TRN-TONGDA:皖S·D1234:马强', '--line', 'SW13:8:t:白芍药渣', '--json'], env),
    );
    for (const [kindOf, data] of [
      ['sealed', null],
      ['picked-up', null],
      ['delivered', null],
      ['received', '{"lines":[{"line":1,"outcome":"refused","received":"8","reason":"混入生活垃圾"}]}'],
    ] as const) {
      expectJson(await runCli(['manifest', 'sign', m.id, '--kind', kindOf, ...(data ? ['--data', data] : []), '--json'], env));
    }
    // The refused line, and the receiver named without a licence for the code.
    expect(expectJson<{ opened: number; verified: number }>(await runCli(['manifest', 'scan', '--json'], env))).toEqual({ opened: 2, verified: 1 });
    const all = expectJson<{ items: QueueItem[] }>(await runCli(['manifest', 'queue', '--region', '341600', '--json'], env));
    expect(new Set(all.items.map((i) => i.kind))).toEqual(new Set(['refusal', 'unlicensed']));
    const mine = expectJson<{ items: QueueItem[] }>(await runCli(['manifest', 'queue', '--region', '341600', '--kind', 'refusal', '--json'], env));
    expect(mine.items.map((i) => [i.manifest.number, i.detail.reason])).toEqual([[m.number, '混入生活垃圾']]);
    expect(expectJson<{ items: QueueItem[] }>(await runCli(['manifest', 'queue', '--region', '330100', '--json'], env)).items).toEqual([]);
    expectFailure(await runCli(['manifest', 'queue', '--kind', 'nonsense'], env), /--kind/);

    const file = path.join(db.work, 'queue.xlsx');
    expect((await runCli(['manifest', 'queue', '--region', '341600', '--xlsx', file], env)).code).toBe(0);
    expect(existsSync(file)).toBe(true);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(file);
    expect(book.worksheets[0]!.getRow(2).getCell(4).value).toBe(m.number);

    const month = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 7);
    const f = expectJson<{ manifests: number; closed: number; byCode: { wasteCode: string; tonnes: string }[] }>(await runCli(['manifest', 'figures', '--month', month, '--region', '341600', '--json'], env));
    expect(f).toMatchObject({ manifests: 1, closed: 0, byCode: [{ wasteCode: 'SW13', tonnes: '0' }] });
    expectFailure(await runCli(['manifest', 'figures', '--month', '2026-13'], env), /--month/);
  });
});
