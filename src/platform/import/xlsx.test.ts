import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AppError } from '../errors';
import { importLimits } from './limits';
import { defineImport, readImport } from './pipeline';
import { bufferChunks } from './source';
import { buildXlsx } from './xlsx.fixture';
import { xlsxRecords, xlsxWorkerEntry } from './xlsx';

const recordImport = defineImport({
  schema: z.object({ period: z.string(), kind: z.string(), consumed: z.coerce.number().min(0) }),
  columns: { period: ['报告期'], kind: ['资源种类'], consumed: ['消耗量'] },
  required: ['period', 'kind', 'consumed'],
});
const header = ['报告期', '资源种类', '消耗量'];
const upload = (data: Buffer) => ({ source: bufferChunks(data, 1 << 30), format: 'xlsx' as const });

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error('expected the import to be refused');
}

describe('.xlsx in a worker', () => {
  it('reads a workbook saved as Excel does (sheet before shared strings), in a worker from the sources', async () => {
    expect(xlsxWorkerEntry().typescript).toBe(true);
    const data = buildXlsx(4, (i) => (i === 0 ? header : [`2025-0${i}`, i === 2 ? '煤炭' : 'coal', i * 1.5]));
    const table = await readImport(upload(data), recordImport);
    expect(table.rows).toEqual([
      { row: 2, value: { period: '2025-01', kind: 'coal', consumed: 1.5 } },
      { row: 3, value: { period: '2025-02', kind: '煤炭', consumed: 3 } },
      { row: 4, value: { period: '2025-03', kind: 'coal', consumed: 4.5 } },
    ]);
  });

  it('runs the compiled worker (xlsx.worker.js beside the compiled module) as well', async () => {
    const here = path.dirname(fileURLToPath(import.meta.url));
    const out = path.resolve(here, '../../../test-results/xlsx-worker');
    await build({ entryPoints: [path.join(here, 'xlsx.worker.ts')], outfile: path.join(out, 'xlsx.worker.js'), bundle: true, packages: 'external', platform: 'node', format: 'esm', logLevel: 'silent' });
    const entry = xlsxWorkerEntry(pathToFileURL(path.join(out, 'xlsx.js')));
    expect(entry).toEqual({ url: pathToFileURL(path.join(out, 'xlsx.worker.js')), typescript: false });
    const data = buildXlsx(3, (i) => (i === 0 ? header : ['2025', 'coal', i]));
    const table = await readImport(upload(data), recordImport, { xlsxWorkerUrl: entry.url });
    expect(table.rows.map((r) => r.value.consumed)).toEqual([1, 2]);
  });

  it('stops parsing at the row cap and ends the worker', async () => {
    const total = 10_000;
    const data = buildXlsx(total + 1, (i) => (i === 0 ? header : ['2025-01', 'coal', i]));
    let parsed = 0;
    const limits = importLimits({ maxRows: 100 });
    const error = await refusal(
      (async () => {
        for await (const record of xlsxRecords(upload(data).source, limits)) {
          parsed++;
          if (parsed > 1 + limits.maxRows) throw (await import('./problems')).importProblems.tooManyRows(limits.maxRows);
          expect(record.values).toHaveLength(3);
        }
      })(),
    );
    expect(error.code).toBe('import.too_many_rows');
    expect(parsed).toBeLessThan(total);
    const viaPipeline = await refusal(readImport(upload(data), { ...recordImport, maxRows: 100 }));
    expect(viaPipeline.code).toBe('import.too_many_rows');
    expect(viaPipeline.status).toBe(413);
  });

  it('stops the worker at its memory ceiling with a clear problem, and the caller carries on', async () => {
    const data = buildXlsx(150_001, (i) => (i === 0 ? header : [`2025-${i}-${'abcdefghijklmnopqrstuvwxyz'.repeat(2)}`, 'coal', i]));
    const error = await refusal(readImport(upload(data), recordImport, { limits: { xlsxHeapMb: 16 } }));
    expect(error.code).toBe('import.spreadsheet_too_complex');
    expect(error.status).toBe(413);
    expect(error.message).toContain('16 MiB');
    // The same thread reads the next file normally.
    const small = buildXlsx(2, (i) => (i === 0 ? header : ['2025', 'coal', 1]));
    expect((await readImport(upload(small), recordImport)).rows).toHaveLength(1);
  });

  it('caps cells per row and refuses what is not a workbook', async () => {
    const wide = buildXlsx(2, () => Array.from({ length: 40 }, (_, j) => `c${j}`));
    expect((await refusal(readImport(upload(wide), recordImport, { limits: { maxColumns: 30 } }))).code).toBe('import.too_many_columns');
    const junk = await refusal(readImport(upload(Buffer.from('PK not really a workbook')), recordImport));
    expect(junk.code).toBe('validation');
    expect(junk.message).toBe('The .xlsx file cannot be read.');
  });
});
