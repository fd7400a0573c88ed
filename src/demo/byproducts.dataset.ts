/**
 * Demo step of the by-product module (issue 4): the pathway knowledge base v1.0.0 as its first
 * stored version, and streams for every manufacturer of the demo data set (≥ 60, all stages,
 * states and classes, with assays and current handling) from the engine's seeded generator,
 * with 24 months of records ending last month, so the dashboards show trends and the current
 * month is estimated from the declarations (a newly added stream moves it).
 */
import type { Trx } from '../db/database';
import { recordAudit } from '../platform/audit';
import { systemServiceContext } from '../platform/viewer';
import { defaultPathwayKnowledgeBase, generateDemoSet, type UtilisationMode } from '../modules/byproducts/engine';
import { insertKnowledgeBaseVersion, recordColumns, storeRecords, streamRowColumns } from '../modules/byproducts';
import type { DemoStep } from './step';
import { demoOrganisations } from './platform.dataset';

const ctx = systemServiceContext('demo');
const BYPRODUCTS_DEMO_SEED = 20240101;

/** YYYY-MM of `months` months before the current month. */
function monthsAgo(months: number, now = new Date()): string {
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - months, 1));
  return d.toISOString().slice(0, 7);
}

/** GENERATED demo facts per manufacturer for its declared inputs (MCI). */
const DEMO_FIRM_INPUTS: Record<string, { feedstockPerByproductT: number; recycledShare: number; recycledFeedstockEfficiency: number; productRecycledFraction: number; recyclingEfficiency: number; utility: number | null }> = {
  'BZ-MFR-HUATUO': { feedstockPerByproductT: 1.6, recycledShare: 0, recycledFeedstockEfficiency: 1, productRecycledFraction: 0, recyclingEfficiency: 0.7, utility: null },
  'BZ-MFR-SHAODU': { feedstockPerByproductT: 5, recycledShare: 0, recycledFeedstockEfficiency: 1, productRecycledFraction: 0, recyclingEfficiency: 0.75, utility: null },
  'BZ-MFR-GUOHE': { feedstockPerByproductT: 1.4, recycledShare: 0, recycledFeedstockEfficiency: 1, productRecycledFraction: 0, recyclingEfficiency: 0.65, utility: null },
  'BZ-MFR-YAODU': { feedstockPerByproductT: 1.3, recycledShare: 0.12, recycledFeedstockEfficiency: 0.85, productRecycledFraction: 0, recyclingEfficiency: 0.7, utility: null },
  'BZ-MFR-JIUZHOU': { feedstockPerByproductT: 2, recycledShare: 0, recycledFeedstockEfficiency: 1, productRecycledFraction: 0.05, recyclingEfficiency: 0.7, utility: 1.2 },
  'BZ-MFR-BAISHAO': { feedstockPerByproductT: 4, recycledShare: 0, recycledFeedstockEfficiency: 1, productRecycledFraction: 0, recyclingEfficiency: 0.8, utility: null },
  'BZ-MFR-DANSHEN': { feedstockPerByproductT: 3, recycledShare: 0.05, recycledFeedstockEfficiency: 0.9, productRecycledFraction: 0, recyclingEfficiency: 0.8, utility: null },
};

export const byproductsStep: DemoStep = {
  id: 'byproducts',
  name: 'byproducts: pathway knowledge base, streams of the manufacturers, 24 months of records, declared inputs',
  async load(trx: Trx, report) {
    const kb = defaultPathwayKnowledgeBase();
    const kbRow = await insertKnowledgeBaseVersion(trx, { version: kb.version, data: kb, created_by: null, note: null });
    await recordAudit(trx, ctx, { action: 'pathways.import', entityType: 'pathway_kb_versions', entityId: String(kbRow.id), organisationId: null, after: { version: kb.version, pathways: kb.pathways.length } });

    const manufacturers = demoOrganisations.filter((o) => o.type === 'manufacturer');
    const orgs = await trx
      .selectFrom('organisations as o')
      .innerJoin('sites as s', 's.organisation_id', 'o.id')
      .select(['o.id', 'o.code', 's.id as site_id', 's.created_at'])
      .where('o.code', 'in', manufacturers.map((m) => m.code))
      .orderBy('s.created_at')
      .execute();
    const firstSite = new Map<string, { orgId: string; siteId: string }>();
    for (const o of orgs) if (!firstSite.has(o.code)) firstSite.set(o.code, { orgId: o.id, siteId: o.site_id });

    const set = generateDemoSet({
      seed: BYPRODUCTS_DEMO_SEED,
      manufacturers: manufacturers.map((m) => ({ id: m.code, name: m.nameZh })),
      startPeriod: monthsAgo(24),
      months: 24,
      pathways: kb.pathways,
    });
    report(1, 3);

    const streamRows = set.streams.map((d) => {
      const ref = firstSite.get(d.firmId)!;
      const s = d.stream;
      return {
        code: s.id.replace(/-s(\d+)$/, '-S$1'),
        organisation_id: ref.orgId,
        site_id: ref.siteId,
        name: s.name,
        ...streamRowColumns(s),
      };
    });
    const inserted = await trx.insertInto('byproduct_streams').values(streamRows).returning(['id', 'code']).execute();
    const idOf = new Map(set.streams.map((d, i) => [d.stream.id, inserted[i]!.id]));
    report(2, 3);

    const round = (x: number) => Math.round(x * 1000) / 1000;
    const records = set.records.map((r) => {
      const utilised: Partial<Record<UtilisationMode, number>> = {};
      let value = 0;
      for (const u of r.utilised) {
        utilised[u.mode] = round((utilised[u.mode] ?? 0) + u.tonnes);
        value += u.valueYuan;
      }
      const disposed: Record<string, number> = {};
      let cost = 0;
      for (const d of r.disposed) {
        disposed[d.route] = round((disposed[d.route] ?? 0) + d.tonnes);
        cost += d.costYuan ?? 0;
      }
      return recordColumns(idOf.get(r.streamId)!, r.period, { generatedT: r.generatedT, utilised, disposed, valueCreatedYuan: Math.round(value), disposalCostYuan: Math.round(cost) });
    });
    await storeRecords(trx, records);

    // Declared inputs for the firm MCI: a year's feedstock as a multiple of the by-products it
    // generated that year (GENERATED demo figures). 康养 declares none, so the dashboard shows
    // the MCI as not available with the reason.
    const generatedByFirmYear = new Map<string, number>();
    for (const r of set.records) {
      const key = `${r.firmId}:${r.period.slice(0, 4)}`;
      generatedByFirmYear.set(key, (generatedByFirmYear.get(key) ?? 0) + r.generatedT);
    }
    const inputRows = [];
    for (const [key, generated] of generatedByFirmYear) {
      const [firmCode, year] = key.split(':') as [string, string];
      const facts = DEMO_FIRM_INPUTS[firmCode];
      if (!facts) continue;
      const feedstock = generated * facts.feedstockPerByproductT;
      const recycled = feedstock * facts.recycledShare;
      inputRows.push({
        organisation_id: firstSite.get(firmCode)!.orgId,
        period: year,
        virgin_feedstock_t: Math.round(feedstock - recycled),
        recycled_feedstock_t: Math.round(recycled),
        recycled_feedstock_efficiency: facts.recycledShare > 0 ? facts.recycledFeedstockEfficiency : null,
        product_recycled_fraction: facts.productRecycledFraction,
        recycling_efficiency: facts.recyclingEfficiency,
        utility: facts.utility,
        note: 'demo (generated)',
      });
    }
    if (inputRows.length > 0) await trx.insertInto('byproduct_firm_inputs').values(inputRows).execute();
    await recordAudit(trx, ctx, { action: 'byproduct_stream.import', entityType: 'byproduct_streams', entityId: null, organisationId: null, after: { demo: true, streams: inserted.length, records: records.length } });
    report(3, 3);
  },
};
