import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AppError } from '../errors';
import { defineImport, readImport, type Upload } from './pipeline';
import { bufferChunks, type ByteSource } from './source';

const priceImport = defineImport({
  schema: z.object({ herb: z.string().min(1), date: z.iso.date(), price: z.coerce.number().positive() }),
  columns: { herb: ['药材'], date: ['日期'], price: ['价格'] },
  required: ['herb', 'date', 'price'],
});

/** A source that records how many bytes the pipeline actually pulled from it. */
function metered(data: Buffer, chunkSize = 4096): { source: ByteSource; pulled: () => number } {
  let pulled = 0;
  async function* chunks() {
    for (let start = 0; start < data.length; start += chunkSize) {
      const chunk = data.subarray(start, start + chunkSize);
      pulled += chunk.length;
      yield chunk;
    }
  }
  return { source: chunks(), pulled: () => pulled };
}

const csv = (text: string, chunkSize?: number): Upload => ({ source: bufferChunks(Buffer.from(text, 'utf8'), 1 << 30, chunkSize), format: 'csv' });

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error('expected the import to be refused');
}

function priceCsv(rows: number, bad: (i: number) => boolean = () => false): string {
  const lines = ['药材,日期,价格'];
  for (let i = 0; i < rows; i++) lines.push(`三七,2013-05-${String((i % 28) + 1).padStart(2, '0')},${bad(i) ? 'x' : 680 + i}`);
  return `${lines.join('\n')}\n`;
}

describe('import pipeline', () => {
  it('reads UTF-8 split inside characters, with a BOM', async () => {
    const table = await readImport(csv('\uFEFF药材,日期,价格\n三七,2013-05-01,680\n\n丹参,2013-05-02,18.5\n', 5), priceImport);
    expect(table.rows).toEqual([
      { row: 2, value: { herb: '三七', date: '2013-05-01', price: 680 } },
      { row: 4, value: { herb: '丹参', date: '2013-05-02', price: 18.5 } },
    ]);
  });

  it('reads GB18030 as Excel in China saves CSV, after a long ASCII start', async () => {
    const ascii = `herb,date,price\n${'sanqi,2013-05-01,1\n'.repeat(50)}`;
    const bytes = Buffer.concat([Buffer.from(ascii), Buffer.from(new Uint8Array([0xc8, 0xfd, 0xc6, 0xdf])), Buffer.from(',2013-05-02,2\n')]);
    const table = await readImport({ source: bufferChunks(bytes, 1 << 20, 7), format: 'csv' }, priceImport);
    expect(table.rows).toHaveLength(51);
    expect(table.rows[50]!.value.herb).toBe('三七');
  });

  it('names each bad cell by row and field, counts all and lists at most 200, all or nothing', async () => {
    const error = await refusal(readImport(csv(priceCsv(300, (i) => i % 2 === 0)), priceImport));
    expect(error.code).toBe('validation');
    expect(error.message).toBe('150 error(s) in the file; nothing was imported.');
    expect(error.fields![0]!.field).toBe('row 2: price');
    const many = await refusal(readImport(csv(priceCsv(500, () => true)), priceImport));
    expect(many.message).toBe('500 error(s) in the file; nothing was imported (first 200 listed).');
    expect(many.fields).toHaveLength(200);
  });

  it('refuses missing, unknown and overlong rows as before', async () => {
    expect((await refusal(readImport(csv('药材,日期\n三七,2013-05-01\n'), priceImport))).fields!.map((f) => f.field)).toEqual(['column price']);
    expect((await refusal(readImport(csv('药材,日期,价格,colour\n'), priceImport))).fields!.map((f) => f.field)).toEqual(['column colour']);
    expect((await refusal(readImport(csv('药材,日期,价格\n三七,2013-05-01,1,extra\n'), priceImport))).fields!.map((f) => f.field)).toEqual(['row 2']);
    expect((await refusal(readImport(csv(''), priceImport))).message).toBe('The file is empty.');
  });

  it('stops reading at the row cap: most of the file is never pulled', async () => {
    const data = Buffer.from(priceCsv(100_000));
    const meter = metered(data);
    const error = await refusal(readImport({ source: meter.source, format: 'csv' }, { ...priceImport, maxRows: 1000 }));
    expect(error.code).toBe('import.too_many_rows');
    expect(error.status).toBe(413);
    expect(meter.pulled()).toBeLessThan(data.length / 10);
  });

  it('stops at the byte cap while reading and names the limit', async () => {
    const data = Buffer.from(priceCsv(20_000));
    const meter = metered(data);
    const capped = (async function* () {
      let total = 0;
      for await (const chunk of meter.source) {
        total += chunk.length;
        if (total > 64 * 1024) throw (await import('./problems')).importProblems.tooLarge(64 * 1024);
        yield chunk;
      }
    })();
    const error = await refusal(readImport({ source: capped, format: 'csv' }, priceImport));
    expect(error.code).toBe('upload.too_large');
    expect(error.message).toContain('64 KiB');
    expect(meter.pulled()).toBeLessThanOrEqual(64 * 1024 + 4096);
    const whole = await refusal(readImport({ source: bufferChunks(data, 1024), format: 'csv' }, priceImport));
    expect(whole.code).toBe('upload.too_large');
  });

  it('caps cells per row and characters per record', async () => {
    const wide = `${Array.from({ length: 300 }, (_, i) => `c${i}`).join(',')}\n`;
    const error = await refusal(readImport(csv(wide), priceImport, { limits: { maxColumns: 256 } }));
    expect(error.code).toBe('import.too_many_columns');
    const meter = metered(Buffer.from(`药材,日期,价格\n${'x'.repeat(2_000_000)}`));
    const long = await refusal(readImport({ source: meter.source, format: 'csv' }, priceImport, { limits: { maxRowChars: 10_000 } }));
    expect(long.code).toBe('import.row_too_large');
    expect(meter.pulled()).toBeLessThan(100_000);
  });

  it('is linear in the rows: 100 000 rows in seconds', async () => {
    const data = Buffer.from(priceCsv(100_000));
    const t0 = performance.now();
    const table = await readImport({ source: bufferChunks(data, 1 << 30), format: 'csv' }, priceImport);
    expect(table.rows).toHaveLength(100_000);
    expect(performance.now() - t0).toBeLessThan(15_000);
  });
});
