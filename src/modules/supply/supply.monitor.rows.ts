/**
 * How the monitor state is written to and read from its tables: served figures as rows (non-finite
 * numbers as null), series carries stored once per spec, level machines as JSON.
 */
import { dayToIso, newLevelMachine, type LevelMachine, type MonitorState } from './engine';
import type * as mrepo from './supply.monitor.repository';
import type { ServedFigures } from './supply.monitor.service';

const num = (x: number): number | null => (Number.isFinite(x) ? x : null);
export const nullable = (a: Float64Array): (number | null)[] => Array.from(a, num);

export function figuresRow(formulaId: string, f: ServedFigures): mrepo.FiguresRow {
  return {
    formula_id: formulaId,
    as_of: f.asOf === null ? null : dayToIso(f.asOf),
    cost: num(f.cost),
    price_cap: num(f.priceCap),
    ratio: num(f.ratio),
    level: f.level,
    trend: nullable(f.trend),
    episode: f.episode === null ? null : JSON.stringify(f.episode),
  };
}

export function sameFigures(a: ServedFigures | undefined, b: ServedFigures): boolean {
  if (a === undefined) return false;
  const eq = (x: number, y: number) => x === y || (Number.isNaN(x) && Number.isNaN(y));
  if (a.asOf !== b.asOf || a.level !== b.level || !eq(a.cost, b.cost) || !eq(a.priceCap, b.priceCap) || !eq(a.ratio, b.ratio)) return false;
  for (let k = 0; k < b.trend.length; k++) if (!eq(a.trend[k] ?? Number.NaN, b.trend[k]!)) return false;
  return JSON.stringify(a.episode) === JSON.stringify(b.episode);
}

export function seriesStateRows(specOfSeries: readonly number[], markets: readonly number[][], state: MonitorState): mrepo.SeriesStateRow[] {
  const seen = new Set<number>();
  const rows: mrepo.SeriesStateRow[] = [];
  specOfSeries.forEach((s, i) => {
    // Two series keys priced by one spec carry the same state: store it once.
    if (seen.has(s) || s < 0) return;
    seen.add(s);
    const c = state.carries[i]!;
    rows.push({ spec_id: s, market_ids: markets[i]!, last_days: Array.from(c.lastDay), last_prices: Array.from(c.lastPrice), reference: num(c.reference) });
  });
  return rows;
}

/** A machine's reset extremes are ±Infinity in memory and null in JSON. */
export function encodeMachine(m: LevelMachine): string {
  return JSON.stringify(m, (_key, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v));
}

export function decodeMachine(stored: unknown): LevelMachine {
  const fresh = newLevelMachine();
  const m = { ...fresh, ...(stored as Partial<LevelMachine>) };
  for (const k of ['pendingMax', 'pendingMin', 'zoneRunMax', 'zoneRunMin'] as const) if (m[k] === null) m[k] = fresh[k];
  return m;
}
