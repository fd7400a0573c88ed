import type { Selectable } from 'kysely';
import type { BalanceModelTable } from './balance.tables';
import type { BalanceModelInput } from './balance.schema';
import type { ModelInRegionRow } from './balance.repository';

/** A stored model as the API shows it (the model JSON was validated by the schema on the way in). */
export function presentModel(row: Selectable<BalanceModelTable>) {
  return {
    id: row.id,
    organisationId: row.organisation_id,
    name: row.name,
    model: row.model as BalanceModelInput,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

export function presentRegionModel(r: ModelInRegionRow) {
  return {
    id: r.id,
    name: r.name,
    organisationId: r.organisation_id,
    organisationCode: r.organisation_code,
    organisationName: r.organisation_name,
    region: r.region_code,
    processes: r.processes,
    flows: r.flows,
    period: r.period,
    updatedAt: r.updated_at.toISOString(),
  };
}
