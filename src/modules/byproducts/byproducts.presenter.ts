import type { ClassificationLevel } from '../../platform/classification';
import { visible } from '../../platform/classification';
import type { Viewer } from '../../platform/viewer';
import { MODE_COLUMNS, num, ownerOf, ROUTE_COLUMNS, toEngineStream, visibleStreamFields } from './byproducts.mapping';
import { streamClearance } from './byproducts.policy';
import type { FirmInputRow, RecordRow, StreamWithOwner } from './byproducts.repository';
import type { StreamView } from './byproducts.schema';

/** A stream for a viewer: confidential fields (volumes, assays, handling) only when cleared. */
export function presentStream(row: StreamWithOwner, clearance: ClassificationLevel): StreamView {
  const { assays, ...fields } = visibleStreamFields(toEngineStream(row), clearance);
  return {
    id: row.id,
    code: row.code,
    organisationId: row.organisation_id,
    organisationCode: row.organisation_code,
    organisationName: row.organisation_name,
    siteId: row.site_id,
    siteName: row.site_name,
    name: row.name,
    herb: row.herb,
    part: row.part,
    residue: row.residue,
    stage: row.stage,
    state: row.state,
    confidential: visible('byproduct_streams', 'tonnes_per_year', clearance),
    ...fields,
    ...(assays ? { assays: { ...assays } } : {}),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** One month of a stream. */
export function presentRecord(r: RecordRow) {
  return {
    period: r.period,
    generatedT: Number(r.generated_t),
    utilised: Object.fromEntries(Object.entries(MODE_COLUMNS).map(([m, c]) => [m, Number(r[c])])),
    disposed: Object.fromEntries(Object.entries(ROUTE_COLUMNS).map(([m, c]) => [m, Number(r[c])])),
    valueCreatedYuan: Number(r.value_created_yuan),
    disposalCostYuan: Number(r.disposal_cost_yuan),
  };
}

/** A firm's declared inputs for a period. */
export function presentFirmInputs(r: FirmInputRow) {
  return {
    period: r.period,
    virginFeedstockT: Number(r.virgin_feedstock_t),
    recycledFeedstockT: Number(r.recycled_feedstock_t),
    reusedFeedstockT: Number(r.reused_feedstock_t),
    recycledFeedstockEfficiency: num(r.recycled_feedstock_efficiency),
    productRecycledFraction: Number(r.product_recycled_fraction),
    productReusedFraction: Number(r.product_reused_fraction),
    recyclingEfficiency: num(r.recycling_efficiency),
    utility: num(r.utility),
    note: r.note,
    updatedAt: r.updated_at.toISOString(),
  };
}
export type FirmInputsView = ReturnType<typeof presentFirmInputs>;

/** A stream as the viewer may see it (the classification of its columns by the viewer's clearance). */
export function presentStreamFor(viewer: Viewer, row: StreamWithOwner): StreamView {
  return presentStream(row, streamClearance(viewer, ownerOf(row)));
}

export function presentStreamList(viewer: Viewer, list: { rows: StreamWithOwner[]; total: number }) {
  return { items: list.rows.map((r) => presentStreamFor(viewer, r)), total: list.total };
}
