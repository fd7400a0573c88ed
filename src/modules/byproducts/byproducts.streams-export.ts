import type { Executor } from '../../db/database';
import { visible } from '../../platform/classification';
import { type TableFormat, writeTable } from '../../platform/tabular';
import type { ServiceContext } from '../../platform/viewer';
import { ownerOf, toEngineStream } from './byproducts.mapping';
import { streamClearance } from './byproducts.policy';
import type { ListStreamsQuery } from './byproducts.schema';
import type { ByproductStreamTable } from './byproducts.tables';
import { listStreams } from './byproducts.streams.service';
import type { streamColumns } from './byproducts.streams-import';

/** Streams to CSV/.xlsx in the import format. */

/** At most this many streams in one file (the list's own cap is lower). */
const STREAM_EXPORT_MAX_ROWS = 100_000;

const EXPORT_COLUMNS: { key: keyof typeof streamColumns; column: keyof ByproductStreamTable | null }[] = [
  { key: 'code', column: 'code' },
  { key: 'organisation', column: 'organisation_id' },
  { key: 'site', column: 'site_id' },
  { key: 'name', column: 'name' },
  { key: 'herb', column: 'herb' },
  { key: 'part', column: 'part' },
  { key: 'residue', column: 'residue' },
  { key: 'stage', column: 'stage' },
  { key: 'state', column: 'state' },
  { key: 'tonnesPerYear', column: 'tonnes_per_year' },
  { key: 'moisture', column: 'moisture' },
  { key: 'crudeFibre', column: 'assays' },
  { key: 'crudeProtein', column: 'assays' },
  { key: 'crudeFat', column: 'assays' },
  { key: 'polysaccharides', column: 'assays' },
  { key: 'ash', column: 'assays' },
  { key: 'cod', column: 'assays' },
  { key: 'constituents', column: 'assays' },
  { key: 'contamination', column: 'contamination' },
  { key: 'hazardous', column: 'hazardous' },
  { key: 'hazardousCode', column: 'hazardous_code' },
  { key: 'currentHandling', column: 'current_handling' },
  { key: 'currentHandlingCostPerTonne', column: 'handling_cost_per_tonne' },
  { key: 'seasonality', column: 'seasonality' },
  { key: 'classOverride', column: 'class_override' },
];

/**
 * Exports the streams a list would show, in the import format (so the file round-trips).
 * Cells the viewer is not cleared for (the classification of the column) are left empty.
 */
export async function exportStreams(db: Executor, ctx: ServiceContext, query: Partial<ListStreamsQuery>, format: TableFormat): Promise<Buffer> {
  const { rows } = await listStreams(db, ctx, { ...query, limit: STREAM_EXPORT_MAX_ROWS, offset: 0 });
  const out = rows.map((row) => {
    const clearance = streamClearance(ctx.viewer, ownerOf(row));
    const s = toEngineStream(row);
    const a = s.assays;
    const values: Record<string, unknown> = {
      code: row.code,
      organisation: row.organisation_code,
      site: row.site_name,
      name: row.name,
      herb: s.herb,
      part: s.part,
      residue: s.residue,
      stage: s.stage,
      state: s.state,
      tonnesPerYear: s.tonnesPerYear,
      moisture: s.moisture,
      crudeFibre: a.crudeFibre,
      crudeProtein: a.crudeProtein,
      crudeFat: a.crudeFat,
      polysaccharides: a.polysaccharides,
      ash: a.ash,
      cod: a.cod,
      constituents: Object.entries(a.constituents).map(([k, v]) => `${k}=${v}`).join('; '),
      contamination: s.contamination.join(','),
      hazardous: s.hazardous,
      hazardousCode: s.hazardousCode,
      currentHandling: s.currentHandling,
      currentHandlingCostPerTonne: s.currentHandlingCostPerTonne,
      seasonality: s.seasonality?.join(';') ?? null,
      classOverride: s.classOverride?.join(',') ?? null,
    };
    for (const c of EXPORT_COLUMNS) {
      if (c.column !== null && !visible('byproduct_streams', c.column, clearance)) values[c.key] = null;
    }
    return values;
  });
  return writeTable(EXPORT_COLUMNS.map((c) => ({ key: c.key, header: c.key })), out, format);
}
