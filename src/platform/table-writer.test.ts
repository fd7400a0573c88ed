import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineImport, readImport } from './import';
import { writeTable } from './table-writer';

/** An export written in the import's own headers reads back through the import unchanged. */
describe('table writer', () => {
  const spec = defineImport({
    schema: z.object({ herb: z.string().min(1), date: z.iso.date(), price: z.coerce.number().positive() }),
    columns: { herb: ['药材'], date: ['日期'], price: ['价格'] },
    required: ['herb', 'date', 'price'],
  });
  const cols = [
    { key: 'herb', header: '药材' },
    { key: 'date', header: '日期' },
    { key: 'price', header: '价格' },
  ];
  const data = [
    { herb: '三七', date: '2013-05-01', price: 680 },
    { herb: '冰片, 天然 "片"', date: '2013-05-01', price: 3200.5 },
  ];

  it('round-trips through .xlsx and CSV (quotes, commas and Chinese text included)', async () => {
    for (const format of ['xlsx', 'csv'] as const) {
      const file = await writeTable(cols, data, format);
      const table = await readImport({ format, source: (async function* () { yield file; })() }, spec);
      expect(table.rows.map((r) => r.value), format).toEqual(data);
    }
  });
});
