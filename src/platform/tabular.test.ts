import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AppError } from './errors';
import { decodeText, parseRows, readTable, writeTable } from './tabular';

const schema = z.object({
  herb: z.string().min(1),
  date: z.iso.date(),
  price: z.coerce.number().positive(),
});
const columns = { herb: ['药材'], date: ['日期'], price: ['价格'] } as const;

function validationFields(fn: () => unknown): string[] {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return ((error as AppError).fields ?? []).map((f) => f.field);
  }
  throw new Error('expected a validation error');
}

describe('tabular import', () => {
  it('reads UTF-8 CSV with a BOM and Chinese headers', async () => {
    const table = await readTable(Buffer.from('\uFEFF药材,日期,价格\n三七,2013-05-01,680\n丹参,2013-05-01,18.5\n', 'utf8'), 'csv');
    const rows = parseRows(table, schema, columns, { required: ['herb', 'date', 'price'] });
    expect(rows).toEqual([
      { row: 2, value: { herb: '三七', date: '2013-05-01', price: 680 } },
      { row: 3, value: { herb: '丹参', date: '2013-05-01', price: 18.5 } },
    ]);
  });

  it('decodes GB18030 files as Excel in China writes them', () => {
    const gbk = Buffer.from([0xd2, 0xa9, 0xb2, 0xc4]); // 药材
    expect(decodeText(gbk)).toBe('药材');
  });

  it('names every bad row and column, and returns nothing', async () => {
    const table = await readTable(Buffer.from('herb,date,price\n三七,2013-13-01,680\n,2013-05-02,-1\n丹参,2013-05-03,20\n'), 'csv');
    expect(validationFields(() => parseRows(table, schema, columns))).toEqual(['row 2: date', 'row 3: herb', 'row 3: price']);
  });

  it('refuses missing and unknown columns instead of ignoring them', async () => {
    const missing = await readTable(Buffer.from('herb,date\n三七,2013-05-01\n'), 'csv');
    expect(validationFields(() => parseRows(missing, schema, columns, { required: ['price'] }))).toEqual(['column price']);
    const unknown = await readTable(Buffer.from('herb,date,price,colour\n三七,2013-05-01,1,red\n'), 'csv');
    expect(validationFields(() => parseRows(unknown, schema, columns))).toEqual(['column colour']);
  });

  it('refuses rows with more cells than the header', async () => {
    const table = await readTable(Buffer.from('herb,date,price\n三七,2013-05-01,1,extra\n'), 'csv');
    expect(validationFields(() => parseRows(table, schema, columns))).toEqual(['row 2']);
  });

  it('round-trips through .xlsx and CSV writers', async () => {
    const cols = [
      { key: 'herb', header: '药材' },
      { key: 'date', header: '日期' },
      { key: 'price', header: '价格' },
    ];
    const data = [{ herb: '三七', date: '2013-05-01', price: 680 }, { herb: '冰片, 天然', date: '2013-05-01', price: 3200.5 }];
    for (const format of ['xlsx', 'csv'] as const) {
      const table = await readTable(await writeTable(cols, data, format), format);
      expect(parseRows(table, schema, columns).map((r) => r.value)).toEqual(data);
    }
  });
});
