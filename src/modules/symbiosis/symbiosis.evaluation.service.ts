import type { Executor, Trx } from '../../db/database';
import { recordAudit } from '../../platform/audit';
import { AppError, errors } from '../../platform/errors';
import { permit } from '../../platform/policy-rules';
import { actorOf, type ServiceContext } from '../../platform/viewer';
import { regionIndicators } from '../accounts';
import { figures as byproductFigures } from '../byproducts';
import { findRegion, listParks } from '../organisations';
import { currentYear, figuresOf } from './symbiosis.map.service';
import { buildParkNetwork, resolvePark } from './symbiosis.network.service';
import { symbiosisPolicy } from './symbiosis.policy';
import * as repo from './symbiosis.repository';
import type { EvaluationView } from './symbiosis.schema';
import type { ComputedFigure, IndicatorDefinition, IndicatorScope, IndicatorSystemRow } from './symbiosis.tables';
import type { z } from 'zod';
import type { reviseSystemBody, valueBody } from './symbiosis.schema';

/**
 * Park and region evaluation on the indicator systems (HJ 274, NDRC, herbloop's own): values
 * computed from the platform's data where an indicator names a platform figure (`computedFrom`),
 * else the values offices entered, each with its source; scores over the years and the other
 * parks of the region as aggregates (how many indicators each meets).
 */

/** A computed value with its source in English (API, CLI) and as a code with parameters (the web's texts). */
type Source = { source: string; sourceCode: string; sourceParams: Record<string, string | number> };
type Computed = Map<ComputedFigure, { value: number | null } & Source>;

/** The platform figures of a park and year that indicators may name in `computedFrom`. */
async function computedFigures(db: Executor, ctx: ServiceContext, park: Awaited<ReturnType<typeof resolvePark>>, year: number, now: Date): Promise<Computed> {
  const out: Computed = new Map();
  const bp = await byproductFigures(db, ctx, { scope: 'park', id: park.parkId, period: String(year) }, now);
  const f = bp.figures;
  const src: Source = { source: `herbloop by-product records ${year} (${bp.estimatedRecords} months estimated from declarations)`, sourceCode: 'byproduct-records', sourceParams: { year, estimated: bp.estimatedRecords } };
  if (f) {
    out.set('byproduct-utilisation-rate', { value: f.utilisationRate === null ? null : f.utilisationRate * 100, ...src });
    out.set('byproduct-value', { value: f.valueCreatedYuan, ...src });
    out.set('co2e-avoided', { value: f.co2eAvoidedT, ...src });
    const harmless = f.disposalMix?.['harmless-treatment'];
    if (harmless) out.set('harmless-disposal-share', { value: harmless.share === null ? null : harmless.share * 100, ...src });
  }
  const months = bp.streams * 12;
  if (months > 0) out.set('data-completeness', { value: Math.max(0, Math.min(100, (1 - bp.estimatedRecords / months) * 100)), source: `share of stream-months reported in ${year}`, sourceCode: 'reported-months', sourceParams: { year } });

  const network = await buildParkNetwork(db, park, year);
  const material = figuresOf(network, 'material', 'actual');
  if (material) out.set('symbiosis-links', { value: material.summary.links, source: `links of the park's delivered by-product network ${year}`, sourceCode: 'delivered-network', sourceParams: { year } });
  const inside = new Set(network.nodes.filter((n) => n.inside).map((n) => n.id));
  const share = (kind: 'energy' | 'water') => {
    const flows = network.flows.filter((x) => x.kind === kind && x.basis === 'actual');
    const total = flows.reduce((a, x) => a + x.quantity, 0);
    const local = flows.filter((x) => x.from !== null && x.to !== null && inside.has(x.from) && inside.has(x.to)).reduce((a, x) => a + x.quantity, 0);
    return { total, local };
  };
  const water = share('water');
  if (water.total > 0) out.set('water-reuse', { value: water.local, source: `water flows declared by the park ${year}`, sourceCode: 'declared-water', sourceParams: { year } });
  const energy = share('energy');
  if (energy.total > 0) out.set('energy-cascade-share', { value: (energy.local / energy.total) * 100, source: `energy flows declared by the park ${year}`, sourceCode: 'declared-energy', sourceParams: { year } });

  // Resource productivity is a region's figure (material-flow accounts): the park's county, else its city.
  for (const region of [park.regionCode, `${park.regionCode.slice(0, 4)}00`]) {
    try {
      const acc = await regionIndicators(db, ctx, region, { from: year, to: year }, 'tonnes', 'region');
      const row = acc.indicators.find((i) => i.year === year);
      if (row) {
        out.set('resource-productivity', { value: row.productivityDmc, source: `herbloop material-flow accounts of ${region}, ${year}`, sourceCode: 'accounts', sourceParams: { region, year } });
        break;
      }
    } catch (error) {
      // No accounts for that region and year: the value is entered instead.
      if (!(error instanceof AppError)) throw error;
    }
  }
  return out;
}

const meets = (d: IndicatorDefinition, value: number | null) => (value === null || d.threshold === null ? null : d.direction === 'higher' ? value >= d.threshold : value <= d.threshold);

export async function parkEvaluation(db: Executor, ctx: ServiceContext, parkText: string, span: { from?: number | undefined; to?: number | undefined }, now: Date = new Date()): Promise<EvaluationView> {
  const park = await resolvePark(db, parkText);
  permit(ctx.viewer, symbiosisPolicy.readEvaluation(ctx.viewer));
  const to = span.to ?? currentYear(now);
  const from = span.from ?? to - 2;
  if (from > to || to - from > 10) throw errors.validation('Choose at most 11 years, from ≤ to.', [{ field: 'from', message: 'must be ≤ to and at most 10 years before it', code: 'symbiosis.badSpan' }]);
  const years = Array.from({ length: to - from + 1 }, (_, k) => from + k);
  const systems = await repo.currentIndicatorSystems(db);
  const regionId = park.regionCode;
  const values = [...(await repo.indicatorValues(db, { type: 'park', ids: [park.parkId] })), ...(await repo.indicatorValues(db, { type: 'region', ids: [regionId] }))];
  const computed = new Map<number, Computed>();
  for (const y of years) computed.set(y, await computedFigures(db, ctx, park, y, now));

  const systemViews = systems.map((s) => ({
    code: s.code,
    version: s.version,
    scope: s.scope,
    edition: s.edition,
    nameZh: s.name_zh,
    nameEn: s.name_en,
    indicators: s.indicators.map((d) => ({
      ...d,
      scores: years.map((y) => {
        const entered = values.find((v) => v.system_code === s.code && v.indicator === d.code && v.year === y && v.subject_type === s.scope);
        if (entered) return { year: y, value: Number(entered.value), origin: 'entered' as const, source: entered.source, sourceCode: null, sourceParams: {}, meetsThreshold: meets(d, Number(entered.value)) };
        const c = d.computedFrom !== null && s.scope === 'park' ? computed.get(y)?.get(d.computedFrom) : undefined;
        if (c) return { year: y, value: c.value, origin: 'computed' as const, source: c.source, sourceCode: c.sourceCode, sourceParams: c.sourceParams, meetsThreshold: meets(d, c.value) };
        return { year: y, value: null, origin: 'entered' as const, source: '', sourceCode: null, sourceParams: {}, meetsThreshold: null };
      }),
    })),
  }));

  // Other parks of the region: aggregates only (how many indicators with a threshold each met, from entered values).
  const others = (await listParks(db)).filter((p) => p.id !== park.parkId && p.region_code.slice(0, 4) === park.regionCode.slice(0, 4));
  const otherValues = await repo.indicatorValues(db, { type: 'park', ids: others.map((p) => p.id) });
  const defs = new Map(systems.filter((s) => s.scope === 'park').flatMap((s) => s.indicators.map((d) => [`${s.code}/${d.code}`, d] as const)));
  const comparison = others.flatMap((p) => {
    const mine = otherValues.filter((v) => v.subject_id === p.id);
    const latest = Math.max(...mine.map((v) => v.year));
    if (!Number.isFinite(latest)) return [];
    const rows = mine.filter((v) => v.year === latest);
    const met = rows.filter((v) => meets(defs.get(`${v.system_code}/${v.indicator}`) ?? { direction: 'higher', threshold: null } as IndicatorDefinition, Number(v.value)) === true).length;
    return [{ park: { id: p.id, code: p.code, nameZh: p.name_zh, nameEn: p.name_en, regionCode: p.region_code }, year: latest, met, withValue: rows.length }];
  });
  return { subjectType: 'park', subject: { id: park.parkId, nameZh: park.nameZh, nameEn: park.nameEn }, years, systems: systemViews, comparison: comparison.map((c) => ({ ...c, park: { ...c.park } })) };
}

export async function enterValue(trx: Trx, ctx: ServiceContext, body: z.infer<typeof valueBody>) {
  const system = (await repo.currentIndicatorSystems(trx)).find((s) => s.code === body.system);
  if (!system) throw errors.validation(`Unknown indicator system ${body.system}.`, [{ field: 'system', message: 'unknown indicator system', code: 'symbiosis.unknownSystem' }]);
  if (system.scope !== body.subjectType) throw errors.validation('The system evaluates another kind of subject.', [{ field: 'subjectType', message: `must be ${system.scope} for ${system.code}`, code: 'symbiosis.wrongScope' }]);
  if (!system.indicators.some((d) => d.code === body.indicator)) throw errors.validation('Unknown indicator.', [{ field: 'indicator', message: `is not an indicator of ${system.code}`, code: 'symbiosis.unknownIndicator' }]);
  let subjectId: string;
  if (body.subjectType === 'park') {
    const park = await resolvePark(trx, body.subject).catch((error: unknown) => {
      if (error instanceof AppError && error.code === 'not_found') throw errors.validation('Unknown park.', [{ field: 'subject', message: 'unknown park', code: 'symbiosis.unknownPark' }]);
      throw error;
    });
    permit(ctx.viewer, symbiosisPolicy.enterParkValue(ctx.viewer, park.parkId), 'Only the park administration enters its park’s values.');
    subjectId = park.parkId;
  } else {
    if (!(await findRegion(trx, body.subject))) throw errors.validation('Unknown region.', [{ field: 'subject', message: 'unknown region code', code: 'symbiosis.unknownRegion' }]);
    permit(ctx.viewer, symbiosisPolicy.enterRegionValue(ctx.viewer, body.subject), 'Only regulators and statistics offices of the region enter its values.');
    subjectId = body.subject;
  }
  const actor = actorOf(ctx.viewer);
  const row = await repo.upsertIndicatorValue(trx, {
    system_code: system.code,
    indicator: body.indicator,
    subject_type: body.subjectType,
    subject_id: subjectId,
    year: body.year,
    value: body.value,
    source: body.source,
    entered_by_organisation_id: actor?.organisationId ?? null,
    entered_by: actor?.userId ?? null,
  });
  await recordAudit(trx, ctx, { action: 'symbiosis_value.enter', entityType: 'symbiosis_indicator_values', entityId: row.id, organisationId: actor?.organisationId ?? null, after: { ...row } });
  return { system: row.system_code, indicator: row.indicator, subjectType: row.subject_type, subject: row.subject_id, year: row.year, value: Number(row.value), source: row.source };
}

const systemView = (s: IndicatorSystemRow) => ({ code: s.code, version: s.version, scope: s.scope, nameZh: s.name_zh, nameEn: s.name_en, edition: s.edition, indicators: s.indicators, note: s.note, createdAt: s.created_at.toISOString() });

export async function listIndicatorSystems(db: Executor, scope?: IndicatorScope) {
  return { items: (await repo.currentIndicatorSystems(db, scope)).map(systemView) };
}

/** Every version of a system, newest first; an unknown code is a 404. */
export async function indicatorSystemHistory(db: Executor, code: string) {
  const rows = await repo.indicatorSystemVersions(db, code);
  if (rows.length === 0) throw errors.notFound('Indicator system', code);
  return { items: rows.map(systemView) };
}

export async function reviseIndicatorSystem(trx: Trx, ctx: ServiceContext, code: string, body: z.infer<typeof reviseSystemBody>) {
  permit(ctx.viewer, symbiosisPolicy.editIndicatorSystems(ctx.viewer), 'Only platform administrators edit indicator systems.');
  const codes = body.indicators.map((d) => d.code);
  const dup = codes.findIndex((c, i) => codes.indexOf(c) !== i);
  if (dup >= 0) throw errors.validation('An indicator code is repeated.', [{ field: `indicators[${dup}].code`, message: 'is repeated', code: 'symbiosis.duplicateIndicator' }]);
  const last = await repo.lockIndicatorSystem(trx, code);
  const row = await repo.insertIndicatorSystem(trx, {
    code,
    version: (last?.version ?? 0) + 1,
    scope: body.scope,
    name_zh: body.nameZh,
    name_en: body.nameEn,
    edition: body.edition,
    indicators: JSON.stringify(body.indicators),
    note: body.note,
    created_by: actorOf(ctx.viewer)?.userId ?? null,
  });
  await recordAudit(trx, ctx, { action: 'symbiosis_indicator_system.revise', entityType: 'symbiosis_indicator_systems', entityId: `${code}@${row.version}`, organisationId: actorOf(ctx.viewer)?.organisationId ?? null, after: { code, version: row.version, edition: body.edition } });
  return systemView(row);
}
