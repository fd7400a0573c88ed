import {
  DEFAULT_RESOURCE_CATALOGUE,
  MATERIAL_CATEGORIES,
  catalogueIndex,
  kindFor,
  unitConversionFactor,
  type ResourceKind,
} from './catalogue';
import type { AccountsDataSet, MaterialAccountRow } from './types';

/**
 * Data-quality checks on a set of account rows, run on every import. Each finding points at a
 * row (table + index into the data set's array) so the import screen can highlight it.
 */

export type QualityRule =
  | 'duplicateRow'
  | 'unknownKind'
  | 'unitMismatch'
  | 'negativeValue'
  | 'missingYear'
  | 'missingEconomy'
  | 'implausibleJump'
  | 'negativeDmc'
  | 'subtotalMismatch'
  | 'gdpInconsistent';

export type Severity = 'error' | 'warning' | 'info';

/** Lifecycle of a finding; new findings are open, a reviewer accepts or resolves them. */
export type FindingStatus = 'open' | 'accepted' | 'resolved';

export interface RowReference {
  table: 'materials' | 'economy';
  /** Index in `data.materials` or `data.economy`; −1 when the finding is about a missing row. */
  index: number;
}

/**
 * Stable code of a finding's message, finer than the rule (a rule has several wordings). The
 * web renders `code` + `params` in the reader's language; `message` is the English text.
 */
export type QualityMessageCode =
  | 'duplicateRow'
  | 'fieldNotNonNegative'
  | 'unknownKind'
  | 'unitNotConvertible'
  | 'unitConverted'
  | 'kindDmcNegative'
  | 'totalDmcNegative'
  | 'aggregateNeedsMassUnit'
  | 'subtotalMismatch'
  | 'noDataForYear'
  | 'noEconomyForYear'
  | 'kindMissingInYear'
  | 'dmcJump'
  | 'gdpJump'
  | 'populationNotPositive'
  | 'gdpNotPositive'
  | 'noGdpBasis'
  | 'gdpConstantMismatch'
  | 'baseYearDeflator';

export type MessageParams = Record<string, string | number>;

export interface QualityFinding {
  rule: QualityRule;
  severity: Severity;
  status: FindingStatus;
  region: string;
  year: number;
  kind?: string;
  row: RowReference;
  code: QualityMessageCode;
  /** Values the message quotes (numbers unformatted, kinds as catalogue codes). */
  params: MessageParams;
  message: string;
}

export interface QualityScore {
  region: string;
  year: number;
  /** 100 = no findings; each finding deducts by severity, floor 0. */
  score: number;
  errors: number;
  warnings: number;
}

export interface QualityReport {
  findings: QualityFinding[];
  scores: QualityScore[];
  /** True when there is no error: the import may be written. */
  acceptable: boolean;
}

export interface QualityOptions {
  catalogue?: readonly ResourceKind[];
  /** Relative tolerance of subtotal checks. Default 0.005. */
  subtotalTolerance?: number;
  /** A year-on-year change beyond this factor (either way) is a candidate jump. Default 1.5. */
  jumpFactor?: number;
  /** Robust z-score of the log change, against the series' own history, to flag. Default 4. */
  jumpZ?: number;
  /** Tolerance of GDP current/deflator/constant consistency. Default 0.005. */
  gdpTolerance?: number;
}

const PENALTY: Record<Severity, number> = { error: 25, warning: 10, info: 2 };

const FLOW_FIELDS = ['domesticExtraction', 'imports', 'exports', 'fromOtherRegions', 'toOtherRegions', 'recycled'] as const;

function median(xs: number[]): number {
  const s = xs.slice().sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export function checkAccountsQuality(data: AccountsDataSet, options: QualityOptions = {}): QualityReport {
  const catalogue = options.catalogue ?? DEFAULT_RESOURCE_CATALOGUE;
  const kinds = catalogueIndex(catalogue);
  const categoryCodes = new Set<string>(MATERIAL_CATEGORIES.map((c) => c.code));
  const subtotalTolerance = options.subtotalTolerance ?? 0.005;
  const jumpFactor = options.jumpFactor ?? 1.5;
  const jumpZ = options.jumpZ ?? 4;
  const gdpTolerance = options.gdpTolerance ?? 0.005;
  const findings: QualityFinding[] = [];
  const add = (f: Omit<QualityFinding, 'status'>) => findings.push({ ...f, status: 'open' });

  // Row-level checks; build series of DMC in catalogue units per region/kind.
  const seen = new Map<string, number>();
  const series = new Map<string, { year: number; value: number; index: number }[]>();
  const dmcByRegionYear = new Map<string, { dmc: number; index: number }>();
  const aggregates: { row: MaterialAccountRow; index: number }[] = [];
  const kindValues = new Map<string, number[]>(); // region|year|category → summed fields
  data.materials.forEach((row, index) => {
    const ref: RowReference = { table: 'materials', index };
    const dup = `${row.region}\u0000${row.year}\u0000${row.kind}`;
    if (seen.has(dup)) {
      add({ rule: 'duplicateRow', severity: 'error', region: row.region, year: row.year, kind: row.kind, row: ref, code: 'duplicateRow', params: { index: seen.get(dup)! }, message: `duplicate of row ${seen.get(dup)!}` });
      return;
    }
    seen.set(dup, index);
    for (const field of FLOW_FIELDS) {
      const v = row[field];
      if (!Number.isFinite(v) || v < 0) {
        add({ rule: 'negativeValue', severity: 'error', region: row.region, year: row.year, kind: row.kind, row: ref, code: 'fieldNotNonNegative', params: { field, value: v }, message: `${field} = ${v} is not a non-negative number` });
      }
    }
    if (row.kind === 'total' || categoryCodes.has(row.kind)) {
      aggregates.push({ row, index });
      return;
    }
    // Another region's own kind is as unknown here as a kind outside the catalogue.
    const kind = kindFor(kinds, row.kind, row.region);
    if (!kind) {
      add({ rule: 'unknownKind', severity: 'error', region: row.region, year: row.year, kind: row.kind, row: ref, code: 'unknownKind', params: { kind: row.kind }, message: `resource kind ${row.kind} is not in the catalogue` });
      return;
    }
    const factor = unitConversionFactor(row.unit, kind);
    if (factor === null) {
      add({ rule: 'unitMismatch', severity: 'error', region: row.region, year: row.year, kind: row.kind, row: ref, code: 'unitNotConvertible', params: { unit: row.unit, expected: kind.unit, kind: kind.code }, message: `unit ${row.unit} does not convert to ${kind.unit} for ${kind.nameEn}` });
      return;
    }
    if (factor !== 1) {
      add({ rule: 'unitMismatch', severity: 'info', region: row.region, year: row.year, kind: row.kind, row: ref, code: 'unitConverted', params: { unit: row.unit, expected: kind.unit, factor }, message: `reported in ${row.unit}, converted to ${kind.unit} (×${factor})` });
    }
    const toT = factor * kind.toTonnes;
    const dmc = (row.domesticExtraction + row.imports + row.fromOtherRegions - row.exports - row.toOtherRegions) * toT;
    const sk = `${row.region}\u0000${row.kind}`;
    (series.get(sk) ?? series.set(sk, []).get(sk)!).push({ year: row.year, value: dmc, index });
    const ry = `${row.region}\u0000${row.year}`;
    const acc = dmcByRegionYear.get(ry) ?? { dmc: 0, index };
    acc.dmc += dmc * kind.primaryEquivalent;
    dmcByRegionYear.set(ry, acc);
    if (dmc < 0) {
      add({ rule: 'negativeDmc', severity: 'warning', region: row.region, year: row.year, kind: row.kind, row: ref, code: 'kindDmcNegative', params: { kind: kind.code, tonnes: dmc }, message: `DMC of ${kind.nameEn} is negative (${dmc.toPrecision(4)} t): exports exceed input` });
    }
    for (const group of [kind.category, 'total']) {
      const gk = `${row.region}\u0000${row.year}\u0000${group}`;
      const sums = kindValues.get(gk) ?? FLOW_FIELDS.map(() => 0);
      FLOW_FIELDS.forEach((f, i) => (sums[i] = sums[i]! + row[f] * toT));
      kindValues.set(gk, sums);
    }
  });

  for (const [ry, { dmc, index }] of dmcByRegionYear) {
    if (dmc < 0) {
      const [region, year] = ry.split('\u0000') as [string, string];
      add({ rule: 'negativeDmc', severity: 'error', region, year: Number(year), row: { table: 'materials', index }, code: 'totalDmcNegative', params: { tonnes: dmc }, message: `total DMC is negative (${dmc.toPrecision(4)} t)` });
    }
  }

  // Aggregate rows must equal the sum of their kinds (in tonnes: aggregates are reported in a mass unit).
  for (const { row, index } of aggregates) {
    const u = UNIT_MASS[row.unit];
    const ref: RowReference = { table: 'materials', index };
    if (u === undefined) {
      add({ rule: 'unitMismatch', severity: 'error', region: row.region, year: row.year, kind: row.kind, row: ref, code: 'aggregateNeedsMassUnit', params: { unit: row.unit }, message: `aggregate rows need a mass unit, got ${row.unit}` });
      continue;
    }
    const sums = kindValues.get(`${row.region}\u0000${row.year}\u0000${row.kind}`);
    FLOW_FIELDS.forEach((f, i) => {
      const reported = row[f] * u;
      const summed = sums ? sums[i]! : 0;
      const scale = Math.max(Math.abs(reported), Math.abs(summed));
      if (scale > 0 && Math.abs(reported - summed) > subtotalTolerance * scale) {
        add({
          rule: 'subtotalMismatch',
          severity: 'error',
          region: row.region,
          year: row.year,
          kind: row.kind,
          row: ref,
          code: 'subtotalMismatch',
          params: { field: f, reported, summed },
          message: `${f}: reported ${reported.toPrecision(6)} t, kinds sum to ${summed.toPrecision(6)} t`,
        });
      }
    });
  }

  // Missing years: every region should cover each kind and its economy in every year of its span.
  const regionYears = new Map<string, Set<number>>();
  for (const r of data.materials) (regionYears.get(r.region) ?? regionYears.set(r.region, new Set()).get(r.region)!).add(r.year);
  for (const e of data.economy) (regionYears.get(e.region) ?? regionYears.set(e.region, new Set()).get(e.region)!).add(e.year);
  const economyIndex = new Map<string, number>();
  data.economy.forEach((e, i) => economyIndex.set(`${e.region}\u0000${e.year}`, i));
  for (const [region, years] of regionYears) {
    const ys = Array.from(years);
    const lo = Math.min(...ys);
    const hi = Math.max(...ys);
    const kindsReported = new Set(data.materials.filter((r) => r.region === region && kinds.has(r.kind)).map((r) => r.kind));
    for (let y = lo; y <= hi; y++) {
      if (!years.has(y)) {
        add({ rule: 'missingYear', severity: 'error', region, year: y, row: { table: 'materials', index: -1 }, code: 'noDataForYear', params: { region, year: y }, message: `no data for ${region} ${y}` });
        continue;
      }
      if (!economyIndex.has(`${region}\u0000${y}`)) {
        add({ rule: 'missingEconomy', severity: 'error', region, year: y, row: { table: 'economy', index: -1 }, code: 'noEconomyForYear', params: { region, year: y }, message: `no GDP/population row for ${region} ${y}` });
      }
      for (const k of kindsReported) {
        if (!seen.has(`${region}\u0000${y}\u0000${k}`)) {
          add({ rule: 'missingYear', severity: 'warning', region, year: y, kind: k, row: { table: 'materials', index: -1 }, code: 'kindMissingInYear', params: { kind: k, year: y }, message: `${kinds.get(k)!.nameEn} missing in ${y}` });
        }
      }
    }
  }

  // Implausible jumps: a year-on-year log change far outside the series' own history.
  const jump = (region: string, kind: string | undefined, points: { year: number; value: number; index: number }[], table: RowReference['table'], label: string) => {
    const pts = points.filter((p) => p.value > 0).sort((a, b) => a.year - b.year);
    const changes: { year: number; d: number; index: number }[] = [];
    for (let k = 1; k < pts.length; k++) {
      if (pts[k]!.year !== pts[k - 1]!.year + 1) continue;
      changes.push({ year: pts[k]!.year, d: Math.log(pts[k]!.value / pts[k - 1]!.value), index: pts[k]!.index });
    }
    if (changes.length === 0) return;
    const med = median(changes.map((c) => c.d));
    const mad = median(changes.map((c) => Math.abs(c.d - med))) * 1.4826;
    for (const c of changes) {
      if (Math.abs(c.d) <= Math.log(jumpFactor)) continue;
      // With little history the robust spread is unreliable; a change beyond the factor is then enough.
      const z = mad > 0 ? Math.abs(c.d - med) / mad : Number.POSITIVE_INFINITY;
      if (changes.length >= 4 && z < jumpZ) continue;
      add({
        rule: 'implausibleJump',
        severity: Math.abs(c.d) > Math.log(3) ? 'error' : 'warning',
        region,
        year: c.year,
        ...(kind !== undefined ? { kind } : {}),
        row: { table, index: c.index },
        code: kind !== undefined ? 'dmcJump' : 'gdpJump',
        params: { ...(kind !== undefined ? { kind } : {}), change: Math.exp(c.d) - 1 },
        message: `${label} changed by ${((Math.exp(c.d) - 1) * 100).toFixed(1)} % in one year`,
      });
    }
  };
  for (const [sk, pts] of series) {
    const [region, kind] = sk.split('\u0000') as [string, string];
    jump(region, kind, pts, 'materials', `DMC of ${kinds.get(kind)?.nameEn ?? kind}`);
  }
  const gdpSeries = new Map<string, { year: number; value: number; index: number }[]>();
  data.economy.forEach((e, index) => {
    (gdpSeries.get(e.region) ?? gdpSeries.set(e.region, []).get(e.region)!).push({ year: e.year, value: e.gdpCurrent, index });
    const ref: RowReference = { table: 'economy', index };
    if (!(e.population > 0)) add({ rule: 'negativeValue', severity: 'error', region: e.region, year: e.year, row: ref, code: 'populationNotPositive', params: { value: e.population }, message: `population ${e.population} must be positive` });
    if (!(e.gdpCurrent > 0)) add({ rule: 'negativeValue', severity: 'error', region: e.region, year: e.year, row: ref, code: 'gdpNotPositive', params: { value: e.gdpCurrent }, message: `GDP ${e.gdpCurrent} must be positive` });
    if (e.gdpConstant === undefined && e.deflator === undefined) {
      add({ rule: 'gdpInconsistent', severity: 'error', region: e.region, year: e.year, row: ref, code: 'noGdpBasis', params: {}, message: 'neither constant-price GDP nor a deflator' });
    } else if (e.gdpConstant !== undefined && e.deflator !== undefined) {
      const implied = (e.gdpCurrent * 100) / e.deflator;
      if (Math.abs(implied - e.gdpConstant) > gdpTolerance * e.gdpConstant) {
        add({ rule: 'gdpInconsistent', severity: 'warning', region: e.region, year: e.year, row: ref, code: 'gdpConstantMismatch', params: { constant: e.gdpConstant, implied }, message: `constant GDP ${e.gdpConstant} ≠ current/deflator ${implied.toFixed(2)}` });
      }
    }
    if (e.year === data.baseYear && e.deflator !== undefined && Math.abs(e.deflator - 100) > 1e-9) {
      add({ rule: 'gdpInconsistent', severity: 'warning', region: e.region, year: e.year, row: ref, code: 'baseYearDeflator', params: { value: e.deflator }, message: `deflator of the base year is ${e.deflator}, not 100` });
    }
  });
  for (const [region, pts] of gdpSeries) jump(region, undefined, pts, 'economy', 'GDP at current prices');

  // Scores per region-year.
  const scoreMap = new Map<string, QualityScore>();
  for (const [region, years] of regionYears) {
    for (const y of years) scoreMap.set(`${region}\u0000${y}`, { region, year: y, score: 100, errors: 0, warnings: 0 });
  }
  for (const f of findings) {
    const k = `${f.region}\u0000${f.year}`;
    const s = scoreMap.get(k) ?? scoreMap.set(k, { region: f.region, year: f.year, score: 100, errors: 0, warnings: 0 }).get(k)!;
    s.score = Math.max(0, s.score - PENALTY[f.severity]);
    if (f.severity === 'error') s.errors++;
    if (f.severity === 'warning') s.warnings++;
  }
  const scores = Array.from(scoreMap.values()).sort((a, b) => (a.region === b.region ? a.year - b.year : a.region < b.region ? -1 : 1));
  return { findings, scores, acceptable: !findings.some((f) => f.severity === 'error') };
}

const UNIT_MASS: Readonly<Record<string, number>> = { kg: 1e-3, t: 1, kt: 1e3, 万t: 1e4, Mt: 1e6, 亿t: 1e8 };
