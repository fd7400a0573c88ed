/**
 * Import file formats of the supply module (documented in README "Supply data formats"), read
 * by the streaming import pipeline (src/platform/import: CSV in UTF-8 or GB18030, or .xlsx;
 * caps that stop early; row-numbered, all-or-nothing validation). Server-only: the pipeline
 * reads files and spawns workers, so these definitions never go into the schema or contract
 * files the web app bundles.
 *
 * Every cell is validated by the same field schema as the JSON API (`supplyFields`), so a file
 * cannot carry what the API refuses.
 */
import { z } from 'zod';
import { errors, type FieldIssue } from '../../platform/errors';
import { type ColumnMap, defineImport, type ImportedRow, MAX_LISTED_ISSUES } from '../../platform/import/index';
import { formulaInput, importFormulasBody, isoDate, priceItem, type PriceItem, supplyFields, type FormulaInputBody } from './supply.schema';

/** Price files: one price per row, the very schema of the API's station POST. */
const priceColumns: ColumnMap<keyof PriceItem> = {
  herb: ['药材', '品名', '药材名称', '品种'],
  spec: ['规格', '规格等级', 'grade'],
  market: ['市场', '药市', '产地'],
  date: ['日期', '时间', 'day'],
  price: ['价格', '单价', '价格元'],
  unit: ['单位', '价格单位'],
};

export const priceImport = defineImport({
  schema: priceItem,
  columns: priceColumns,
  required: ['herb', 'market', 'date', 'price'],
  maxRows: 2_000_000,
});

/** A formula file row: one ingredient, with the formula's own fields on (at least) its first row. */
const formulaRow = z.object({
  code: supplyFields.formulaCode,
  nameZh: supplyFields.formulaName.optional(),
  nameEn: supplyFields.formulaNameEn.optional(),
  dosageForm: supplyFields.dosageForm.optional(),
  batchYield: supplyFields.quantity.optional(),
  batchUnit: supplyFields.batchUnit.optional(),
  packSize: supplyFields.quantity.optional(),
  bandLow: supplyFields.bandLow.optional(),
  bandHigh: supplyFields.bandHigh.optional(),
  priceCap: supplyFields.price.optional(),
  capFrom: isoDate.optional(),
  herb: supplyFields.herb,
  amount: supplyFields.quantity,
  unit: supplyFields.amountUnit.optional(),
  spec: supplyFields.spec,
});
export type FormulaRow = z.output<typeof formulaRow>;

const formulaColumns: ColumnMap<keyof FormulaRow> = {
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

export const formulaImport = defineImport({
  schema: formulaRow,
  columns: formulaColumns,
  required: ['code', 'herb', 'amount'],
  maxRows: 100_000,
});

const FORMULA_HEAD_KEYS = ['nameZh', 'nameEn', 'dosageForm', 'batchYield', 'batchUnit', 'packSize', 'bandLow', 'bandHigh', 'priceCap', 'capFrom'] as const;
/** The cap of a file row without `cap_from`: in force since before any price. */
const CAP_FROM_UNKNOWN = '2000-01-01';

/** A formula read from a file and the sheet row it starts on (errors name that row). */
interface FormulaFromFile {
  row: number;
  formula: FormulaInputBody;
}

/**
 * Formulas from validated file rows (one per ingredient), grouped by code in one pass: a
 * formula's fields may be left empty after its first row but must not contradict it. All or
 * nothing: every problem is listed with its row.
 */
export function formulasFromRows(rows: readonly ImportedRow<FormulaRow>[]): FormulaFromFile[] {
  const groups = new Map<string, ImportedRow<FormulaRow>[]>();
  for (const r of rows) {
    // Appended in place: copying the group per row made large files quadratic.
    const group = groups.get(r.value.code);
    if (group) group.push(r);
    else groups.set(r.value.code, [r]);
  }
  const issues: FieldIssue[] = [];
  let issueCount = 0;
  const issue = (i: FieldIssue) => {
    issueCount++;
    if (issues.length < MAX_LISTED_ISSUES) issues.push(i);
  };
  const out: FormulaFromFile[] = [];
  for (const [code, list] of groups) {
    const head: Partial<Pick<FormulaRow, (typeof FORMULA_HEAD_KEYS)[number]>> = {};
    for (const r of list) {
      for (const key of FORMULA_HEAD_KEYS) {
        const v = r.value[key];
        if (v === undefined || v === '') continue;
        if (head[key] === undefined) Object.assign(head, { [key]: v });
        else if (head[key] !== v) issue({ field: `row ${r.row}: ${key}`, message: `contradicts an earlier row of ${code} (${JSON.stringify(head[key])})` });
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
      priceCaps: head.priceCap === undefined ? [] : [{ from: head.capFrom ?? CAP_FROM_UNKNOWN, priceCap: head.priceCap }],
    };
    const parsed = formulaInput.safeParse(candidate);
    if (!parsed.success) {
      for (const i of parsed.error.issues) issue({ field: `row ${list[0]!.row}: ${i.path.join('.')}`, message: i.message });
    } else out.push({ row: list[0]!.row, formula: parsed.data });
  }
  if (issueCount > 0) {
    const more = issueCount > issues.length ? ` (first ${issues.length} listed)` : '';
    throw errors.validation(`${issueCount} error(s) in the file; nothing was imported${more}.`, issues);
  }
  return out;
}

/** Formulas from a JSON file (CLI): `{formulas: [...]}` or a bare array, fields as the API's. */
export function formulasFromJson(text: string): FormulaInputBody[] {
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw errors.validation('The JSON file cannot be parsed.', [{ field: 'file', message: error instanceof Error ? error.message : String(error) }]);
  }
  const body = importFormulasBody.safeParse(Array.isArray(json) ? { formulas: json } : json);
  if (!body.success) {
    throw errors.validation(
      `${body.error.issues.length} error(s) in the file; nothing was imported.`,
      body.error.issues.slice(0, MAX_LISTED_ISSUES).map((i) => ({ field: i.path.join('.'), message: i.message })),
    );
  }
  return body.data.formulas;
}
