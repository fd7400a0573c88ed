/**
 * A by-product stream as the engine sees it, and the parser for the JSON a user (or the CLI's
 * `--file`) supplies. The parser accepts English ids or Chinese labels and reports every
 * problem with the field path, so an import can list all row errors at once.
 */
import { findConstituent } from './constituents';
import { findHerb } from './herbs';
import { STREAM_LIMITS } from './limits';
import type {
  CompositionClassId,
  ContaminationId,
  HandlingId,
  PartId,
  PhysicalStateId,
  ResidueKindId,
  SourceStageId,
  TaxonEntry,
} from './taxonomy';
import {
  buildLabelIndex,
  normaliseLabel,
  COMPOSITION_CLASSES,
  CONTAMINATIONS,
  HANDLINGS,
  PARTS,
  PHYSICAL_STATES,
  RESIDUE_KINDS,
  SOURCE_STAGES,
} from './taxonomy';

/** Proximate assays in % of dry matter; COD in mg/L (liquids); constituents in mg/g dry matter. */
export interface StreamAssays {
  crudeFibre?: number;
  crudeProtein?: number;
  crudeFat?: number;
  polysaccharides?: number;
  ash?: number;
  cod?: number;
  /** Keyed by constituent id when known (see constituents.ts), otherwise by the name as given. */
  constituents: Record<string, number>;
}

export interface ByproductStream {
  id?: string;
  name?: string;
  /** Herb id from the knowledge table when known, otherwise the name as given; null for mixed streams. */
  herb: string | null;
  part: PartId | null;
  residue: ResidueKindId | null;
  stage: SourceStageId;
  state: PhysicalStateId;
  /** Wet tonnes a year as generated (for liquids, m³ ≈ t). */
  tonnesPerYear: number;
  /** Water content, % of wet mass; null when not measured (a typical value is assumed). */
  moisture: number | null;
  assays: StreamAssays;
  contamination: ContaminationId[];
  hazardous: boolean;
  hazardousCode: string | null;
  currentHandling: HandlingId | null;
  /** 元 per wet tonne the firm pays for its current handling; negative when it earns (sold). */
  currentHandlingCostPerTonne: number | null;
  /** Twelve monthly factors (Jan..Dec) averaging 1; null = flat. */
  seasonality: number[] | null;
  /** Classes set by the user; they replace the derived ones (kept as an override). */
  classOverride: CompositionClassId[] | null;
}

/**
 * Stable codes of the parser's messages, so a page can show them in its language (the English
 * `message` stays for the API and CLI). `params` fill the translated text.
 */
export type StreamErrorCode =
  | 'not-object'
  | 'unknown-field'
  | 'not-string'
  | 'unknown-choice'
  | 'not-number'
  | 'too-small'
  | 'too-large'
  | 'assays-not-object'
  | 'proximate-sum'
  | 'not-list'
  | 'not-boolean'
  | 'part-or-residue'
  | 'required'
  | 'tonnes-required'
  | 'cod-liquid-only'
  | 'hazardous-code-required'
  | 'seasonality-twelve'
  | 'seasonality-zero';

export interface FieldError {
  field: string;
  message: string;
  /** A StreamErrorCode from the stream parser; `zod.<issue code>` from schema validation (pathways). */
  code?: StreamErrorCode | `zod.${string}`;
  params?: Record<string, string | number>;
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

const PART_INDEX = buildLabelIndex(PARTS);
const RESIDUE_INDEX = buildLabelIndex(RESIDUE_KINDS);
const STAGE_INDEX = buildLabelIndex(SOURCE_STAGES);
const STATE_INDEX = buildLabelIndex(PHYSICAL_STATES);
const CONTAMINATION_INDEX = buildLabelIndex(CONTAMINATIONS);
const HANDLING_INDEX = buildLabelIndex(HANDLINGS);
const CLASS_INDEX = buildLabelIndex(COMPOSITION_CLASSES);

const PROXIMATE_KEYS = ['crudeFibre', 'crudeProtein', 'crudeFat', 'polysaccharides', 'ash'] as const;
const PROXIMATE_ALIASES: Record<string, (typeof PROXIMATE_KEYS)[number] | 'cod'> = {
  crudefibre: 'crudeFibre', crudefiber: 'crudeFibre', 粗纤维: 'crudeFibre',
  crudeprotein: 'crudeProtein', 粗蛋白: 'crudeProtein',
  crudefat: 'crudeFat', 粗脂肪: 'crudeFat',
  polysaccharides: 'polysaccharides', 多糖: 'polysaccharides',
  ash: 'ash', 灰分: 'ash',
  cod: 'cod',
};

const STREAM_KEYS = new Set([
  'id', 'name', 'herb', 'part', 'residue', 'stage', 'state', 'tonnesPerYear', 'tonnesPerMonth', 'moisture',
  'assays', 'contamination', 'hazardous', 'hazardousCode', 'currentHandling', 'currentHandlingCostPerTonne',
  'seasonality', 'classOverride', 'classes',
]);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function choices<Id extends string>(entries: readonly TaxonEntry<Id>[]): string {
  return entries.map((e) => `${e.id} (${e.zh})`).join(', ');
}

function parseTaxon<Id extends string>(
  value: unknown,
  field: string,
  index: Map<string, Id>,
  entries: readonly TaxonEntry<Id>[],
  errors: FieldError[],
): Id | null {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value !== 'string') {
    errors.push({ field, code: 'not-string', message: `must be a string, one of: ${choices(entries)}` });
    return null;
  }
  const id = index.get(normaliseLabel(value));
  if (id === undefined) errors.push({ field, code: 'unknown-choice', params: { value }, message: `unknown value "${value}"; expected one of: ${choices(entries)}` });
  return id ?? null;
}

function parseNumber(
  value: unknown,
  field: string,
  errors: FieldError[],
  range: { min?: number; max?: number; minExclusive?: boolean },
): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const n = typeof value === 'string' ? Number(value.trim()) : value;
  if (typeof n !== 'number' || !Number.isFinite(n)) {
    errors.push({ field, code: 'not-number', message: 'must be a finite number' });
    return undefined;
  }
  if (range.min !== undefined && (range.minExclusive ? n <= range.min : n < range.min)) {
    errors.push({ field, code: 'too-small', params: { min: range.min, op: range.minExclusive ? '>' : '≥' }, message: `must be ${range.minExclusive ? '>' : '≥'} ${range.min}` });
    return undefined;
  }
  if (range.max !== undefined && n > range.max) {
    errors.push({ field, code: 'too-large', params: { max: range.max }, message: `must be ≤ ${range.max}` });
    return undefined;
  }
  return n;
}

function parseAssays(value: unknown, errors: FieldError[]): StreamAssays {
  const assays: StreamAssays = { constituents: {} };
  if (value === undefined || value === null) return assays;
  if (!isRecord(value)) {
    errors.push({ field: 'assays', code: 'assays-not-object', message: 'must be an object of assay name → number' });
    return assays;
  }
  for (const [key, raw] of Object.entries(value)) {
    const field = `assays.${key}`;
    const proximate = PROXIMATE_ALIASES[key.toLowerCase().replace(/[\s_-]+/g, '')];
    if (proximate === 'cod') {
      const n = parseNumber(raw, field, errors, { min: 0 });
      if (n !== undefined) assays.cod = n;
    } else if (proximate !== undefined) {
      const n = parseNumber(raw, field, errors, { min: 0, max: 100 });
      if (n !== undefined) assays[proximate] = n;
    } else if (key === 'constituents' && isRecord(raw)) {
      // Accept the nested form the engine itself emits, so a parsed stream round-trips.
      for (const [name, v] of Object.entries(raw)) {
        const n = parseNumber(v, `assays.constituents.${name}`, errors, { min: 0, max: 1000 });
        if (n !== undefined) assays.constituents[findConstituent(name)?.id ?? name] = n;
      }
    } else {
      // mg/g of dry matter cannot exceed 1000.
      const n = parseNumber(raw, field, errors, { min: 0, max: 1000 });
      if (n !== undefined) assays.constituents[findConstituent(key)?.id ?? key] = n;
    }
  }
  const proximateSum = PROXIMATE_KEYS.reduce((sum, k) => sum + (assays[k] ?? 0), 0);
  // Fibre, protein, fat, polysaccharide and ash are (nearly) disjoint fractions of dry matter.
  if (proximateSum > 100.5) errors.push({ field: 'assays', code: 'proximate-sum', params: { sum: proximateSum.toFixed(1) }, message: `proximate assays sum to ${proximateSum.toFixed(1)} % of dry matter (> 100 %)` });
  return assays;
}

function parseList<Id extends string>(
  value: unknown,
  field: string,
  index: Map<string, Id>,
  entries: readonly TaxonEntry<Id>[],
  errors: FieldError[],
): Id[] {
  if (value === undefined || value === null || value === '') return [];
  const items = typeof value === 'string' ? value.split(/[,，;；]/).map((s) => s.trim()).filter(Boolean) : value;
  if (!Array.isArray(items)) {
    errors.push({ field, code: 'not-list', message: `must be a list, items one of: ${choices(entries)}` });
    return [];
  }
  const ids: Id[] = [];
  items.forEach((item, i) => {
    const id = parseTaxon(item, `${field}[${i}]`, index, entries, errors);
    if (id !== null && !ids.includes(id)) ids.push(id);
  });
  return ids;
}

function parseBoolean(value: unknown, field: string, errors: FieldError[]): boolean {
  if (value === undefined || value === null || value === '') return false;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') {
    const v = value.trim().toLowerCase();
    if (['true', 'yes', 'y', '1', '是', '有'].includes(v)) return true;
    if (['false', 'no', 'n', '0', '否', '无'].includes(v)) return false;
  }
  errors.push({ field, code: 'not-boolean', message: 'must be true or false (是/否)' });
  return false;
}

/**
 * Parse a stream described in JSON (see the issue's `--file` format). Either
 * `tonnesPerYear` or `tonnesPerMonth` (× 12) gives the volume.
 */
export function parseStream(input: unknown): ParseResult<ByproductStream> {
  const errors: FieldError[] = [];
  if (!isRecord(input)) return { ok: false, errors: [{ field: '(root)', code: 'not-object', message: 'must be a JSON object' }] };
  for (const key of Object.keys(input)) {
    if (!STREAM_KEYS.has(key)) errors.push({ field: key, code: 'unknown-field', message: 'unknown field' });
  }

  let herb: string | null = null;
  if (input.herb !== undefined && input.herb !== null && input.herb !== '') {
    if (typeof input.herb !== 'string') errors.push({ field: 'herb', code: 'not-string', message: 'must be a string (pinyin id or Chinese name)' });
    else herb = findHerb(input.herb)?.id ?? input.herb.trim();
  }
  const part = parseTaxon(input.part, 'part', PART_INDEX, PARTS, errors);
  const residue = parseTaxon(input.residue, 'residue', RESIDUE_INDEX, RESIDUE_KINDS, errors);
  if (part === null && residue === null && !errors.some((e) => e.field === 'part' || e.field === 'residue')) {
    errors.push({ field: 'part', code: 'part-or-residue', message: 'give a part or a residue kind (at least one is required)' });
  }
  const stage = parseTaxon(input.stage, 'stage', STAGE_INDEX, SOURCE_STAGES, errors);
  if (stage === null && !errors.some((e) => e.field === 'stage')) errors.push({ field: 'stage', code: 'required', message: 'is required' });
  let state = parseTaxon(input.state, 'state', STATE_INDEX, PHYSICAL_STATES, errors);
  if (state === null && !errors.some((e) => e.field === 'state')) {
    // The residue kind often fixes the state; infer it rather than reject a usable record.
    state = residue === 'resin-elution-wastewater' || residue === 'membrane-concentrate' ? 'liquid' : residue === 'off-gas' ? 'gas' : 'solid';
  }

  const perYear = parseNumber(input.tonnesPerYear, 'tonnesPerYear', errors, { min: 0, minExclusive: true, max: STREAM_LIMITS.tonnesPerYear });
  const perMonth = parseNumber(input.tonnesPerMonth, 'tonnesPerMonth', errors, { min: 0, minExclusive: true, max: STREAM_LIMITS.tonnesPerMonth });
  let tonnesPerYear = perYear ?? (perMonth !== undefined ? perMonth * 12 : undefined);
  if (tonnesPerYear === undefined && !errors.some((e) => e.field.startsWith('tonnesPer'))) {
    errors.push({ field: 'tonnesPerYear', code: 'tonnes-required', message: 'is required (or give tonnesPerMonth)' });
  }
  tonnesPerYear ??= 0;

  const moisture = parseNumber(input.moisture, 'moisture', errors, { min: 0, max: 100 }) ?? null;
  const assays = parseAssays(input.assays, errors);
  if (assays.cod !== undefined && state !== 'liquid') errors.push({ field: 'assays.cod', code: 'cod-liquid-only', message: 'COD applies to liquid streams only' });
  const contamination = parseList(input.contamination, 'contamination', CONTAMINATION_INDEX, CONTAMINATIONS, errors);
  const hazardous = parseBoolean(input.hazardous, 'hazardous', errors);
  let hazardousCode: string | null = null;
  if (input.hazardousCode !== undefined && input.hazardousCode !== null && input.hazardousCode !== '') {
    if (typeof input.hazardousCode !== 'string') errors.push({ field: 'hazardousCode', code: 'not-string', message: 'must be a string such as HW02' });
    else hazardousCode = input.hazardousCode.trim();
  }
  if (hazardous && hazardousCode === null) errors.push({ field: 'hazardousCode', code: 'hazardous-code-required', message: 'is required when hazardous is true (national hazardous-waste list code, e.g. HW02)' });
  const currentHandling = parseTaxon(input.currentHandling, 'currentHandling', HANDLING_INDEX, HANDLINGS, errors);
  const currentHandlingCostPerTonne = parseNumber(input.currentHandlingCostPerTonne, 'currentHandlingCostPerTonne', errors, { min: -STREAM_LIMITS.handlingCostPerTonne, max: STREAM_LIMITS.handlingCostPerTonne }) ?? null;

  let seasonality: number[] | null = null;
  if (input.seasonality !== undefined && input.seasonality !== null) {
    if (!Array.isArray(input.seasonality) || input.seasonality.length !== 12) {
      errors.push({ field: 'seasonality', code: 'seasonality-twelve', message: 'must be a list of 12 monthly factors (Jan..Dec)' });
    } else {
      const factors = input.seasonality.map((v, i) => parseNumber(v, `seasonality[${i}]`, errors, { min: 0 }));
      if (factors.every((f): f is number => f !== undefined)) {
        const total = factors.reduce((a, b) => a + b, 0);
        if (total <= 0) errors.push({ field: 'seasonality', code: 'seasonality-zero', message: 'factors must not all be zero' });
        else seasonality = factors;
      }
    }
  }

  const overrideRaw = input.classOverride ?? input.classes;
  const overrideField = input.classOverride !== undefined ? 'classOverride' : 'classes';
  const overrideList = parseList(overrideRaw, overrideField, CLASS_INDEX, COMPOSITION_CLASSES, errors);
  const classOverride = overrideList.length > 0 ? overrideList : null;

  const optionalString = (key: 'id' | 'name'): string | undefined => {
    const v = input[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'string') {
      errors.push({ field: key, code: 'not-string', message: 'must be a string' });
      return undefined;
    }
    return v;
  };
  const id = optionalString('id');
  const name = optionalString('name');

  if (errors.length > 0 || stage === null || state === null) return { ok: false, errors };
  return {
    ok: true,
    value: {
      ...(id !== undefined ? { id } : {}),
      ...(name !== undefined ? { name } : {}),
      herb, part, residue, stage, state, tonnesPerYear, moisture, assays, contamination, hazardous, hazardousCode,
      currentHandling, currentHandlingCostPerTonne, seasonality, classOverride,
    },
  };
}

/**
 * Monthly quantities (t) for a year: the annual volume spread by the seasonality factors,
 * normalised so the twelve months always add back to tonnesPerYear (factors need not average 1).
 */
export function monthlyQuantities(stream: Pick<ByproductStream, 'tonnesPerYear' | 'seasonality'>): number[] {
  const factors = stream.seasonality ?? new Array<number>(12).fill(1);
  const total = factors.reduce((a, b) => a + b, 0);
  return factors.map((f) => (stream.tonnesPerYear * f) / total);
}

/** Typical water content (% wet) by residue kind / part, used when moisture is not measured. */
export function assumedMoisture(stream: Pick<ByproductStream, 'residue' | 'part' | 'state' | 'moisture'>): number {
  if (stream.moisture !== null) return stream.moisture;
  if (stream.state === 'liquid') return 97;
  if (stream.state === 'gas') return 0;
  switch (stream.residue) {
    // Spent herb straight from the extractor carries 65–80 % water (press-dewatered ~60 %).
    case 'water-extract-residue': return 72;
    case 'alcohol-precipitate': return 60;
    case 'filter-cake': return 55;
    case 'distillation-residue': return 70;
    case 'dust-offcuts': return 12;
    case 'resin-elution-wastewater':
    case 'membrane-concentrate': return 97;
    case 'off-gas': return 0;
    case null: break;
  }
  switch (stream.part) {
    case 'pulp': return 75;
    case 'leaf':
    case 'whole-plant':
    case 'flower': return 60;
    case 'stem':
    case 'root':
    case 'rhizome': return 50;
    case 'fruit': return 40;
    case 'seed':
    case 'peel-bark': return 15;
    case null: return 60;
  }
}

/** Dry tonnes a year. */
export function dryTonnesPerYear(stream: Pick<ByproductStream, 'tonnesPerYear' | 'residue' | 'part' | 'state' | 'moisture'>): number {
  return stream.tonnesPerYear * (1 - assumedMoisture(stream) / 100);
}
