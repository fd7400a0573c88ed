import { z } from 'zod';
import type { Trx } from '../../db/database';
import { recordAudit } from '../../platform/audit';
import { errors, type FieldIssue } from '../../platform/errors';
import { parseRows, readTable, type TableFormat } from '../../platform/tabular';
import { actorOf, type ServiceContext } from '../../platform/viewer';
import { ownerOf, recordColumns } from './byproducts.mapping';
import { byproductsPolicy } from './byproducts.policy';
import * as repo from './byproducts.repository';
import type { StreamWithOwner } from './byproducts.repository';
import type { RecordBody } from './byproducts.schema';
import { cell, MAX_REPORTED_ISSUES, numberCell } from './byproducts.streams-import';
import { accountedPlausible, type DisposalHandlingId, type UtilisationMode } from './engine';

/** Monthly records from CSV/.xlsx: the columns and the all-or-nothing, idempotent import. */

/** Rows a records file may have (a park's streams over several years). */
const RECORD_IMPORT_MAX_ROWS = 100_000;
/** Any number beyond this is a typing error (tonnes or yuan). */
const MAX_CELL_MAGNITUDE = 1e12;
/** Months written per statement (and per progress step). */
const RECORD_BATCH = 500;

const recordImportRow = z.object({
  stream: z.string().trim(),
  period: z.string().trim(),
  generatedT: cell,
  lowValueConversionT: cell,
  reduceEfficiencyT: cell,
  valueAddedT: cell,
  unspecifiedT: cell,
  landfillT: cell,
  incinerationT: cell,
  dischargeT: cell,
  harmlessTreatmentT: cell,
  valueCreatedYuan: cell,
  disposalCostYuan: cell,
});
type RecordImportRow = z.infer<typeof recordImportRow>;

/** Accepted headers of the records file (English id first, then Chinese); README "By-product data formats". */
const recordColumnsMap = {
  stream: ['编码', '流编码', 'code'],
  period: ['月份', '期间'],
  generatedT: ['产生量', '产生量(吨)'],
  lowValueConversionT: ['低值转化', '低值转化(吨)'],
  reduceEfficiencyT: ['减量增效', '减量增效(吨)'],
  valueAddedT: ['高效增值', '高效增值(吨)'],
  unspecifiedT: ['其他利用', '其他利用(吨)', '外售或赠送'],
  landfillT: ['填埋', '填埋(吨)'],
  incinerationT: ['焚烧', '焚烧(吨)'],
  dischargeT: ['排放', '排放(吨)'],
  harmlessTreatmentT: ['无害化处理', '无害化处理(吨)'],
  valueCreatedYuan: ['创造价值', '创造价值(元)'],
  disposalCostYuan: ['处置费用', '处置费用(元)'],
} as const satisfies Record<keyof RecordImportRow, readonly string[]>;

const RECORD_MODE_KEYS = { 'low-value-conversion': 'lowValueConversionT', 'reduce-efficiency': 'reduceEfficiencyT', 'value-added': 'valueAddedT', unspecified: 'unspecifiedT' } as const satisfies Record<UtilisationMode, keyof RecordImportRow>;
const RECORD_ROUTE_KEYS = { landfill: 'landfillT', incineration: 'incinerationT', discharge: 'dischargeT', 'harmless-treatment': 'harmlessTreatmentT' } as const satisfies Record<DisposalHandlingId, keyof RecordImportRow>;

export interface RecordImportOutcome {
  rows: number;
  created: number;
  updated: number;
  streams: number;
}

/**
 * Imports monthly records (one row per stream and month) from CSV/.xlsx. Every row is checked
 * (stream known and writable, month, numbers, utilised + disposed against generated, the same
 * stream and month twice) before anything is written; any error rejects the file with
 * `row N: column` messages. A month already reported is replaced, so importing the same file
 * again changes nothing.
 */
export async function importRecords(trx: Trx, ctx: ServiceContext, file: { name: string; data: Buffer; format: TableFormat }, onProgress?: (done: number, total: number) => void): Promise<RecordImportOutcome> {
  const table = await readTable(file.data, file.format);
  const parsed = parseRows(table, recordImportRow, recordColumnsMap, { required: ['stream', 'period', 'generatedT'], maxRows: RECORD_IMPORT_MAX_ROWS });
  const issues: FieldIssue[] = [];
  const streams = new Map<string, StreamWithOwner | null>();
  const seen = new Map<string, number>();
  const planned: { row: number; stream: StreamWithOwner; period: string; body: RecordBody }[] = [];
  const numberOf = (v: string | undefined, row: number, column: string, required: boolean, allowNegative = false): number | undefined => {
    if (v === undefined) {
      if (required) issues.push({ field: `row ${row}: ${column}`, message: 'is required' });
      return required ? undefined : 0;
    }
    const x = Number(numberCell(v));
    if (!Number.isFinite(x)) issues.push({ field: `row ${row}: ${column}`, message: `"${v}" is not a number` });
    else if (!allowNegative && x < 0) issues.push({ field: `row ${row}: ${column}`, message: 'must be ≥ 0' });
    else if (Math.abs(x) > MAX_CELL_MAGNITUDE) issues.push({ field: `row ${row}: ${column}`, message: 'is implausibly large' });
    else return x;
    return undefined;
  };
  for (const { row, value } of parsed) {
    if (!streams.has(value.stream)) streams.set(value.stream, (await repo.findStream(trx, value.stream)) ?? null);
    const stream = streams.get(value.stream);
    if (!stream) issues.push({ field: `row ${row}: stream`, message: `unknown stream ${value.stream} (give its code or id)` });
    else if (!byproductsPolicy.write(ctx.viewer, ownerOf(stream))) issues.push({ field: `row ${row}: stream`, message: `you may not report the records of ${stream.code} (${stream.organisation_code})` });
    // An Excel month cell arrives as its first day (2025-03-01).
    const month = /^(\d{4})[-/.年]?(0?[1-9]|1[0-2])(?:月|[-/.]0?1)?$/.exec(value.period);
    const period = month ? `${month[1]}-${month[2]!.padStart(2, '0')}` : null;
    if (!period) issues.push({ field: `row ${row}: period`, message: `"${value.period}" is not a month (YYYY-MM)` });
    const generatedT = numberOf(value.generatedT, row, 'generatedT', true);
    const utilised: Partial<Record<UtilisationMode, number>> = {};
    const disposed: Partial<Record<DisposalHandlingId, number>> = {};
    let accounted = 0;
    let numbersOk = generatedT !== undefined;
    for (const [mode, key] of Object.entries(RECORD_MODE_KEYS) as [UtilisationMode, keyof RecordImportRow][]) {
      const x = numberOf(value[key], row, key, false);
      if (x === undefined) numbersOk = false;
      else if (x > 0) { utilised[mode] = x; accounted += x; }
    }
    for (const [route, key] of Object.entries(RECORD_ROUTE_KEYS) as [DisposalHandlingId, keyof RecordImportRow][]) {
      const x = numberOf(value[key], row, key, false);
      if (x === undefined) numbersOk = false;
      else if (x > 0) { disposed[route] = x; accounted += x; }
    }
    const valueCreatedYuan = numberOf(value.valueCreatedYuan, row, 'valueCreatedYuan', false, true);
    const disposalCostYuan = numberOf(value.disposalCostYuan, row, 'disposalCostYuan', false);
    if (valueCreatedYuan === undefined || disposalCostYuan === undefined) numbersOk = false;
    if (numbersOk && generatedT !== undefined && !accountedPlausible(accounted, generatedT)) {
      issues.push({ field: `row ${row}: generatedT`, message: `utilised + disposed = ${accounted} t is far above ${generatedT} t generated` });
      numbersOk = false;
    }
    if (stream && period) {
      const key = `${stream.id}:${period}`;
      const first = seen.get(key);
      if (first !== undefined) issues.push({ field: `row ${row}: period`, message: `${stream.code} ${period} appears again (first in row ${first})` });
      else seen.set(key, row);
    }
    if (stream && period && numbersOk) {
      planned.push({ row, stream, period, body: { generatedT: generatedT!, utilised, disposed, valueCreatedYuan: valueCreatedYuan!, disposalCostYuan: disposalCostYuan! } });
    }
  }
  if (issues.length > 0) throw errors.validation(`${issues.length} error(s) in the file; nothing was imported.`, issues.slice(0, MAX_REPORTED_ISSUES));

  const existing = new Set<string>();
  const byStream = new Map<string, string[]>();
  for (const p of planned) byStream.set(p.stream.id, [...(byStream.get(p.stream.id) ?? []), p.period]);
  for (const [streamId, periods] of byStream) {
    for (const r of await repo.recordsIn(trx, streamId, periods)) existing.add(`${streamId}:${r.period}`);
  }
  const rows = planned.map((p) => recordColumns(p.stream.id, p.period, p.body));
  for (let i = 0; i < rows.length; i += RECORD_BATCH) {
    await repo.upsertRecords(trx, rows.slice(i, i + RECORD_BATCH));
    onProgress?.(Math.min(rows.length, i + RECORD_BATCH), rows.length);
  }
  const updated = planned.filter((p) => existing.has(`${p.stream.id}:${p.period}`)).length;
  const outcome = { rows: planned.length, created: planned.length - updated, updated, streams: byStream.size };
  const orgIds = new Set(planned.map((p) => p.stream.organisation_id));
  await recordAudit(trx, ctx, {
    action: 'byproduct_record.import',
    entityType: 'byproduct_records',
    entityId: null,
    organisationId: actorOf(ctx.viewer)?.organisationId ?? (orgIds.size === 1 ? [...orgIds][0]! : null),
    after: { file_name: file.name, ...outcome, streamCodes: [...new Set(planned.map((p) => p.stream.code))] },
  });
  return outcome;
}
