/**
 * Import file formats of the supply module (documented in README "Supply data formats").
 * Tables go through platform/tabular (CSV in UTF-8 or GB18030, or .xlsx; row-numbered,
 * all-or-nothing validation).
 */
import { z } from 'zod';
import { errors, type FieldIssue } from '../../platform/errors';
import { price, priceCap } from '../../shared/fields';
import { decodeText, parseRows, readTable, type ColumnMap, type TableFormat } from '../../platform/tabular';
import { formulaInput, importFormulasBody, isoDate, type FormulaInputBody } from './supply.schema';
import type { PriceInput } from './supply.import.service';

const optionalText = z.string().trim().max(60).optional();

export const priceRowSchema = z.object({
  herb: z.string().trim().min(1, 'required'),
  spec: optionalText,
  market: z.string().trim().min(1, 'required'),
  date: isoDate,
  price,
  unit: optionalText,
});

export const priceColumns: ColumnMap<keyof z.infer<typeof priceRowSchema>> = {
  herb: ['药材', '品名', '药材名称', '品种'],
  spec: ['规格', '规格等级', 'grade'],
  market: ['市场', '药市', '产地'],
  date: ['日期', '时间', 'day'],
  price: ['价格', '单价', '价格元'],
  unit: ['单位', '价格单位'],
};

/** Rows of a price file with the line numbers people see (header = row 1). */
export async function readPriceFile(data: Buffer, format: TableFormat): Promise<{ rows: number[]; items: PriceInput[] }> {
  const table = await readTable(data, format);
  const parsed = parseRows(table, priceRowSchema, priceColumns, { required: ['herb', 'market', 'date', 'price'], maxRows: 2_000_000 });
  return { rows: parsed.map((p) => p.row), items: parsed.map((p) => p.value) };
}

const formulaRowSchema = z.object({
  code: z.string().trim().toUpperCase().min(1, 'required'),
  nameZh: z.string().trim().optional(),
  nameEn: z.string().trim().optional(),
  dosageForm: z.string().trim().optional(),
  batchYield: z.coerce.number().positive().optional(),
  batchUnit: z.string().trim().optional(),
  packSize: z.coerce.number().positive().optional(),
  bandLow: z.coerce.number().min(0).optional(),
  bandHigh: z.coerce.number().positive().optional(),
  priceCap: priceCap.optional(),
  capFrom: isoDate.optional(),
  herb: z.string().trim().min(1, 'required'),
  amount: z.coerce.number({ error: 'a number' }).positive('must be > 0'),
  unit: z.enum(['g', 'kg']).optional(),
  spec: optionalText,
});
type FormulaRowKey = keyof z.infer<typeof formulaRowSchema>;

export const formulaColumns: ColumnMap<FormulaRowKey> = {
  code: ['编码', '代码', '药品编码'],
  nameZh: ['name_zh', '名称', '药品名称', '品名'],
  nameEn: ['name_en', '英文名称'],
  dosageForm: ['dosage_form', '剂型'],
  batchYield: ['batch_yield', '制成量', '批量'],
  batchUnit: ['batch_unit', '制成单位', '批量单位'],
  packSize: ['pack_size', '每盒数量', '包装数量'],
  bandLow: ['band_low', '预警下限'],
  bandHigh: ['band_high', '预警上限'],
  priceCap: ['price_cap', '最高零售价', '限价'],
  capFrom: ['cap_from', '执行日期', '限价日期'],
  herb: ['药材', '药味'],
  amount: ['用量'],
  unit: ['用量单位'],
  spec: ['规格'],
};

/**
 * Formulas from JSON (`{formulas: [...]}` or a bare array, fields as the API's formulaInput) or
 * a table with one row per ingredient (formula fields on the first row of each code; later rows
 * may leave them empty but must not contradict them).
 */
export async function readFormulaFile(data: Buffer, kind: 'json' | TableFormat): Promise<FormulaInputBody[]> {
  if (kind === 'json') {
    let json: unknown;
    try {
      json = JSON.parse(decodeText(data));
    } catch (error) {
      throw errors.validation('The JSON file cannot be parsed.', [{ field: 'file', message: error instanceof Error ? error.message : String(error) }]);
    }
    const body = importFormulasBody.safeParse(Array.isArray(json) ? { formulas: json } : json);
    if (!body.success) {
      throw errors.validation(
        `${body.error.issues.length} error(s) in the file; nothing was imported.`,
        body.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message })),
      );
    }
    return body.data.formulas;
  }
  const table = await readTable(data, kind);
  const rows = parseRows(table, formulaRowSchema, formulaColumns, { required: ['code', 'herb', 'amount'], maxRows: 100_000 });
  const groups = new Map<string, typeof rows>();
  for (const r of rows) {
    // Appended in place: copying the group per row made large files quadratic.
    const group = groups.get(r.value.code);
    if (group) group.push(r);
    else groups.set(r.value.code, [r]);
  }
  const issues: FieldIssue[] = [];
  const out: FormulaInputBody[] = [];
  for (const [code, list] of groups) {
    const head: Partial<Record<FormulaRowKey, unknown>> = {};
    for (const r of list) {
      for (const key of ['nameZh', 'nameEn', 'dosageForm', 'batchYield', 'batchUnit', 'packSize', 'bandLow', 'bandHigh', 'priceCap', 'capFrom'] as const) {
        const v = r.value[key];
        if (v === undefined || v === '') continue;
        if (head[key] === undefined) head[key] = v;
        else if (head[key] !== v) issues.push({ field: `row ${r.row}: ${key}`, message: `contradicts an earlier row of ${code} (${JSON.stringify(head[key])})` });
      }
    }
    const candidate = {
      code,
      nameZh: head.nameZh,
      nameEn: head.nameEn,
      dosageForm: head.dosageForm,
      batchYield: head.batchYield,
      batchUnit: head.batchUnit,
      packSize: head.packSize,
      ...(head.bandLow !== undefined || head.bandHigh !== undefined ? { band: [head.bandLow, head.bandHigh] } : {}),
      ingredients: list.map((r) => ({ herb: r.value.herb, amount: r.value.amount, unit: r.value.unit ?? 'g', spec: r.value.spec ?? null })),
      priceCaps: head.priceCap === undefined ? [] : [{ from: head.capFrom ?? '2000-01-01', priceCap: head.priceCap }],
    };
    const parsed = formulaInput.safeParse(candidate);
    if (!parsed.success) {
      for (const i of parsed.error.issues) issues.push({ field: `row ${list[0]!.row}: ${i.path.join('.')}`, message: i.message });
    } else out.push(parsed.data);
  }
  if (issues.length > 0) throw errors.validation(`${issues.length} error(s) in the file; nothing was imported.`, issues.slice(0, 200));
  return out;
}
