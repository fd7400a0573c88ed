import { z } from 'zod';
import type { Trx } from '../../db/database';
import { recordAudit } from '../../platform/audit';
import { defineImport, type ImportedRow, numberCell, RowIssues, writeInBatches } from '../../platform/import/index';
import { actorOf, type ServiceContext } from '../../platform/viewer';
import { ownerOf, recordColumns } from './byproducts.mapping';
import { byproductsPolicy } from './byproducts.policy';
import * as repo from './byproducts.repository';
import type { StreamWithOwner } from './byproducts.repository';
import { recordDisposalCostYuan, recordTonnes, recordValueCreatedYuan } from './byproducts.schema';
import { accountedPlausible, type DisposalHandlingId, type UtilisationMode } from './engine';

/** Monthly records from CSV/.xlsx: the file's definition and the all-or-nothing, idempotent import (server-only). */

/** Rows a records file may have (a park's streams over several years). */
const RECORD_IMPORT_MAX_ROWS = 100_000;

/** A month as people write it: 2025-03, 2025/3, 202503, 2025年3月; an Excel month cell arrives as its first day (2025-03-01). */
const MONTH = /^(\d{4})[-/.年]?(0?[1-9]|1[0-2])(?:月|[-/.]0?1)?$/;
const month = z
  .string()
  .trim()
  .transform((text, ctx) => {
    const m = MONTH.exec(text);
    if (!m) {
      ctx.addIssue({ code: 'custom', message: `"${text}" is not a month (YYYY-MM)` });
      return z.NEVER;
    }
    return `${m[1]}-${m[2]!.padStart(2, '0')}`;
  });

// The same field schemas as the JSON body of PUT …/records/:period.
const tonnes = numberCell(recordTonnes).optional();
const recordImportRow = z.object({
  stream: z.string().trim().min(1),
  period: month,
  generatedT: numberCell(recordTonnes),
  lowValueConversionT: tonnes,
  reduceEfficiencyT: tonnes,
  valueAddedT: tonnes,
  unspecifiedT: tonnes,
  landfillT: tonnes,
  incinerationT: tonnes,
  dischargeT: tonnes,
  harmlessTreatmentT: tonnes,
  valueCreatedYuan: numberCell(recordValueCreatedYuan).optional(),
  disposalCostYuan: numberCell(recordDisposalCostYuan).optional(),
});
type RecordImportRow = z.infer<typeof recordImportRow>;

/** Accepted headers of the records file (English id first, then Chinese); README "By-product data formats". */
const recordFileColumns = {
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

/** The records file. */
export const recordImport = defineImport({ schema: recordImportRow, columns: recordFileColumns, required: ['stream', 'period', 'generatedT'], maxRows: RECORD_IMPORT_MAX_ROWS });

const RECORD_MODE_KEYS = { 'low-value-conversion': 'lowValueConversionT', 'reduce-efficiency': 'reduceEfficiencyT', 'value-added': 'valueAddedT', unspecified: 'unspecifiedT' } as const satisfies Record<UtilisationMode, keyof RecordImportRow>;
const RECORD_ROUTE_KEYS = { landfill: 'landfillT', incineration: 'incinerationT', discharge: 'dischargeT', 'harmless-treatment': 'harmlessTreatmentT' } as const satisfies Record<DisposalHandlingId, keyof RecordImportRow>;

export interface RecordImportOutcome {
  rows: number;
  created: number;
  updated: number;
  streams: number;
}

/**
 * Imports monthly records (one row per stream and month), validated by `recordImport`. Every
 * row is checked (stream known and writable, utilised + disposed against generated, the same
 * stream and month twice) before anything is written; any error rejects the file with
 * `row N: column` messages. A month already reported is replaced, so importing the same file
 * again changes nothing.
 */
export async function importRecords(
  trx: Trx,
  ctx: ServiceContext,
  file: { name: string; rows: readonly ImportedRow<RecordImportRow>[] },
  onProgress?: (done: number, total: number) => void,
): Promise<RecordImportOutcome> {
  const issues = new RowIssues();
  const streams = new Map<string, StreamWithOwner | null>();
  const seen = new Map<string, number>();
  const planned: { stream: StreamWithOwner; period: string; columns: ReturnType<typeof recordColumns> }[] = [];
  for (const { row, value } of file.rows) {
    if (!streams.has(value.stream)) streams.set(value.stream, (await repo.findStream(trx, value.stream)) ?? null);
    const stream = streams.get(value.stream);
    if (!stream) issues.add({ field: `row ${row}: stream`, message: `unknown stream ${value.stream} (give its code or id)` });
    else if (!byproductsPolicy.write(ctx.viewer, ownerOf(stream))) issues.add({ field: `row ${row}: stream`, message: `you may not report the records of ${stream.code} (${stream.organisation_code})` });
    const utilised: Partial<Record<UtilisationMode, number>> = {};
    const disposed: Partial<Record<DisposalHandlingId, number>> = {};
    let accounted = 0;
    for (const mode of Object.keys(RECORD_MODE_KEYS) as UtilisationMode[]) {
      const x = value[RECORD_MODE_KEYS[mode]] ?? 0;
      if (x > 0) {
        utilised[mode] = x;
        accounted += x;
      }
    }
    for (const route of Object.keys(RECORD_ROUTE_KEYS) as DisposalHandlingId[]) {
      const x = value[RECORD_ROUTE_KEYS[route]] ?? 0;
      if (x > 0) {
        disposed[route] = x;
        accounted += x;
      }
    }
    if (!accountedPlausible(accounted, value.generatedT)) {
      issues.add({ field: `row ${row}: generatedT`, message: `utilised + disposed = ${accounted} t is far above ${value.generatedT} t generated` });
      continue;
    }
    if (!stream) continue;
    const key = `${stream.id}:${value.period}`;
    const first = seen.get(key);
    if (first !== undefined) {
      issues.add({ field: `row ${row}: period`, message: `${stream.code} ${value.period} appears again (first in row ${first})` });
      continue;
    }
    seen.set(key, row);
    const body = { generatedT: value.generatedT, utilised, disposed, valueCreatedYuan: value.valueCreatedYuan ?? 0, disposalCostYuan: value.disposalCostYuan ?? 0 };
    planned.push({ stream, period: value.period, columns: recordColumns(stream.id, value.period, body) });
  }
  issues.throwIfAny();

  let updated = 0;
  await writeInBatches(planned, async (batch, firstIndex) => {
    updated += await repo.countStoredRecords(trx, batch.map((p) => ({ streamId: p.stream.id, period: p.period })));
    await repo.upsertRecords(trx, batch.map((p) => p.columns));
    onProgress?.(firstIndex + batch.length, planned.length);
  });
  const streamIds = new Set(planned.map((p) => p.stream.id));
  const outcome = { rows: planned.length, created: planned.length - updated, updated, streams: streamIds.size };
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
