/**
 * Demo step of the supply module: herbs, aliases, specs, markets, ~37 essential patent
 * medicines and GENERATED daily prices 2009-01 → 2026-11.
 *
 * Volume choice (first `npm start` must stay well under 60 s on 2 cores, PGlite): the herbs of
 * the Compound Danshen case (三七, 丹参, 冰片) are priced daily at 4–5 markets; the ~100 other
 * herbs weekly (every Monday) at 2 markets. Weekly ticks keep every reference price fresh (the
 * engine carries a market's price 7 days), so all formulas have daily Y/P series.
 */
import type { Trx } from '../db/database';
import { systemServiceContext } from '../platform/viewer';
import {
  compileFormulas,
  dayToIso,
  formulaCostPerPack,
  generateDemoPriceHistory,
  hashString,
  isoToDay,
  referencePriceSeries,
  type Formula,
} from '../modules/supply/engine';
import { DEFAULT_SPEC, importFormulas, insertObservations, invalidateMonitor, type ObservationColumns } from '../modules/supply';
import {
  DAILY_DEMO_HERBS,
  DEMO_CAP_CALIBRATION_DAY,
  DEMO_FORMULA_SOURCE,
  DEMO_PRICE_FROM,
  DEMO_PRICE_TO,
  demoAliases,
  demoExtraSpecs,
  demoHerbNamesEn,
  demoSpecNamesEn,
  demoFormulas,
  demoHerbs,
  demoMarkets,
} from './supply.dataset';
import type { DemoStep } from './step';

const ctx = systemServiceContext('demo');
const SEED = 42;
const WEEKLY_MARKETS = ['亳州', '安国', '玉林', '成都荷花池', '广州清平'];

function emptyColumns(): ObservationColumns {
  return { herbId: [], specId: [], marketId: [], day: [], price: [], unit: [], pricePerKg: [], status: [], source: [] };
}

export const supplyStep: DemoStep = {
  id: 'supply',
  name: 'supply: herbs, markets, formulas, generated prices 2009–2026',
  async load(trx: Trx, report) {
    const herbRows = await trx
      .insertInto('herbs')
      .values(
        demoHerbs.map((h) => ({
          code: h.code,
          name_zh: h.nameZh,
          name_en: demoHerbNamesEn[h.code] ?? null,
          pinyin: h.pinyin,
          latin_name: h.latin,
          category: h.category,
          cultivation: h.cultivation,
          growth_cycle_years: h.cycleYears,
          producing_areas: h.areas,
          reserves_tonnes: null,
        })),
      )
      .returning(['id', 'name_zh'])
      .execute();
    const herbId = new Map(herbRows.map((r) => [r.name_zh, r.id]));
    await trx
      .insertInto('herb_aliases')
      .values(demoAliases.map(([alias, herb, factor, kind]) => ({ alias, herb_id: herbId.get(herb)!, factor, kind })))
      .execute();
    const specRows = await trx
      .insertInto('herb_specs')
      .values([
        ...demoHerbs.map((h) => ({ herb_id: herbId.get(h.nameZh)!, name: DEFAULT_SPEC, name_en: demoSpecNamesEn[DEFAULT_SPEC] ?? null })),
        ...Object.entries(demoExtraSpecs).flatMap(([herb, specs]) => specs.map((name) => ({ herb_id: herbId.get(herb)!, name, name_en: demoSpecNamesEn[name] ?? null }))),
      ])
      .returning(['id', 'herb_id', 'name'])
      .execute();
    const defaultSpec = new Map(specRows.filter((s) => s.name === DEFAULT_SPEC).map((s) => [s.herb_id, s.id]));
    const marketRows = await trx
      .insertInto('markets')
      .values(demoMarkets.map((m) => ({ code: m.code, name_zh: m.nameZh, name_en: m.nameEn, region_code: m.regionCode })))
      .returning(['id', 'name_zh'])
      .execute();
    const marketId = new Map(marketRows.map((m) => [m.name_zh, m.id]));

    // Generated prices.
    const histories = [
      ...generateDemoPriceHistory({ herbs: [{ herb: '三七' }], from: DEMO_PRICE_FROM, to: DEMO_PRICE_TO, seed: SEED, markets: ['亳州', '安国', '玉林', '成都荷花池', '文山三七市场'] }),
      ...generateDemoPriceHistory({ herbs: [{ herb: '丹参' }, { herb: '冰片' }], from: DEMO_PRICE_FROM, to: DEMO_PRICE_TO, seed: SEED, markets: ['亳州', '安国', '玉林', '成都荷花池'] }),
    ];
    const firstMonday = isoToDay(DEMO_PRICE_FROM) + ((4 - (isoToDay(DEMO_PRICE_FROM) % 7) + 7) % 7); // day 4 (1970-01-05) was a Monday
    for (const h of demoHerbs) {
      if (DAILY_DEMO_HERBS.has(h.nameZh)) continue;
      const k = hashString(h.nameZh) % WEEKLY_MARKETS.length;
      const markets = [0, 1].map((j) => WEEKLY_MARKETS[(k + j) % WEEKLY_MARKETS.length]!);
      const [daily] = generateDemoPriceHistory({ herbs: [{ herb: h.nameZh, basePrice: h.basePrice }], from: DEMO_PRICE_FROM, to: DEMO_PRICE_TO, seed: SEED, markets, missingRate: 0 });
      histories.push({
        ...daily!,
        markets: daily!.markets.map((m) => {
          const keep: number[] = [];
          m.series.days.forEach((d, i) => {
            if ((d - firstMonday) % 7 === 0) keep.push(i);
          });
          return { market: m.market, series: { days: Int32Array.from(keep, (i) => m.series.days[i]!), prices: Float64Array.from(keep, (i) => m.series.prices[i]!) } };
        }),
      });
    }
    const total = histories.reduce((s, h) => s + h.markets.reduce((t, m) => t + m.series.days.length, 0), 0);

    // Formulas, with generated caps calibrated on the generated prices (except real caps).
    const calDay = isoToDay(DEMO_CAP_CALIBRATION_DAY);
    const refAt = new Map<string, number>();
    for (const h of histories) refAt.set(h.herb, referencePriceSeries(h.markets.map((m) => m.series), calDay, 1).prices[0]!);
    const aliasOf = new Map(demoAliases.map(([alias, herb, factor]) => [alias, { herb, factor }]));
    const inputs = demoFormulas.map((f) => {
      const ingredients = f.recipe.split(',').map((part) => {
        const [name, grams] = part.split(':');
        return { herb: name!, amount: Number(grams), unit: 'g' as const };
      });
      let cap = f.cap;
      if (!cap) {
        const engineFormula: Formula = {
          code: f.code,
          name: f.nameZh,
          ingredients: ingredients.map((i) => {
            const a = aliasOf.get(i.herb);
            return { herb: a?.herb ?? i.herb, amount: i.amount, unit: 'g', factor: a?.factor ?? 1 };
          }),
          batchYield: f.batchYield,
          packSize: f.packSize,
          priceCaps: [{ from: DEMO_PRICE_FROM, priceCap: 1 }],
          band: { low: 0.1, high: 0.3 },
        };
        const { herbs, compiled } = compileFormulas([engineFormula]);
        const cost = formulaCostPerPack(compiled[0]!, herbs.map((h) => refAt.get(h)!));
        const target = 0.14 + ((hashString(f.code) % 100) / 100) * 0.12;
        cap = { priceCap: Math.max(0.5, Math.round((cost / target) * 10) / 10), from: DEMO_PRICE_FROM, source: `GENERATED: calibrated so Y/P ≈ ${(target * 100).toFixed(0)} % on ${DEMO_CAP_CALIBRATION_DAY}` };
      }
      return {
        code: f.code,
        nameZh: f.nameZh,
        nameEn: f.nameEn,
        dosageForm: f.dosageForm,
        batchYield: f.batchYield,
        batchUnit: f.batchUnit,
        packSize: f.packSize,
        essential: true,
        generated: f.cap === undefined,
        source: DEMO_FORMULA_SOURCE,
        ingredients,
        priceCaps: [{ from: cap.from, priceCap: cap.priceCap, generated: f.cap === undefined, source: cap.source }],
      };
    });
    await importFormulas(trx, ctx, inputs, { label: 'demo', fieldOf: (i, key) => `formulas.${i}.${key}` });

    // Bulk insert of the price ticks in batches (ISO dates computed once per day, not per tick).
    const day0 = isoToDay(DEMO_PRICE_FROM);
    const isoOf = Array.from({ length: isoToDay(DEMO_PRICE_TO) - day0 + 1 }, (_, i) => dayToIso(day0 + i));
    let done = 0;
    let cols = emptyColumns();
    const flush = async () => {
      await insertObservations(trx, cols);
      done += cols.herbId.length;
      cols = emptyColumns();
      report(done, total);
    };
    for (const h of histories) {
      const hid = herbId.get(h.herb)!;
      const sid = defaultSpec.get(hid)!;
      for (const m of h.markets) {
        const mid = marketId.get(m.market)!;
        const { days, prices } = m.series;
        for (let i = 0; i < days.length; i++) {
          const p = prices[i]!.toFixed(2);
          cols.herbId.push(hid);
          cols.specId.push(sid);
          cols.marketId.push(mid);
          cols.day.push(isoOf[days[i]! - day0]!);
          cols.price.push(p);
          cols.unit.push('元/kg');
          cols.pricePerKg.push(p);
          cols.status.push('ok');
          cols.source.push('demo');
          if (cols.herbId.length === 50_000) await flush();
        }
      }
    }
    await flush();
    // Years of ticks at once: the monitor state is built from them by the first read.
    await invalidateMonitor(trx);
  },
};
