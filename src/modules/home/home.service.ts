/**
 * The home page of every organisation type (issue 11): "what needs me today", composed from the
 * other modules through their public entry points, each applying its own policy, for the
 * viewer's own organisation, region and park.
 */
import type { Executor } from '../../db/database';
import type { Actor } from '../../platform/actor';
import { errors } from '../../platform/errors';
import { permit } from '../../platform/policy-rules';
import type { ActorViewer, ServiceContext } from '../../platform/viewer';
import { accountsPolicy, findingCounts, regionIndicators, regionsWithAccounts } from '../accounts';
import { auditActivity, auditPolicy } from '../audit';
import { countRegionModels } from '../balance';
import { bulletinsPolicy, deliveryCounts } from '../bulletins';
import { figures, listStreams, parkReporting, regionStreamOffer } from '../byproducts';
import { dashboardSummary } from '../dashboard';
import { findOrganisation, findPark, findRegion, type RegionRow } from '../organisations';
import { ownReportStatus, reportingPolicy, submissionBoard } from '../reporting';
import { workingCaseCounts } from '../warnings';
import { homePolicy } from './home.policy';
import * as present from './home.presenter';
import { productStanding } from './home.products';
import type { HomeSection, HomeView } from './home.schema';

type Ctx = ServiceContext & { viewer: ActorViewer };

/** The calendar in UTC, as the by-product records and reports count it. */
function periods(now: Date) {
  const ym = (d: Date) => d.toISOString().slice(0, 7);
  return {
    now,
    today: now.toISOString().slice(0, 10),
    thisMonth: ym(now),
    lastMonth: ym(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1))),
    thisYear: String(now.getUTCFullYear()),
    lastYear: String(now.getUTCFullYear() - 1),
  };
}
type Periods = ReturnType<typeof periods>;

async function regionOrThrow(db: Executor, code: string): Promise<RegionRow> {
  const region = await findRegion(db, code);
  if (!region) throw errors.notFound('Region', code);
  return region;
}

/** A county's city: by-product partners are found across the city, not only the county. */
const cityOf = (code: string) => (code.endsWith('00') ? code : `${code.slice(0, 4)}00`);

async function manufacturerSections(db: Executor, ctx: Ctx, a: Actor, p: Periods): Promise<HomeSection[]> {
  const { rows } = await listStreams(db, ctx, { organisation: a.organisationId });
  const streams = await Promise.all(rows.map(async (s) => ({ code: s.code, name: s.name, figures: await figures(db, ctx, { scope: 'stream', id: s.id, period: p.thisMonth }, p.now) })));
  const own = await productStanding(db, ctx.viewer, (owner) => owner === a.organisationId);
  const products = own.products.length > 0 ? present.productsSection(own, 'own') : present.productsSection(await productStanding(db, ctx.viewer, (owner) => owner === null), 'reference');
  return [
    present.streamsSection(p.thisMonth, streams),
    products,
    present.warningCasesSection(await workingCaseCounts(db, ctx.viewer)),
    { kind: 'ownReport', ...(await ownReportStatus(db, ctx, { organisationId: a.organisationId, regionCode: a.regionCode }, p.lastYear)) },
  ];
}

async function regionAccounts(db: Executor, ctx: Ctx, region: RegionRow): Promise<HomeSection> {
  const withAccounts = await regionsWithAccounts(db, ctx);
  const places = withAccounts.map((r) => present.placeOf({ code: r.region_code, name_zh: r.name_zh, name_en: r.name_en }));
  if (!withAccounts.some((r) => r.region_code === region.code)) return { kind: 'regionAccounts', region: present.placeOf(region), latest: null, regionsWithAccounts: places };
  const { indicators, yearOnYear } = await regionIndicators(db, ctx, region.code, {}, 'primaryEquivalent', 'region');
  const last = indicators[indicators.length - 1]!;
  const change = yearOnYear.find((y) => y.year === last.year);
  return {
    kind: 'regionAccounts',
    region: present.placeOf(region),
    latest: { year: last.year, productivityDmc: last.productivityDmc, productivityChange: change?.productivityChange ?? null, circularMaterialUseRate: last.circularMaterialUseRate },
    regionsWithAccounts: places,
  };
}

async function findings(db: Executor, ctx: Ctx, region: RegionRow): Promise<HomeSection[]> {
  if (!accountsPolicy.readFindings(ctx.viewer, region.code)) return [];
  return [present.findingsSection(region, await findingCounts(db, ctx, region.code))];
}

async function sectionsFor(db: Executor, ctx: Ctx, a: Actor, region: RegionRow, p: Periods): Promise<HomeSection[]> {
  const { now } = p;
  switch (a.organisationType) {
    case 'manufacturer':
      return manufacturerSections(db, ctx, a, p);
    case 'supply-monitor':
      return [present.warningCasesSection(await workingCaseCounts(db, ctx.viewer)), present.productsSection(await productStanding(db, ctx.viewer), 'nearest')];
    case 'park-admin': {
      const park = a.parkId ? await findPark(db, a.parkId) : undefined;
      if (!park) return present.circularitySection('region', region, await figures(db, ctx, { scope: 'region', id: region.code, period: p.thisYear }, now));
      return [
        ...present.circularitySection('park', park, await figures(db, ctx, { scope: 'park', id: park.id, period: p.thisYear }, now)),
        present.unreportedFirmsSection(await parkReporting(db, ctx, park.id, p.lastMonth)),
      ];
    }
    case 'regulator':
      return [
        ...present.circularitySection('region', region, await figures(db, ctx, { scope: 'region', id: region.code, period: p.thisYear }, now)),
        present.warningCasesSection(await workingCaseCounts(db, ctx.viewer)),
        { kind: 'balanceModels', region: present.placeOf(region), ...(await countRegionModels(db, ctx, region.code)) },
        ...(await findings(db, ctx, region)),
        await regionAccounts(db, ctx, region),
      ];
    case 'statistics-office': {
      const board = reportingPolicy.board(ctx.viewer, region.code) ? await submissionBoard(db, ctx, region.code, p.lastYear) : null;
      return [
        ...(board ? [{ kind: 'reportingBoard' as const, region: present.placeOf(region), period: board.period, firms: board.firms.length, counts: board.counts }] : []),
        ...(await findings(db, ctx, region)),
        await regionAccounts(db, ctx, region),
      ];
    }
    case 'utilizer':
    case 'transporter':
    case 'service-provider': {
      const city = await regionOrThrow(db, cityOf(region.code));
      return [
        present.streamOfferSection(city, await regionStreamOffer(db, ctx, city.code)),
        { kind: 'ownReport', ...(await ownReportStatus(db, ctx, { organisationId: a.organisationId, regionCode: a.regionCode }, p.lastYear)) },
      ];
    }
    case 'platform-admin': {
      const counts = await dashboardSummary(db, ctx.viewer);
      const deliveries = bulletinsPolicy.manageSubscriptions(ctx.viewer) ? await deliveryCounts(db, ctx) : null;
      const audit = auditPolicy.readAll(ctx.viewer) ? await auditActivity(db, ctx, new Date(now.getTime() - 7 * 86_400_000)) : null;
      return [
        {
          kind: 'platform',
          organisations: counts.organisations,
          users: counts.users,
          sites: counts.sites,
          parks: counts.parks,
          deliveries: { pending: deliveries?.pending ?? 0, failed: deliveries?.failed ?? 0 },
          audit: audit ?? { since: new Date(now.getTime() - 7 * 86_400_000).toISOString(), entries: 0, actors: 0 },
        },
        present.warningCasesSection(await workingCaseCounts(db, ctx.viewer)),
      ];
    }
  }
}

/** The viewer's home page for `now` (its organisation's type decides the sections). */
export async function homeFor(db: Executor, ctx: Ctx, now: Date): Promise<HomeView> {
  permit(ctx.viewer, homePolicy.read(ctx.viewer));
  const a = ctx.viewer.actor;
  const p = periods(now);
  const [org, region, park] = await Promise.all([findOrganisation(db, a.organisationId), regionOrThrow(db, a.regionCode), a.parkId ? findPark(db, a.parkId) : undefined]);
  if (!org) throw errors.notFound('Organisation', a.organisationId);
  return {
    organisationType: a.organisationType,
    organisation: { id: org.id, nameZh: org.name_zh, nameEn: org.name_en },
    region: present.placeOf(region),
    park: park ? { id: park.id, code: park.code, nameZh: park.name_zh, nameEn: park.name_en } : null,
    today: p.today,
    sections: await sectionsFor(db, ctx, a, region, p),
  };
}
