import type { ClassificationLevel } from '../../platform/classification';
import { visible } from '../../platform/classification';
import type { StreamWithOwner } from './byproducts.repository';
import type { StreamView } from './byproducts.schema';
import { toEngineStream } from './byproducts.service';

/** A stream for a viewer: confidential fields (volumes, assays, handling) only when cleared. */
export function presentStream(row: StreamWithOwner, clearance: ClassificationLevel): StreamView {
  const s = toEngineStream(row);
  const show = (column: Parameters<typeof visible<'byproduct_streams'>>[1]) => visible('byproduct_streams', column, clearance);
  const confidential = show('tonnes_per_year');
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
    confidential,
    ...(show('tonnes_per_year') ? { tonnesPerYear: s.tonnesPerYear } : {}),
    ...(show('seasonality') ? { seasonality: s.seasonality } : {}),
    ...(show('moisture') ? { moisture: s.moisture } : {}),
    ...(show('assays') ? { assays: s.assays as unknown as Record<string, unknown> } : {}),
    ...(show('contamination') ? { contamination: s.contamination } : {}),
    ...(show('hazardous') ? { hazardous: s.hazardous } : {}),
    ...(show('hazardous_code') ? { hazardousCode: s.hazardousCode } : {}),
    ...(show('current_handling') ? { currentHandling: s.currentHandling } : {}),
    ...(show('handling_cost_per_tonne') ? { currentHandlingCostPerTonne: s.currentHandlingCostPerTonne } : {}),
    ...(show('class_override') ? { classOverride: s.classOverride } : {}),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}
