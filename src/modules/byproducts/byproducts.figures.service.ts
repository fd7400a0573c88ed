import type { Executor } from '../../db/database';
import { regionPrefix } from '../../platform/actor';
import { DISCLOSURE_RULE } from '../../platform/disclosure';
import { errors } from '../../platform/errors';
import { permit } from '../../platform/policy-rules';
import type { ServiceContext } from '../../platform/viewer';
import { findOrganisation, findSite, listRegions } from '../organisations';
import { firmBalance, firmMci } from './byproducts.inputs.service';
import { organisationOwner, reportedMonth, toEngineStream } from './byproducts.mapping';
import { byproductsPolicy, type StreamOwnerRef } from './byproducts.policy';
import { findParkRef, resolveOrganisation } from './byproducts.references';
import * as repo from './byproducts.repository';
import type { StreamWithOwner } from './byproducts.repository';
import type { FiguresQuery } from './byproducts.schema';
import { disclosureDecision, disclosureParts, type DisclosureDecision } from './byproducts.disclosure';
import { getStream } from './byproducts.streams.service';
import {
  circularityFigures,
  type CircularityFigures,
  classifyStream,
  EMISSION_FACTORS,
  estimateMissingMonths,
  generationBreakdown,
  monthlyCircularitySeries,
  reportedRecord,
  type ScopeLevel,
  type StreamPeriodRecord,
} from './engine';

/** Circularity figures of a stream, site, firm, park or region for a year or a month. */

type RecordBase = Omit<StreamPeriodRecord, 'generatedT' | 'utilised' | 'disposed'>;

/**
 * The records of a scope for a period: those reported, and for the months a stream has not
 * reported (from its declaration up to the month of `now`) the engine's estimate from its
 * declaration. So a newly declared stream moves its firm's, park's and region's figures at once;
 * the answer counts the estimated months.
 */
async function scopeRecords(db: Executor, streams: StreamWithOwner[], period: string, scopeIds: { region?: string }, now: Date): Promise<{ records: StreamPeriodRecord[]; estimated: number }> {
  const stored = await repo.recordsFor(db, streams.map((s) => s.id), period);
  const reported = new Map<string, Set<string>>();
  for (const r of stored) {
    if (!reported.has(r.stream_id)) reported.set(r.stream_id, new Set());
    reported.get(r.stream_id)!.add(r.period);
  }
  const streamById = new Map(streams.map((s) => [s.id, s]));
  const classOf = new Map(streams.map((s) => [s.id, classifyStream(toEngineStream(s)).classes[0]?.class]));
  const base = (s: StreamWithOwner, p: string): RecordBase => {
    const e = toEngineStream(s);
    const cls = classOf.get(s.id);
    return {
      streamId: s.id,
      siteId: s.site_id,
      firmId: s.organisation_id,
      parkId: s.park_id ?? 'none',
      regionId: scopeIds.region ?? s.region_code,
      period: p,
      ...(e.moisture !== null ? { moisture: e.moisture } : {}),
      state: e.state,
      stage: e.stage,
      ...(cls !== undefined ? { compositionClass: cls } : {}),
      ...(e.assays.cod !== undefined ? { cod: e.assays.cod } : {}),
    };
  };
  const records: StreamPeriodRecord[] = stored.map((r) => reportedRecord(base(streamById.get(r.stream_id)!, r.period), reportedMonth(r)));
  let estimated = 0;
  for (const s of streams) {
    const months = estimateMissingMonths(
      { stream: toEngineStream(s), base: (p) => base(s, p), declared: s.created_at.toISOString().slice(0, 7), reported: reported.get(s.id) ?? new Set<string>() },
      period,
      now,
    );
    estimated += months.length;
    records.push(...months);
  }
  return { records, estimated };
}

const FIRM_FIGURES_REFUSED = 'Figures of a single firm reveal its by-product volumes: confidential. Park and region figures are public.';

/** The figures of a scope and period; months not reported are estimated up to the month of `now`. */
export async function figures(db: Executor, ctx: ServiceContext, query: FiguresQuery, now: Date) {
  permit(ctx.viewer, byproductsPolicy.figures(ctx.viewer, query.scope));
  let streams: StreamWithOwner[];
  let key: string;
  let name: string;
  const level: ScopeLevel = query.scope;
  const scopeIds: { region?: string } = {};
  let firmOwner: StreamOwnerRef | null = null;
  const readable = (owner: StreamOwnerRef) => permit(ctx.viewer, byproductsPolicy.read(ctx.viewer, owner), FIRM_FIGURES_REFUSED);
  switch (query.scope) {
    case 'stream': {
      const s = await getStream(db, ctx, query.id);
      streams = [s];
      key = s.id;
      name = s.name;
      break;
    }
    case 'site': {
      if (!repo.isUuid(query.id)) throw errors.validation('Give the site id.', [{ field: 'id', message: 'must be a site id (uuid)' }]);
      const site = await findSite(db, query.id);
      if (!site) throw errors.notFound('Site', query.id);
      const org = (await findOrganisation(db, site.organisation_id))!;
      readable(organisationOwner(org));
      streams = (await repo.listStreams(db, { siteId: site.id })).rows;
      key = site.id;
      name = `${org.name_zh} ${site.name}`;
      break;
    }
    case 'firm': {
      const org = await resolveOrganisation(db, query.id, 'id');
      firmOwner = organisationOwner(org);
      readable(firmOwner);
      streams = (await repo.listStreams(db, { organisationId: org.id })).rows;
      key = org.id;
      name = org.name_zh;
      break;
    }
    case 'park': {
      const park = await findParkRef(db, query.id);
      if (!park) throw errors.validation(`Unknown park ${query.id}.`, [{ field: 'id', message: `unknown park ${query.id} (give its code)` }]);
      streams = (await repo.listStreams(db, { parkId: park.id })).rows;
      key = park.id;
      name = park.name_zh;
      break;
    }
    case 'region': {
      const region = (await listRegions(db)).find((r) => r.code === query.id);
      if (!region) throw errors.validation(`Unknown region ${query.id}.`, [{ field: 'id', message: `unknown region ${query.id} (give a GB/T 2260 code)` }]);
      streams = (await repo.listStreams(db, { regionPrefix: regionPrefix(region.code) })).rows;
      key = region.code;
      scopeIds.region = region.code;
      name = region.name_zh;
      break;
    }
  }
  const { records, estimated } = await scopeRecords(db, streams, query.period, scopeIds, now);
  const main = circularityFigures(records, level, key, query.period);
  const mci = query.scope === 'firm' ? await firmMci(db, key, query.period, main) : null;
  const series = query.period.length === 4 ? monthlyCircularitySeries(records, level, key, query.period) : [];
  const balance = firmOwner ? await firmBalance(db, ctx, firmOwner, key, query.period, main.generatedT) : { balance: null, balanceReasonCode: null };
  // Park and region figures are public aggregates: disclosure control for viewers not entitled to every firm in them.
  const disclosure =
    query.scope === 'park' || query.scope === 'region'
      ? await disclosureDecision(db, ctx, { level: query.scope, key, streams }, query.period, async (s, year) => (await scopeRecords(db, s, year, {}, now)).records)
      : { exact: true, suppressed: Object.fromEntries(disclosureParts.map((p) => [p, null])) as DisclosureDecision };
  const hidden = disclosure.suppressed;
  const shown = (f: CircularityFigures, detail: boolean) => ({ ...f, utilisedByModeT: detail ? f.utilisedByModeT : null, disposalMix: detail ? f.disposalMix : null });
  return {
    scope: query.scope,
    id: key,
    name,
    period: query.period,
    streams: streams.length,
    estimatedRecords: estimated,
    figures: hidden.figures === null ? shown(main, hidden.modes === null && hidden.routes === null) : null,
    series: hidden.series === null ? series.map((f) => shown(f, hidden.seriesDetail === null)) : [],
    byStage: hidden.byStage === null ? generationBreakdown(records, level, key, query.period, 'stage') : null,
    byClass: hidden.byClass === null ? generationBreakdown(records, level, key, query.period, 'class') : null,
    emissionFactors: EMISSION_FACTORS as unknown as Record<string, unknown>,
    mci,
    ...balance,
    disclosure: { exact: disclosure.exact, suppressed: hidden, rule: { minContributors: DISCLOSURE_RULE.minContributors, dominanceTop: DISCLOSURE_RULE.dominance.top, dominanceShare: DISCLOSURE_RULE.dominance.share } },
  };
}
export type FiguresResult = Awaited<ReturnType<typeof figures>>;
