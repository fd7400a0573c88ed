import type { Insertable } from 'kysely';
import { type ClassificationLevel, visible } from '../../platform/classification';
import type { ByproductRecordTable, ByproductStreamTable } from './byproducts.tables';
import type { StreamOwnerRef } from './byproducts.policy';
import type { RecordRow, StreamWithOwner } from './byproducts.repository';
import type { RecordBody } from './byproducts.schema';
import type { ByproductStream, DisposalHandlingId, ReportedMonth, UtilisationMode } from './engine';

/** Rows as stored <-> the engine's plain data. No I/O. */

/** A stream's own fields, as the engine, the API and the stream file name them. */
export type StreamField = Exclude<keyof ByproductStream, 'id' | 'name'>;

/**
 * The one mapping of a stream's fields to their columns. The presenter and the export show a
 * field when the viewer is cleared for its column; `toEngineStream` and `streamRowColumns`
 * below convert the values.
 */
export const STREAM_FIELD_COLUMNS = {
  herb: 'herb',
  part: 'part',
  residue: 'residue',
  stage: 'stage',
  state: 'state',
  tonnesPerYear: 'tonnes_per_year',
  moisture: 'moisture',
  assays: 'assays',
  contamination: 'contamination',
  hazardous: 'hazardous',
  hazardousCode: 'hazardous_code',
  currentHandling: 'current_handling',
  currentHandlingCostPerTonne: 'handling_cost_per_tonne',
  seasonality: 'seasonality',
  classOverride: 'class_override',
} as const satisfies Record<StreamField, keyof ByproductStreamTable>;

const STREAM_FIELDS = Object.keys(STREAM_FIELD_COLUMNS) as StreamField[];

export type StreamFields = Pick<ByproductStream, StreamField>;

function copyField<F extends StreamField>(to: Partial<StreamFields>, from: ByproductStream, field: F): void {
  to[field] = from[field];
}

/** The fields of a stream whose columns `clearance` may see (the classification of byproduct_streams). */
export function visibleStreamFields(s: ByproductStream, clearance: ClassificationLevel): Partial<StreamFields> {
  const out: Partial<StreamFields> = {};
  for (const field of STREAM_FIELDS) if (visible('byproduct_streams', STREAM_FIELD_COLUMNS[field], clearance)) copyField(out, s, field);
  return out;
}

/** Every field of a stream, without its id and name (the --file JSON format), e.g. to merge a PATCH into it. */
export function streamJson(s: ByproductStream): Record<string, unknown> {
  return Object.fromEntries(STREAM_FIELDS.map((field) => [field, s[field]]));
}

export const num = (v: string | null) => (v === null ? null : Number(v));

export const ownerOf = (row: { organisation_id: string; region_code: string; park_id: string | null }): StreamOwnerRef => ({
  organisationId: row.organisation_id,
  regionCode: row.region_code,
  parkId: row.park_id,
});

export const organisationOwner = (org: { id: string; region_code: string; park_id: string | null }): StreamOwnerRef => ({ organisationId: org.id, regionCode: org.region_code, parkId: org.park_id });

export function toEngineStream(row: StreamWithOwner): ByproductStream & { id: string; name: string } {
  return {
    id: row.id,
    name: row.name,
    herb: row.herb,
    part: row.part as ByproductStream['part'],
    residue: row.residue as ByproductStream['residue'],
    stage: row.stage as ByproductStream['stage'],
    state: row.state,
    tonnesPerYear: Number(row.tonnes_per_year),
    moisture: num(row.moisture),
    assays: { constituents: {}, ...(row.assays as Partial<ByproductStream['assays']>) },
    contamination: row.contamination as ByproductStream['contamination'],
    hazardous: row.hazardous,
    hazardousCode: row.hazardous_code,
    currentHandling: row.current_handling as ByproductStream['currentHandling'],
    currentHandlingCostPerTonne: num(row.handling_cost_per_tonne),
    seasonality: row.seasonality,
    classOverride: row.class_override as ByproductStream['classOverride'],
  };
}

/** A stream's columns as stored; the demo loader writes its streams through it too. */
export function streamRowColumns(s: ByproductStream): Omit<Insertable<ByproductStreamTable>, 'code' | 'organisation_id' | 'site_id' | 'name'> {
  return {
    herb: s.herb,
    part: s.part,
    residue: s.residue,
    stage: s.stage,
    state: s.state,
    tonnes_per_year: s.tonnesPerYear,
    seasonality: s.seasonality === null ? null : JSON.stringify(s.seasonality),
    moisture: s.moisture,
    assays: JSON.stringify(s.assays),
    contamination: JSON.stringify(s.contamination),
    hazardous: s.hazardous,
    hazardous_code: s.hazardousCode,
    current_handling: s.currentHandling,
    handling_cost_per_tonne: s.currentHandlingCostPerTonne,
    class_override: s.classOverride === null ? null : JSON.stringify(s.classOverride),
  };
}

/** The column of each utilisation mode and disposal route in byproduct_records. */
export const MODE_COLUMNS = {
  'low-value-conversion': 'utilised_low_value_t',
  'reduce-efficiency': 'utilised_reduce_efficiency_t',
  'value-added': 'utilised_value_added_t',
  unspecified: 'utilised_unspecified_t',
} as const satisfies Record<UtilisationMode, keyof ByproductRecordTable>;
export const ROUTE_COLUMNS = {
  landfill: 'disposed_landfill_t',
  incineration: 'disposed_incineration_t',
  discharge: 'disposed_discharge_t',
  'harmless-treatment': 'disposed_harmless_t',
} as const satisfies Record<DisposalHandlingId, keyof ByproductRecordTable>;

/** A month of a stream as stored (the demo loader writes its records through it too). */
export function recordColumns(streamId: string, period: string, body: RecordBody): Insertable<ByproductRecordTable> {
  const utilised = body.utilised as Partial<Record<UtilisationMode, number>>;
  const disposed = body.disposed as Partial<Record<DisposalHandlingId, number>>;
  return {
    stream_id: streamId,
    period,
    generated_t: body.generatedT,
    ...(Object.fromEntries(Object.entries(MODE_COLUMNS).map(([m, c]) => [c, utilised[m as UtilisationMode] ?? 0])) as Record<(typeof MODE_COLUMNS)[UtilisationMode], number>),
    ...(Object.fromEntries(Object.entries(ROUTE_COLUMNS).map(([m, c]) => [c, disposed[m as DisposalHandlingId] ?? 0])) as Record<(typeof ROUTE_COLUMNS)[DisposalHandlingId], number>),
    value_created_yuan: body.valueCreatedYuan,
    disposal_cost_yuan: body.disposalCostYuan,
  };
}

/** A stored month as the engine's reported month. */
export function reportedMonth(r: RecordRow): ReportedMonth {
  return {
    generatedT: Number(r.generated_t),
    utilisedT: Object.fromEntries(Object.entries(MODE_COLUMNS).map(([m, c]) => [m, Number(r[c])])) as Record<UtilisationMode, number>,
    disposedT: Object.fromEntries(Object.entries(ROUTE_COLUMNS).map(([m, c]) => [m, Number(r[c])])) as Record<DisposalHandlingId, number>,
    valueCreatedYuan: Number(r.value_created_yuan),
    disposalCostYuan: Number(r.disposal_cost_yuan),
  };
}
