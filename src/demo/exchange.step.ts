/**
 * Demo step of the by-product exchange (issue 12): two years of the market in the demo park and
 * the nearby cities, replayed in memory by the exchange's own rules (`MarketHistory`: no listing
 * exceeds its stream's declared generation in its window, grades come from the stored standards,
 * every match and re-optimisation is the match service's plan) and written with one insert per
 * table, so the step takes a second or two rather than the minute that a service call per act took:
 *
 * - standing demands of the utilisers (fertiliser, mushroom substrate, feed, fibreboard, biogas,
 *   functional ingredients), with prices per grade and capacities per month, revised each quarter
 *   (the old demand closes, the new one carries the season's prices);
 * - per quarter, monthly listings of about half of each stream's generation in the quarter's
 *   leanest month (harvest-season streams list much more in autumn), a few one-off lots, some
 *   anonymised or park-only, reserve prices following the season; then the platform's matching of
 *   the whole market (park and nearby towns), most proposals accepted by both sides (contracts with
 *   weekly collections, as wet residue spoils within days), a few declined (re-optimised);
 *   deliveries up to last week recorded as received. Prices are lower after the harvest, so the
 *   weekly price index, published in nearly every week, shows the season;
 * - a service contract of the park's environmental services firm collecting from three firms,
 *   one of which gets its residue back as organic fertiliser (a loop back).
 *
 * GENERATED demo facts: prices, assays and choices come from a seeded generator; they are
 * plausible for 亳州 in 2024–2026 but are not market data.
 */
import type { Trx } from '../db/database';
import { systemServiceContext } from '../platform/viewer';
import { listStreams } from '../modules/byproducts';
import { classifyStream, monthlyQuantities, seededRandom } from '../modules/byproducts/engine';
import { toEngineStream } from '../modules/byproducts';
import { createServiceContract, MarketHistory } from '../modules/exchange';
import { chinaDate } from '../modules/exchange/engine/listing';
import type { DemoStep } from './step';

const ctx = systemServiceContext('demo');
const SEED = 20260412;

type Cls = 'cellulose-rich' | 'biomacromolecule-rich' | 'lipid-rich' | 'bioactive-small-molecule-rich';

/** The utilisers' standing demands (GENERATED). */
const DEMANDS: { org: string; title: string; accepts: Cls[]; minGrade: 'A' | 'B' | 'C'; prices: { A?: number; B?: number; C?: number }; capacity: number; maxKm: number }[] = [
  { org: 'BZ-UTL-LVYUAN', title: '有机肥原料：各类药渣', accepts: ['cellulose-rich', 'biomacromolecule-rich', 'bioactive-small-molecule-rich'], minGrade: 'C', prices: { A: 260, B: 200, C: 140 }, capacity: 600, maxKm: 80 },
  { org: 'BZ-UTL-JUNXIANG', title: '食用菌栽培基质用纤维药渣', accepts: ['cellulose-rich'], minGrade: 'B', prices: { A: 330, B: 250 }, capacity: 300, maxKm: 120 },
  { org: 'BZ-UTL-FENGMU', title: '饲料蛋白原料（发酵用）', accepts: ['biomacromolecule-rich', 'lipid-rich'], minGrade: 'B', prices: { A: 420, B: 310 }, capacity: 240, maxKm: 60 },
  { org: 'BZ-UTL-SENDA', title: '纤维板用干燥药渣', accepts: ['cellulose-rich'], minGrade: 'A', prices: { A: 380 }, capacity: 150, maxKm: 50 },
  { org: 'BZ-UTL-ZHAONENG', title: '沼气发酵原料', accepts: ['cellulose-rich', 'biomacromolecule-rich', 'lipid-rich', 'bioactive-small-molecule-rich'], minGrade: 'C', prices: { A: 120, B: 100, C: 80 }, capacity: 800, maxKm: 40 },
  { org: 'BZ-UTL-BENYUAN', title: '功能成分二次提取原料', accepts: ['bioactive-small-molecule-rich', 'lipid-rich'], minGrade: 'B', prices: { A: 650, B: 480 }, capacity: 100, maxKm: 100 },
];

/** Assays of a pressed, dried lot of a class (GENERATED), around grade B with some A and C. */
function lotAssays(cls: Cls, rand: () => number): Record<string, number> {
  const r = (lo: number, hi: number) => Math.round((lo + (hi - lo) * rand()) * 10) / 10;
  switch (cls) {
    case 'cellulose-rich':
      return { moisture: r(10, 45), crudeFibre: r(28, 46), ash: r(5, 13) };
    case 'biomacromolecule-rich':
      return { moisture: r(10, 40), crudeProtein: r(10, 24), ash: r(6, 16) };
    case 'lipid-rich':
      return { moisture: r(8, 30), crudeFat: r(6, 18) };
    case 'bioactive-small-molecule-rich':
      return { moisture: r(8, 40), ash: r(6, 16) };
  }
}

/**
 * Price level of the residue market by calendar month (GENERATED): residue is scarce before the
 * harvest and plentiful after it (most roots and rhizomes are dug and processed September to
 * December), so utilisers offer and firms ask less in autumn.
 */
const SEASON = [1.12, 1.12, 1.1, 1.06, 1.04, 1.0, 0.97, 0.95, 0.92, 0.88, 0.86, 0.9];

const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const quarterStart = (year: number, q: number) => new Date(Date.UTC(year, q * 3, 1)).toISOString().slice(0, 10);
/** 09:00 China time of a date: the instant a demo act happens. */
const at = (date: string) => new Date(`${date}T01:00:00Z`);

export const exchangeStep: DemoStep = {
  id: 'exchange',
  name: 'exchange: two years of listings, demands, matching, proposals, contracts and deliveries',
  async load(trx: Trx, report) {
    const rand = seededRandom(SEED);
    const now = new Date();
    const today = chinaDate(now);
    // Eight full quarters before the current one, then the current quarter (open market).
    const day = new Date(`${today}T00:00:00Z`);
    const currentQ = Math.floor(day.getUTCMonth() / 3);
    const quarters: { start: string; end: string }[] = [];
    for (let k = 8; k >= 0; k--) {
      const idx = day.getUTCFullYear() * 4 + currentQ - k;
      quarters.push({ start: quarterStart(Math.floor(idx / 4), idx % 4), end: addDays(quarterStart(Math.floor((idx + 1) / 4), (idx + 1) % 4), -1) });
    }
    const first = quarters[0]!.start;

    // The market is replayed in memory by the exchange's own rules and written in bulk at the end.
    const history = await MarketHistory.open(trx, ctx);
    let standing: string[] = [];

    const { rows: streams } = await listStreams(trx, ctx, {});
    const usable = streams.filter((s) => s.organisation_type === 'manufacturer' && s.state !== 'gas');

    for (const [qi, { start: qStart, end: qEnd }] of quarters.entries()) {
      report(qi, quarters.length + 1);
      const listedAt = at(addDays(qStart, -5));
      const season = SEASON[Number(qStart.slice(5, 7)) - 1]!;
      // The utilisers revise their standing demands' prices each quarter: the old one closes, the new one stays open.
      for (const id of standing) history.closeDemand(id, listedAt);
      standing = DEMANDS.map((d) =>
        history.addDemand(
          {
            organisation: d.org,
            title: d.title,
            accepts: d.accepts,
            minGrade: d.minGrade,
            prices: Object.fromEntries(Object.entries(d.prices).map(([g, p]) => [g, Math.round(p * season)])),
            capacityPerMonth: d.capacity,
            maxDistanceKm: d.maxKm,
            windowStart: addDays(qStart, -5),
            windowEnd: null,
          },
          listedAt,
        ),
      );
      for (const s of usable) {
        if (rand() < 0.2) continue;
        const engine = toEngineStream(s);
        const monthly = monthlyQuantities(engine);
        const months = [0, 1, 2].map((k) => (Number(qStart.slice(5, 7)) - 1 + k) % 12);
        const leanest = Math.min(...months.map((m) => monthly[m]!));
        const cls = classifyStream(engine).classes[0]?.class;
        if (!cls || leanest <= 0.5) continue;
        const oneOff = rand() < 0.15;
        const share = 0.35 + 0.3 * rand();
        const total = months.reduce((a, m) => a + monthly[m]!, 0);
        const tonnes = Math.round((oneOff ? total * share : leanest * share) * 10) / 10;
        if (tonnes <= 0) continue;
        const v = rand();
        // A lot below grade C of the standard is not offered (the firm keeps its usual disposal).
        history.addListing(
          {
            stream: s.id,
            class: cls,
            quantityKind: oneOff ? 'one-off' : 'monthly',
            tonnes,
            windowStart: qStart,
            windowEnd: qEnd,
            assays: lotAssays(cls, rand),
            reservePrice: rand() < 0.3 ? null : Math.round((20 + 60 * rand()) * season),
            deliveryTerms: rand() < 0.8 ? 'ex-works' : 'delivered',
            visibility: v < 0.7 ? 'public' : v < 0.85 ? 'park' : 'anonymised',
          },
          listedAt,
        );
      }

      // The platform matches the whole market (the park's firms and those of the nearby towns) once a quarter.
      history.match(null, at(qStart));
      // Rounds: a decline re-optimises, which may propose new pairs; those are decided in the next round.
      const seen = new Set<string>();
      for (let round = 0; round < 4; round++) {
        const fresh = history.pendingProposals().filter((p) => !seen.has(p.id));
        if (fresh.length === 0) break;
        for (const p of fresh) {
          seen.add(p.id);
          const roll = rand();
          const decidedAt = at(addDays(qStart, 1 + round + Math.floor(rand() * 3)));
          if (roll >= 0.12 && roll < 0.3 && qi === quarters.length - 1) continue; // still open in the current quarter
          // A decline earlier in the round may have re-optimised and superseded this one ('illegal').
          if (roll < 0.12) {
            history.decide(p.id, 'declined', rand() < 0.5 ? 'seller' : 'buyer', decidedAt);
            continue;
          }
          // Wet residue spoils within days: the parties agree weekly collection.
          if (history.decide(p.id, 'accepted', 'seller', decidedAt) === 'done') history.decide(p.id, 'accepted', 'buyer', decidedAt, 'weekly');
        }
      }
      history.closeEndedListings(qEnd < today ? addDays(qEnd, 1) : today, at(qEnd < today ? addDays(qEnd, 1) : today));
    }

    // Deliveries up to last week were received, a little off the plan as real loads are.
    const lastWeek = addDays(today, -7);
    // Weekly collections come on their day; a monthly load may come a day or two late.
    const weight = (planned: number) => Math.round(planned * (0.93 + 0.09 * rand()) * 100) / 100;
    const receive = (d: { plannedOn: string; plannedTonnes: number }) => ({ tonnes: weight(d.plannedTonnes), on: d.plannedOn });
    const receiveMonthly = (d: { plannedOn: string; plannedTonnes: number }) => ({ tonnes: weight(d.plannedTonnes), on: addDays(d.plannedOn, Math.floor(rand() * 3)) });
    history.receiveDeliveries(lastWeek, receive, now);
    report(quarters.length, quarters.length + 1);
    await history.write(trx);

    // The park's environmental services firm collects from three firms; Huatuo's residue returns to it as organic fertiliser.
    const service = await createServiceContract(
      trx,
      ctx,
      {
        provider: 'BZ-SVC-QINGYUAN',
        clients: [
          { organisation: 'BZ-MFR-HUATUO', tonnesPerMonth: 25, loopBack: true },
          { organisation: 'BZ-MFR-JIUZHOU', tonnesPerMonth: 12 },
          { organisation: 'BZ-MFR-KANGYANG', tonnesPerMonth: 6 },
        ],
        priceSchedule: [
          { upToTonnesPerMonth: 10, pricePerTonne: 160 },
          { upToTonnesPerMonth: 20, pricePerTonne: 130 },
          { upToTonnesPerMonth: null, pricePerTonne: 110 },
        ],
        pricePayer: 'seller',
        loadType: 'bulk',
        deliveryTerms: 'ex-works',
        startsOn: addDays(first, 14),
        endsOn: addDays(today, 365),
        terms: '清源环境按月上门收运药渣，经堆肥处理后制成有机肥；华佗本草按约定价回购有机肥用于自有种植基地。',
        loopProduct: '药渣堆肥有机肥（回用于华佗本草黄芪种植基地）',
      },
      at(first),
    );
    await history.receiveStored(trx, service.id, lastWeek, receiveMonthly, now);
    report(quarters.length + 1, quarters.length + 1);
  },
};
