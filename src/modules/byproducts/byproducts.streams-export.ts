import type { Executor } from '../../db/database';
import { visible } from '../../platform/classification';
import type { TableFormat } from '../../platform/import/index';
import { writeTable } from '../../platform/table-writer';
import type { ServiceContext } from '../../platform/viewer';
import { ownerOf, STREAM_FIELD_COLUMNS, toEngineStream } from './byproducts.mapping';
import { streamClearance } from './byproducts.policy';
import type { ListStreamsQuery } from './byproducts.schema';
import type { ByproductStreamTable } from './byproducts.tables';
import { listStreams } from './byproducts.streams.service';
import { streamColumns } from './byproducts.streams-import';

/** Streams to CSV/.xlsx in the import format. */

/** At most this many streams in one file (the list's own cap is lower). */
const STREAM_EXPORT_MAX_ROWS = 100_000;

type FileKey = keyof typeof streamColumns;

/**
 * The column each cell of the file comes from, for the viewer's clearance: a stream field's own
 * column (the one mapping), `assays` for the assay cells, and the stream's identity. Export
 * keys follow the import file's columns; tonnesPerMonth is only ever read.
 */
const { assays: _assays, ...FIELD_COLUMNS } = STREAM_FIELD_COLUMNS;
const COLUMN_OF = {
  code: 'code',
  organisation: 'organisation_id',
  site: 'site_id',
  name: 'name',
  ...FIELD_COLUMNS,
  crudeFibre: 'assays',
  crudeProtein: 'assays',
  crudeFat: 'assays',
  polysaccharides: 'assays',
  ash: 'assays',
  cod: 'assays',
  constituents: 'assays',
} as const satisfies Record<Exclude<FileKey, 'tonnesPerMonth'>, keyof ByproductStreamTable>;
const EXPORT_KEYS = (Object.keys(streamColumns) as FileKey[]).filter((k): k is keyof typeof COLUMN_OF => k in COLUMN_OF);

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
    for (const key of EXPORT_KEYS) if (!visible('byproduct_streams', COLUMN_OF[key], clearance)) values[key] = null;
    return values;
  });
  return writeTable(EXPORT_KEYS.map((key) => ({ key, header: key })), out, format);
}
