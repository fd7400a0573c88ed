/**
 * Where products stand against their Y/P band, for the home page. The one place the home module
 * reads supply's current level: today computed here through supply's computeFormulas (the same
 * 400 days of prices as the product list); when supply keeps the monitor's current-level state,
 * only this function changes.
 */
import type { Executor } from '../../db/database';
import type { Viewer } from '../../platform/viewer';
import { computeFormulas, visibleFormulas } from '../supply';
import { dayToIso, levelName, type LevelCode } from '../supply/engine';

/** Days of prices computed: the same as the product list (GET /api/v1/supply/formulas), so the figures agree. */
const HISTORY_DAYS = 400;

export interface ProductStanding {
  code: string;
  nameZh: string;
  nameEn: string;
  ownerOrganisationId: string | null;
  ratio: number | null;
  band: [number, number];
  level: string;
  /** Y/P to the nearer edge of the band: positive inside, negative outside, null without a ratio. */
  margin: number | null;
}

export interface ProductsStanding {
  asOf: string | null;
  products: ProductStanding[];
}

/** The current Y/P, level and margin to the band of the formulas the viewer may see, or only those `which` keeps. */
export async function productStanding(db: Executor, viewer: Viewer, which: (owner: string | null) => boolean = () => true): Promise<ProductsStanding> {
  const ids = (await visibleFormulas(db, viewer)).filter((r) => which(r.owner_organisation_id)).map((r) => r.id);
  if (ids.length === 0) return { asOf: null, products: [] };
  const { models, comp } = await computeFormulas(db, viewer, { formulaIds: ids, historyDays: HISTORY_DAYS });
  const products = models.map((m, i): ProductStanding => {
    const s = comp?.result.formulas[i];
    const n = s?.series.ratio.length ?? 0;
    const last = n > 0 ? s!.series.ratio[n - 1]! : Number.NaN;
    const ratio = Number.isFinite(last) ? last : null;
    const band: [number, number] = [Number(m.row.band_low), Number(m.row.band_high)];
    return {
      code: m.row.code,
      nameZh: m.row.name_zh,
      nameEn: m.row.name_en,
      ownerOrganisationId: m.row.owner_organisation_id,
      ratio,
      band,
      level: n > 0 ? levelName(s!.levels[n - 1]! as LevelCode) : 'normal',
      margin: ratio === null ? null : Math.min(ratio - band[0], band[1] - ratio),
    };
  });
  return { asOf: comp ? dayToIso(comp.lastDay) : null, products };
}
