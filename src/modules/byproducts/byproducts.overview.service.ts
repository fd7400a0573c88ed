/** Counts of streams and of monthly reporting for other modules' overviews (the home page), aggregated in SQL. */
import type { Executor } from '../../db/database';
import { regionPrefix } from '../../platform/actor';
import { errors } from '../../platform/errors';
import { permit } from '../../platform/policy-rules';
import type { ServiceContext } from '../../platform/viewer';
import { byproductsPolicy } from './byproducts.policy';
import { findParkRef } from './byproducts.references';
import * as repo from './byproducts.repository';

export interface ParkReporting {
  parkId: string;
  period: string;
  firmsWithStreams: number;
  /** Firms with at least one stream without a record for the period. */
  missing: { organisationId: string; code: string; name: string; streams: number; reported: number }[];
}

/**
 * Which firms of a park have not reported every stream's month `period` (YYYY-MM). Says only
 * whether a record exists, no volumes: readable by whoever may browse streams.
 */
export async function parkReporting(db: Executor, ctx: ServiceContext, parkRef: string, period: string): Promise<ParkReporting> {
  permit(ctx.viewer, byproductsPolicy.browse(ctx.viewer));
  const park = await findParkRef(db, parkRef);
  if (!park) throw errors.notFound('Park', parkRef);
  const rows = await repo.parkReportingByFirm(db, park.id, period);
  return {
    parkId: park.id,
    period,
    firmsWithStreams: rows.length,
    missing: rows
      .filter((r) => r.reported < r.streams)
      .map((r) => ({ organisationId: r.organisation_id, code: r.organisation_code, name: r.organisation_name, streams: r.streams, reported: r.reported })),
  };
}

export interface RegionStreamOffer {
  region: string;
  streams: number;
  firms: number;
  byState: { state: string; streams: number }[];
}

/** How many by-product streams the firms of a region declare, by physical state (internal figures). */
export async function regionStreamOffer(db: Executor, ctx: ServiceContext, regionCode: string): Promise<RegionStreamOffer> {
  permit(ctx.viewer, byproductsPolicy.browse(ctx.viewer));
  const prefix = regionPrefix(regionCode);
  const [rows, firms] = await Promise.all([repo.regionStreamCounts(db, prefix), repo.regionStreamFirms(db, prefix)]);
  return { region: regionCode, streams: rows.reduce((s, r) => s + r.streams, 0), firms, byState: rows.map((r) => ({ state: r.state, streams: r.streams })) };
}
